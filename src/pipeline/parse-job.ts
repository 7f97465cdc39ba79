// What a parse worker is asked to do and what it answers (parse-worker.ts runs it, parse-in-worker.ts starts it).
import type { FilePosition } from '../collectors/local-file.js';
import type { NewMessage } from '../core/types.js';
import type { Cursor, SavedState } from '../store/message-store.js';
import type { ProcessorOptions } from './make-processor.js';
import type { LineCounts } from './processor.js';
import type { CommitBatch } from './source-pipeline.js';

/** One file to read from a position and parse, with its processor's set-up. */
export interface ParseJob {
  file: string;
  from: FilePosition | null;
  system: string;
  formats: string[];
  source: string;
  cursorKey: string;
  /** The processor's set-up less its zone: a zone is a function, which cannot cross to a thread. */
  processor: Omit<ProcessorOptions, 'zone'>;
  /** The zone's name as given (`--zone`), made into a zone again by the worker. */
  zone?: string;
  batch: CommitBatch;
  /** Two counters shared with the owner of the store: [0] batches posted, [1] batches committed (flow control). */
  flow: SharedArrayBuffer;
}

/** From the worker: a batch to commit, a note, or the end (the counts of every line read). */
export type ParseReply =
  | { type: 'batch'; msgs: NewMessage[]; cursor: Cursor | null; state: SavedState | null }
  | { type: 'note'; text: string }
  | { type: 'done'; counts: LineCounts };

/** How many batches the worker may be ahead of the commits: enough to keep both threads busy, few enough for a small heap. */
export const BATCHES_AHEAD = 2;
