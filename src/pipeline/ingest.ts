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
import { SessionEnds } from './session-ends.js';

/** What to ingest. */
export interface IngestRequest {
  system: string;
  formats: string[];
  /** A file path, or '-' for standard input. */
  file: string;
  /** The messages' source name; default the file's name without `.log`, or the first format for stdin. */
  source?: string;
  /** Read the file from the start even if it was ingested before. */
  rescan?: boolean;
  /** The rules every batch goes through before it is committed (default: none). */
  rules?: RuleStep;
  /** The zone of times the lines write without one (RFC 3164 syslog); default UTC. */
  zone?: Zone;
  /** Idle timeout of sessions, by log time (default 2 h). */
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

/**
 * A processor for a system and formats. Formats naming the same session strategy share one instance (sshd and
 * internal-sftp lines link into one session); `open` are the source's sessions the store still has open, taken
 * back so a restart mid-session keeps their ids.
 */
export function makeProcessor(registry: FormatRegistry, catalog: Catalog, system: string, formats: string[], source: string, refTime?: number,
  open: readonly SessionSummary[] = [], zone?: Zone): LineProcessor {
  const byKind = new Map<string, SessionStrategy>();
  const strategy = (kind: SessionKind) => {
    let s = byKind.get(kind);
    if (!s) {
      s = sessionStrategy(kind);
      s.restore(open);
      byKind.set(kind, s);
    }
    return s;
  };
  const sessions = new Map(registry.resolve(formats).map((f) => [f.spec.name, strategy(f.spec.session)]));
  return new LineProcessor(catalog, registry.parser(formats, refTime, zone), sessions, { system, source }, newCounts());
}

/** Ingests a file or stdin; each batch of messages is committed with the file's cursor. */
export async function ingest(store: MessageStore, registry: FormatRegistry, catalog: Catalog, req: IngestRequest): Promise<IngestResult> {
  const started = performance.now();
  // A file's messages are named after it (`/var/log/auth.log` → auth); stdin's after its first format.
  const source = req.source ?? (req.file === '-' ? req.formats[0]! : path.basename(req.file).replace(/\.log$/, ''));
  const notes: string[] = [];
  const rules = req.rules ?? new RuleStep(catalog, []);
  if (req.file === '-') {
    const proc = makeProcessor(registry, catalog, req.system, req.formats, source, undefined, store.sessions.open(req.system, source), req.zone);
    const ends = new SessionEnds(store, proc, req.idleMs);
    const splitter = new LineSplitter();
    const commit = (msgs: NewMessage[]) => {
      rules.commit(store, msgs, null, proc.totals);
      rules.commit(store, ends.idle(proc.logTime ?? 0), null, proc.totals);
    };
    for await (const chunk of process.stdin) commit(proc.process(splitter.push(chunk as Buffer)));
    const tail = splitter.flush();
    if (tail) commit(proc.process([tail]));
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
  const cursorKey = `file:${req.system}:${real}`;
  const saved = req.rescan ? null : store.cursor(cursorKey);
  const proc = makeProcessor(registry, catalog, req.system, req.formats, source, fs.statSync(real).mtimeMs, store.sessions.open(req.system, source), req.zone);
  const ends = new SessionEnds(store, proc, req.idleMs);
  const reader = new LocalFileReader(real, saved ? { inode: saved.inode, offset: saved.offset } : null);
  const fromOffset = saved?.offset ?? 0;
  if (saved && !req.rescan) notes.push(`resuming ${path.basename(real)} at byte ${saved.offset} (ingested before; --rescan reads it again)`);
  let to = fromOffset;
  try {
    // Reads are small (short-lived line objects keep the heap small); commits gather a few of them, since each
    // transaction has a fixed cost. The cursor of the last chunk goes in the same transaction as its messages.
    let pending: NewMessage[] = [];
    const flush = (inode: string, offset: number) => {
      rules.commit(store, pending, { source: cursorKey, inode, offset }, proc.totals);
      // Sessions silent for the idle timeout by the log's own clock end here: an old file ends its dropped sessions.
      rules.commit(store, ends.idle(proc.logTime ?? 0), null, proc.totals);
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
  } finally {
    reader.close();
  }
  if (to < size) notes.push(`last line (${size - to} bytes) has no newline yet: it will be read when it is complete`);
  return { ...proc.totals, file: real, fromOffset, toOffset: to, notes, seconds: (performance.now() - started) / 1000 };
}
