// The one pipeline driver: a source's lines → its processor (formats, sessions) → the rules → one store transaction
// with the messages, the cursor after their lines and the processor's session state. Every reader of every source
// kind (ingest of a file or stdin, collect's local, remote file, journal and IBM i readers, the demo) hands its
// chunks here, so the guarantees live once: a cursor never moves without its messages (exactly-once across kill -9),
// and the session state committed with it is that of exactly the lines before it.
import type { FileChunk, FilePosition } from '../collectors/local-file.js';
import type { RawLine } from '../collectors/line-splitter.js';
import type { NewMessage } from '../core/types.js';
import type { Cursor, MessageStore, SavedState } from '../store/message-store.js';
import type { LineCounts, LineProcessor } from './processor.js';
import type { RuleStep } from './rule-step.js';
import { linkAuditToSessions } from './audit-sessions.js';

/**
 * Where a batch goes: messages, the cursor after their lines and the session state as of that cursor, stored in one
 * transaction (through the rules, whose counts go into `counts`); returns how many messages were stored. In the
 * process that owns the store this is `storeCommit`; a parse worker hands the batch to that process instead.
 */
export type BatchCommit = (msgs: NewMessage[], cursor: Cursor | null, state: SavedState | null, counts: LineCounts) => number;

/** Commits batches into a store, through the rules when there are any. */
export function storeCommit(store: MessageStore, rules: RuleStep | null): BatchCommit {
  return (msgs, cursor, state, counts) => {
    linkAuditToSessions(store, msgs);
    if (rules) return rules.commit(store, msgs, cursor, counts, state);
    if (msgs.length || cursor || state) store.commit(msgs, cursor, [], state);
    return msgs.length;
  };
}

/** When gathered chunks are committed: a transaction has a fixed cost, so a back-fill commits several chunks at once. */
export interface CommitBatch {
  /** Commit once this many messages wait (0: every chunk is committed as it comes). */
  messages: number;
  /** …or once the lines waiting span this many bytes of the input. */
  bytes: number;
}

/** Every chunk committed as it comes: what a follower wants (its messages show at once). */
export const EACH_CHUNK: CommitBatch = { messages: 0, bytes: 0 };

/**
 * A back-fill (ingest of a file, collect --once) commits at least every this many messages or bytes read: each
 * transaction has a fixed cost (the chain head, the cursor, the session state), and reads stay small.
 */
export const BACKFILL: CommitBatch = { messages: 5000, bytes: 1 << 19 };

/** Drives one source's lines into the store. */
export class SourcePipeline {
  private pending: NewMessage[] = [];
  /** Position after the lines whose messages are pending (null: nothing read since the last commit). */
  private pendingPosition: FilePosition | null = null;
  private committedPosition: FilePosition | null;
  /** Time of the newest message committed (for the source's status row). */
  newest: number | null = null;

  /**
   * `commitBatch`: where batches go (`storeCommit(store, rules)`). `cursorKey` null: the input has no cursor (stdin), nothing but messages is committed. `from`: the cursor the
   * reader starts at. `onCommit` runs after each transaction with the cursor committed in it.
   */
  constructor(
    private readonly commitBatch: BatchCommit,
    readonly processor: LineProcessor,
    readonly cursorKey: string | null,
    from: FilePosition | null = null,
    private batch: CommitBatch = EACH_CHUNK,
    private readonly onCommit: (position: FilePosition | null) => void = () => {},
  ) {
    // The session state is saved under the cursor's key, in the cursor's transaction.
    processor.stateKey = cursorKey;
    this.committedPosition = from;
  }

  /** Commits from now on when `batch` is reached (what waits is committed first). */
  commitEvery(batch: CommitBatch): void {
    this.flush();
    this.batch = batch;
  }

  /** The position of the last committed cursor (where a restart reads from). */
  get position(): FilePosition | null {
    return this.committedPosition;
  }

  /** A reader's chunk: its lines become messages, committed with its position now or with the next chunks of a batch. */
  chunk(c: FileChunk): void {
    this.lines(c.lines, c.position);
  }

  /** Lines and the position after them (null for input without a cursor). */
  lines(lines: RawLine[], position: FilePosition | null): void {
    // A new file identity must not share a commit with the old file's cursor.
    if (this.pendingPosition && position && this.pendingPosition.inode !== position.inode) this.flush();
    for (const m of this.processor.process(lines)) this.pending.push(m);
    if (position) this.pendingPosition = position;
    if (this.due()) this.flush();
  }

  private due(): boolean {
    if (this.pending.length >= this.batch.messages) return true;
    const p = this.pendingPosition;
    const c = this.committedPosition;
    return p !== null && (c === null || c.inode !== p.inode || p.offset - c.offset >= this.batch.bytes);
  }

  /** Commits what waits (messages, cursor, session state) in one transaction. */
  flush(): void {
    if (!this.pending.length && !this.pendingPosition) return;
    const msgs = this.pending;
    const position = this.pendingPosition;
    this.pending = [];
    this.pendingPosition = null;
    this.commit(msgs, position);
  }

  /**
   * Messages not made from lines (session ends, an IBM i reader's rows) with the position after them (null: the
   * cursor stays), after what waits; returns how many were stored.
   */
  messages(msgs: NewMessage[], position: FilePosition | null = null): number {
    this.flush();
    return this.commit(msgs, position);
  }

  private commit(msgs: NewMessage[], position: FilePosition | null): number {
    const cursor = position && this.cursorKey !== null ? { source: this.cursorKey, ...position } : null;
    const stored = this.commitBatch(msgs, cursor, this.processor.snapshot(), this.processor.totals);
    for (const m of msgs) if (this.newest === null || m.time > this.newest) this.newest = m.time;
    if (position) this.committedPosition = position;
    this.onCommit(position);
    return stored;
  }
}
