// The demo's sources read while they are replayed: each spool file through the local file reader into its
// pipeline driver, like a `local` source of collect; sessions end by the clock (the replayed servers are not on
// this machine, so no process check), and watch rules are checked at every poll.
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import type { MessageStore } from '../store/message-store.js';
import { LocalSourceReader } from '../collectors/local-source-reader.js';
import type { DemoSource } from './demo-replay.js';
import { makeProcessor } from './make-processor.js';
import type { LineCounts } from './processor.js';
import type { RuleStep } from './rule-step.js';
import { SourcePipeline, storeCommit } from './source-pipeline.js';

/** A demo source and the file it is replayed into. */
export interface DemoFile {
  source: DemoSource;
  file: string;
}

/** Reads the replayed files into the store; `poll()` reads everything there is now. */
export class DemoFeed {
  private readonly feeds: Array<{ pipe: SourcePipeline; reader: LocalSourceReader; source: DemoSource }>;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;

  /** `rules`: one step for every file, so watch rules see all of them. */
  constructor(
    private readonly store: MessageStore,
    registry: FormatRegistry,
    catalog: Catalog,
    files: DemoFile[],
    idleMs: number,
    private readonly rules: RuleStep,
    private readonly onNote: (note: string) => void,
  ) {
    this.feeds = files.map(({ source, file }) => {
      const processor = makeProcessor(registry, catalog, source.system, source.formats, source.source, { idleMs });
      const pipe = new SourcePipeline(storeCommit(store, rules), processor, `demo:${source.system}:${source.file}`);
      const reader = new LocalSourceReader(file, null, { follow: true, fromEnd: false }, (chunk) => {
        if (chunk.restart) onNote(chunk.restart);
        pipe.chunk(chunk);
      });
      return { pipe, reader, source };
    });
  }

  /** Each file's counts so far. */
  get totals(): Array<{ source: DemoSource; counts: LineCounts }> {
    return this.feeds.map((f) => ({ source: f.source, counts: f.pipe.processor.totals }));
  }

  /** Reads every file to its end, ends the sessions idle by the clock, checks the watch rules' deadlines. */
  async poll(): Promise<void> {
    for (const f of this.feeds) {
      try {
        await f.reader.poll();
        f.pipe.messages(f.pipe.processor.idleEnds(Date.now()));
      } catch (err) {
        this.onNote(`${f.source.file}: ${(err as Error).message}`);
      }
    }
    this.rules.store(this.store, this.rules.tick(Date.now()));
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs = 200): void {
    const tick = () => {
      this.polling = this.poll().finally(() => {
        this.polling = null;
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
      });
    };
    tick();
  }

  /** Stops polling after the poll under way, and closes the files. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
    for (const f of this.feeds) f.reader.close();
  }
}
