// One source of a host collector: its line processor, its reader while connected, and its status row.
import { sourceZone, type SourceConfig } from '../store/config-store.js';
import type { CollectorState } from '../store/collector-status.js';
import type { FileChunk, FilePosition } from '../collectors/local-file.js';
import type { NewMessage } from '../core/types.js';
import { sessionsByPrefix } from '../store/job-sessions.js';
import type { RemoteAccess, RemoteStat, SourceReader } from '../collectors/source-reader.js';
import { createLocalReader, createSourceReader, lineFormats } from '../collectors/source-readers.js';
import { cursorKey, type CollectorEnv } from './collector-env.js';
import { makeProcessor } from './make-processor.js';
import { BACKFILL, EACH_CHUNK, SourcePipeline, storeCommit } from './source-pipeline.js';
import { SessionEnds, type PidProbe } from './session-ends.js';

/** A source, read over the host's connection; lines become messages committed with the source's cursor. */
export class SourceReading {
  private readonly pipeline: SourcePipeline;
  private readonly ends: SessionEnds;
  private reader: SourceReader | null = null;
  private lagBytes: number | null = null;
  /** The source's last error (a missing or unreadable file), shown in `msgmon status`. */
  error: string | null = null;

  constructor(
    private readonly env: CollectorEnv,
    readonly source: SourceConfig,
  ) {
    // Sessions the store still has open continue under their ids after a restart of the collector.
    // Idle timeout: the source's own setting, else collect's, else each format's server default.
    const idleMs = source.sessionIdle !== undefined ? source.sessionIdle * 1000 : env.sessionIdleMs;
    // The sessions' state committed with the source's cursor: a restart (kill -9 too) goes on exactly from there.
    const key = cursorKey(source);
    const processor = makeProcessor(env.formats, env.catalog, source.system, lineFormats(source), source.name, {
      open: env.store.sessions.open(source.system, source.name),
      idleMs,
      zone: sourceZone(source),
      state: env.store.savedState(key),
    });
    this.pipeline = new SourcePipeline(storeCommit(env.store, env.rules ?? null), processor, key);
    this.pipeline.newest = env.status.get(source.name)?.lastMessage ?? null;
    this.ends = new SessionEnds(env.store, processor);
  }

  /** What the host's batched stat must include for this source (null: nothing). */
  get statPath(): string | null {
    return this.reader?.statPath ?? null;
  }

  /** Writes the source's status row; `detail` null shows the source's own error. */
  report(state: CollectorState, detail: string | null = null, retryAt: number | null = null): void {
    this.env.status.set(this.source.name, this.source.system, {
      state,
      detail: detail ?? this.error,
      retryAt,
      lagBytes: this.lagBytes,
      lastMessage: this.pipeline.newest,
    });
  }

  /** Opens the reader at the stored cursor; a failure is kept as the source's error, not thrown. */
  async start(remote: RemoteAccess | null, follow: boolean): Promise<void> {
    const c = this.env.store.cursor(cursorKey(this.source));
    const ctx = {
      source: this.source,
      cursor: c ? { inode: c.inode, offset: c.offset } : null,
      follow,
      sink: (chunk: FileChunk) => {
        if (chunk.restart) this.env.note(`${this.source.name}: ${chunk.restart}`);
        this.pipeline.chunk(chunk);
      },
      // Readers that make messages themselves (IBM i rows) commit them with their cursor through the same driver.
      commit: (msgs: NewMessage[], position: FilePosition) => void this.pipeline.messages(msgs, position),
      catalog: this.env.catalog,
      sessions: (prefix: string) => sessionsByPrefix(this.env.store.db, prefix),
    };
    // --once reads a back-log to its end: its lines are committed in batches, and what waits when the reader is at
    // the end is committed then. A follower commits every chunk as it comes, so its messages show at once. (After a
    // failure nothing more is committed here: a failed commit leaves the cursor where its lines start.)
    this.pipeline.commitEvery(follow ? EACH_CHUNK : BACKFILL);
    try {
      // remote null: a `local` source, on this machine.
      this.reader = remote ? createSourceReader({ ...ctx, remote }) : createLocalReader(ctx);
      await this.reader.start();
      this.pipeline.flush();
      // A local file's lag is known at once (a stat here); a remote one's comes with the host's next batched stat.
      if (!remote) this.lagBytes = this.reader.lag(null);
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
      this.env.note(`${this.source.name}: ${this.error}`);
    }
  }

  /** Daemon poll with this source's entry of the batched stat; records lag or the error. */
  async poll(st: RemoteStat | null): Promise<void> {
    if (!this.reader) return;
    try {
      const lag = await this.reader.poll(st);
      if (lag !== null) this.lagBytes = lag;
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
    this.report('connected');
  }

  /** After a --once read: records the lag left. */
  measure(st: RemoteStat | null): void {
    this.lagBytes = this.reader?.lag(st) ?? null;
  }

  /**
   * Ends the source's sessions that went idle by the clock (only once its reader is at the end: lines still to be
   * read may belong to them), then those whose server processes `probe` finds gone (two checks in a row for a
   * follower, one after a --once read), each with FTP0041.
   */
  async checkSessions(probe: PidProbe, strikes: 1 | 2): Promise<void> {
    if (!(this.lagBytes !== null && this.lagBytes > 0)) this.pipeline.messages(this.ends.idle(Date.now()));
    this.pipeline.messages(await this.ends.gone(probe, strikes));
  }

  /** Stops reading (the reader is made again on the next connection). */
  close(): void {
    this.reader?.close();
    this.reader = null;
  }
}
