// Follows local files live: polls each reader, commits its lines' messages together with its cursor.
import { LocalFileReader } from '../collectors/local-file.js';
import type { Cursor, MessageStore } from '../store/message-store.js';
import type { NewMessage } from '../core/types.js';
import type { LineProcessor } from './processor.js';
import type { RuleStep } from './rule-step.js';

/** One followed file and the processor that turns its lines into messages. */
export interface FollowedFile {
  file: string;
  cursorKey: string;
  processor: LineProcessor;
  /** Also end the file's sessions idle by the wall clock once it is read to its end (checked every poll); else only by log time. */
  idleByClock?: boolean;
}

/** Polls files every `intervalMs`; `stop()` ends it. Errors (a vanished file) are reported, not thrown. */
export class FileFollower {
  private readonly readers: Array<{ f: FollowedFile; reader: LocalFileReader }>;
  private timer: NodeJS.Timeout | null = null;

  /** `rules`: one step shared by every file, so watch rules see all of them; its wall-clock deadlines are checked every poll. */
  constructor(
    private readonly store: MessageStore,
    files: FollowedFile[],
    private readonly onNote: (note: string) => void = () => {},
    private readonly rules: RuleStep | null = null,
  ) {
    this.readers = files.map((f) => {
      const c = store.cursor(f.cursorKey);
      return { f, reader: new LocalFileReader(f.file, c ? { inode: c.inode, offset: c.offset } : null) };
    });
  }

  /** Reads everything available now; returns how many messages were stored. */
  poll(): number {
    let stored = 0;
    for (const { f, reader } of this.readers) {
      try {
        for (let more = true; more; more = reader.checkRotation()) {
          for (let chunk = reader.next(); chunk; chunk = reader.next()) {
            if (chunk.restart) this.onNote(chunk.restart);
            const msgs = f.processor.process(chunk.lines);
            const cursor = { source: f.cursorKey, ...chunk.position };
            stored += this.commit(f, msgs, cursor);
          }
        }
        if (f.idleByClock) stored += this.commit(f, f.processor.idleEnds(Date.now()), null);
      } catch (err) {
        this.onNote(`${f.file}: ${(err as Error).message}`);
      }
    }
    if (this.rules) stored += this.rules.store(this.store, this.rules.tick(Date.now()));
    return stored;
  }

  private commit(f: FollowedFile, msgs: NewMessage[], cursor: Cursor | null): number {
    const state = f.processor.snapshot();
    if (this.rules) return this.rules.commit(this.store, msgs, cursor, f.processor.totals, state);
    if (msgs.length || cursor || state) this.store.commit(msgs, cursor, [], state);
    return msgs.length;
  }

  /** Starts polling in the background. */
  start(intervalMs = 200): void {
    const tick = () => {
      this.poll();
      this.timer = setTimeout(tick, intervalMs);
    };
    tick();
  }

  /** Stops polling and closes the files. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const { reader } of this.readers) reader.close();
  }
}
