// One-shot ingest: a file (resumed from its cursor) or stdin → messages in the store, through the pipeline driver.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import type { MessageStore } from '../store/message-store.js';
import { UserError } from '../core/errors.js';
import { LineSplitter } from '../collectors/line-splitter.js';
import { LocalSourceReader } from '../collectors/local-source-reader.js';
import type { LineCounts } from './processor.js';
import type { Zone } from '../core/zone.js';
import { RuleStep } from './rule-step.js';
import { makeProcessor, type ProcessorOptions } from './make-processor.js';
import { parseInWorker, parseWorkerAvailable } from './parse-in-worker.js';
import { BACKFILL, SourcePipeline, storeCommit } from './source-pipeline.js';

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
  /**
   * Read and parse a file in a worker thread while this one stores (the package's formats and catalog are loaded
   * there: the CLI's set-up). Off: all in this thread (stdin always is).
   */
  worker?: boolean;
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
    // No cursor (stdin cannot be read again); each piece read is committed at once, as a pipe may stay open for long.
    const pipe = new SourcePipeline(storeCommit(store, rules), proc, null);
    const splitter = new LineSplitter();
    for await (const chunk of process.stdin) pipe.lines(splitter.push(chunk as Buffer), null);
    const tail = splitter.flush();
    if (tail) pipe.lines([tail], null);
    // The input has ended: nothing more was logged up to now, so sessions idle by the clock have ended.
    pipe.messages(proc.idleEnds(Date.now()));
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
  const from = saved ? { inode: saved.inode, offset: saved.offset } : null;
  const fromOffset = saved?.offset ?? 0;
  if (saved) notes.push(`resuming ${path.basename(real)} at byte ${saved.offset} (ingested before: only what was appended is read)`);
  // The sessions' state as committed with the cursor: the lines after it are read as if the run had never stopped.
  const processor: ProcessorOptions = {
    refTime: fs.statSync(real).mtimeMs,
    open: store.sessions.open(req.system, source),
    idleMs: req.idleMs,
    zone: req.zone,
    state: saved ? store.savedState(cursorKey) : null,
  };
  const commit = storeCommit(store, rules);
  let to = fromOffset;
  const committed = (offset: number) => {
    to = offset;
    req.onProgress?.(offset, size);
  };
  let totals: LineCounts;
  if (req.worker && parseWorkerAvailable()) {
    const { zone, ...cloneable } = processor;
    const job = { file: real, from, system: req.system, formats: req.formats, source, cursorKey, processor: cloneable, zone: zone?.name, batch: BACKFILL };
    totals = await parseInWorker(job, commit, (n) => notes.push(n), committed);
  } else {
    const proc = makeProcessor(registry, catalog, req.system, req.formats, source, processor);
    const pipe = new SourcePipeline(commit, proc, cursorKey, from, BACKFILL, (p) => p && committed(p.offset));
    const reader = new LocalSourceReader(real, from, { follow: false, fromEnd: false }, (chunk) => {
      if (chunk.restart) notes.push(chunk.restart);
      pipe.chunk(chunk);
    });
    try {
      await reader.start();
      pipe.flush();
      // Read to the end: nothing was logged after the last line up to now, so sessions idle by the clock have
      // ended (an old file's last sessions too); sessions idle before a later line ended as it was read.
      pipe.messages(proc.idleEnds(Date.now()));
    } finally {
      reader.close();
    }
    totals = proc.totals;
  }
  if (to < size) notes.push(`last line (${size - to} bytes) has no newline yet: it will be read when it is complete`);
  return { ...totals, file: real, fromOffset, toOffset: to, notes, seconds: (performance.now() - started) / 1000 };
}
