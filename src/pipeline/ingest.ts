// One-shot ingest: a file (resumed from its cursor) or stdin → messages in the store.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import type { MessageStore } from '../store/message-store.js';
import { UserError } from '../core/errors.js';
import { sessionStrategy, type SessionKind } from '../sessions/strategy.js';
import type { SessionStrategy } from '../sessions/types.js';
import type { SessionSummary } from '../core/sessions.js';
import { LocalFileReader } from '../collectors/local-file.js';
import { LineSplitter } from '../collectors/line-splitter.js';
import { LineProcessor, newCounts, type LineCounts } from './processor.js';
import type { NewMessage } from '../core/types.js';
import type { Zone } from '../core/zone.js';

/** A commit at least every this many messages or bytes read. */
const COMMIT_MESSAGES = 5000;
const COMMIT_BYTES = 1 << 19;
import { RuleStep } from './rule-step.js';
import { DEFAULT_IDLE_MS } from '../sessions/idle.js';

/** What to ingest. */
export interface IngestRequest {
  system: string;
  formats: string[];
  /** A file path, or '-' for standard input. */
  file: string;
  /** The messages' source name; default the file's name without `.log`, or the first format for stdin. */
  source?: string;
  /** Read the file from its start: refused when this home has read it before (its lines would be stored twice). */
  rescan?: boolean;
  /** The rules every batch goes through before it is committed (default: none). */
  rules?: RuleStep;
  /** The zone of times the lines write without one (RFC 3164 syslog); default UTC. */
  zone?: Zone;
  /** Idle timeout of every session, in log time (default: each format's server timeout, e.g. vsftpd's 300 s). */
  idleMs?: number;
  /** Called after each committed batch with bytes read so far and the total (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** Counts plus what a user must know: where the cursor stands, restarts, an unfinished last line. */
export interface IngestResult extends LineCounts {
  file: string;
  fromOffset: number;
  toOffset: number;
  notes: string[];
  seconds: number;
}

/** How a processor starts: what it takes back of an earlier run, and timeouts that differ from the formats'. */
export interface ProcessorOptions {
  /** When the lines were written, about (a file's mtime), for times without a year. */
  refTime?: number;
  /** The source's sessions the store still has open (taken back when there is no saved state). */
  open?: readonly SessionSummary[];
  /** Idle timeout of every session, instead of each format's server default. */
  idleMs?: number;
  /** The zone of times the lines write without one (RFC 3164 syslog); default UTC. */
  zone?: Zone;
  /** The session state committed with the source's cursor (`LineProcessor.saveState`): taken back instead of `open`. */
  state?: string | null;
}

/**
 * A processor for a system and formats. Formats naming the same session strategy share one instance (sshd and
 * internal-sftp lines link into one session); `open` are the source's sessions the store still has open, taken
 * back so a restart mid-session keeps their ids. Each format's sessions end after its server's idle timeout.
 */
export function makeProcessor(
  registry: FormatRegistry,
  catalog: Catalog,
  system: string,
  formats: string[],
  source: string,
  opts: ProcessorOptions = {},
): LineProcessor {
  const byKind = new Map<string, SessionStrategy>();
  const strategy = (kind: SessionKind) => {
    let s = byKind.get(kind);
    if (!s) byKind.set(kind, (s = sessionStrategy(kind)));
    return s;
  };
  const specs = registry.resolve(formats).map((f) => f.spec);
  const idleOf = (sec: number | undefined) => opts.idleMs ?? (sec === undefined ? DEFAULT_IDLE_MS : sec * 1000);
  const sessions = new Map(specs.map((f) => [f.name, { strategy: strategy(f.session), idleMs: idleOf(f.sessionIdle) }]));
  const proc = new LineProcessor(catalog, registry.parser(formats, opts.refTime, opts.zone), sessions, { system, source }, newCounts());
  // Sessions not made from its lines (taken back from their summaries, an IBM i reader's) get the longest timeout of
  // the source's formats: which format made them is not kept.
  proc.fallbackIdleMs = specs.length ? Math.max(...specs.map((f) => idleOf(f.sessionIdle))) : idleOf(undefined);
  if (opts.state && proc.loadState(opts.state)) return proc;
  // No saved state (a store from before it was kept, stdin): the open sessions' ids and identities, not their context.
  const open = opts.open ?? [];
  for (const s of byKind.values()) s.restore(open);
  proc.idle.restore(open, proc.fallbackIdleMs);
  return proc;
}

/** The cursor key of a file ingest (`file:SYSTEM:REAL-PATH`); the source lock of the run is keyed the same. */
export function fileCursorKey(system: string, real: string): string {
  return `file:${system}:${real}`;
}

/** Ingests a file or stdin (the caller holds the file's source lock); each batch of messages is committed with the file's cursor. */
export async function ingest(store: MessageStore, registry: FormatRegistry, catalog: Catalog, req: IngestRequest): Promise<IngestResult> {
  const started = performance.now();
  // A file's messages are named after it (`/var/log/auth.log` → auth); stdin's after its first format.
  const source = req.source ?? (req.file === '-' ? req.formats[0]! : path.basename(req.file).replace(/\.log$/, ''));
  const notes: string[] = [];
  const rules = req.rules ?? new RuleStep(catalog, []);
  if (req.file === '-') {
    const proc = makeProcessor(registry, catalog, req.system, req.formats, source, {
      open: store.sessions.open(req.system, source),
      idleMs: req.idleMs,
      zone: req.zone,
    });
    const splitter = new LineSplitter();
    const commit = (msgs: NewMessage[]) => rules.commit(store, msgs, null, proc.totals);
    for await (const chunk of process.stdin) commit(proc.process(splitter.push(chunk as Buffer)));
    const tail = splitter.flush();
    if (tail) commit(proc.process([tail]));
    // The input has ended: nothing more was logged up to now, so sessions idle by the clock have ended.
    commit(proc.idleEnds(Date.now()));
    return { ...proc.totals, file: '-', fromOffset: 0, toOffset: splitter.committedOffset, notes, seconds: (performance.now() - started) / 1000 };
  }
  let real: string;
  let size: number;
  try {
    real = fs.realpathSync(req.file);
    const st = fs.statSync(real);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (err) {
    throw new UserError(`cannot read ${req.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const cursorKey = fileCursorKey(req.system, real);
  const saved = store.cursor(cursorKey);
  if (req.rescan && saved && saved.offset > 0) {
    throw new UserError(
      `--rescan refused: ${real} was read into this home up to byte ${saved.offset} already, and reading it again would store ` +
        'its messages twice. Without --rescan, ingest reads only what was appended since; to read the whole file again, ingest it into another home (--home DIR)',
    );
  }
  // The sessions' state as committed with the cursor: the lines after it are read as if the run had never stopped.
  const proc = makeProcessor(registry, catalog, req.system, req.formats, source, {
    refTime: fs.statSync(real).mtimeMs,
    open: store.sessions.open(req.system, source),
    idleMs: req.idleMs,
    zone: req.zone,
    state: saved ? store.savedState(cursorKey) : null,
  });
  proc.stateKey = cursorKey;
  const reader = new LocalFileReader(real, saved ? { inode: saved.inode, offset: saved.offset } : null);
  const fromOffset = saved?.offset ?? 0;
  if (saved) notes.push(`resuming ${path.basename(real)} at byte ${saved.offset} (ingested before: only what was appended is read)`);
  let to = fromOffset;
  try {
    // Reads are small (short-lived line objects keep the heap small); commits gather a few of them, since each
    // transaction has a fixed cost. The cursor of the last chunk goes in the same transaction as its messages.
    let pending: NewMessage[] = [];
    const flush = (inode: string, offset: number) => {
      rules.commit(store, pending, { source: cursorKey, inode, offset }, proc.totals, proc.snapshot());
      pending = [];
      to = offset;
      req.onProgress?.(to, size);
    };
    let last: { inode: string; offset: number } | null = null;
    for (let chunk = reader.next(); chunk; chunk = reader.next()) {
      if (chunk.restart) notes.push(chunk.restart);
      // A new file identity must not share a commit with the old file's cursor.
      if (last && last.inode !== chunk.position.inode) flush(last.inode, last.offset);
      for (const m of proc.process(chunk.lines)) pending.push(m);
      last = chunk.position;
      if (pending.length >= COMMIT_MESSAGES || last.offset - to >= COMMIT_BYTES) flush(last.inode, last.offset);
    }
    if (last && (pending.length || last.offset !== to)) flush(last.inode, last.offset);
    // Read to the end: nothing was logged after the last line up to now, so sessions idle by the clock have
    // ended (an old file's last sessions too); sessions idle before a later line ended as it was read.
    rules.commit(store, proc.idleEnds(Date.now()), null, proc.totals, proc.snapshot());
  } finally {
    reader.close();
  }
  if (to < size) notes.push(`last line (${size - to} bytes) has no newline yet: it will be read when it is complete`);
  return { ...proc.totals, file: real, fromOffset, toOffset: to, notes, seconds: (performance.now() - started) / 1000 };
}
