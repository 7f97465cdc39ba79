// The store's side of a parse worker (parse-worker.ts): starts it on a file, commits each batch it posts as it comes
// (messages, cursor and session state in one transaction, through the rules), and lets the worker go on.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { newCounts, type LineCounts } from './processor.js';
import type { ParseJob, ParseReply } from './parse-job.js';
import type { BatchCommit } from './source-pipeline.js';

/**
 * The worker's young generation: its line objects die young, and 8 MB semi-spaces keep its share of the process's
 * memory small (measured on 300k vsftpd lines: RSS 186 MB at 8, 194 MB at the default 16, and no more CPU).
 */
const WORKER_YOUNG_MB = 8;

/** The worker's compiled module, next to this one. */
const WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * Whether the worker's module is there: it is in the built package; when msgmon runs from its TypeScript sources
 * (the in-process tests) it is not, and parsing stays on the storing thread.
 */
export function parseWorkerAvailable(): boolean {
  return fs.existsSync(fileURLToPath(WORKER));
}

/**
 * Reads and parses `job` in a worker thread while this thread commits; resolves with the counts of every line once the
 * last batch is committed. A failed commit stops the worker: what was committed before stays, with its cursor.
 */
export function parseInWorker(
  job: Omit<ParseJob, 'flow'>,
  commit: BatchCommit,
  onNote: (text: string) => void,
  onCommitted: (offset: number) => void,
): Promise<LineCounts> {
  const flow = new SharedArrayBuffer(8);
  const taken = new Int32Array(flow);
  // The rules' counts (discarded, raised) are made here; the worker's lines counts come with its end.
  const counts = newCounts();
  const worker = new Worker(WORKER, { workerData: { ...job, flow } satisfies ParseJob, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  return new Promise<LineCounts>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (r: ParseReply) => {
      if (settled) return;
      try {
        if (r.type === 'note') onNote(r.text);
        else if (r.type === 'batch') {
          commit(r.msgs, r.cursor, r.state, counts);
          Atomics.add(taken, 1, 1);
          Atomics.notify(taken, 1);
          if (r.cursor) onCommitted(r.cursor.offset);
        } else {
          settled = true;
          void worker.terminate();
          resolve({ ...r.counts, discarded: counts.discarded, raised: counts.raised });
        }
      } catch (err) {
        fail(err as Error);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the parse worker stopped (exit ${code}) before reading to the end`)));
  });
}
