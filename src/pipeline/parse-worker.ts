// A worker thread that reads and parses one file (reader → processor, sessions included) while the thread that owns
// the store commits the batches it posts: parsing overlaps storing. Each batch carries the cursor after its lines
// and the session state as of that cursor, so the owner commits exactly what one thread would have; the worker
// keeps at most BATCHES_AHEAD batches in flight (it waits on a shared counter), so memory stays bounded.
import { parentPort, workerData } from 'node:worker_threads';
import { Catalog } from '../catalog/catalog.js';
import { LocalSourceReader } from '../collectors/local-source-reader.js';
import { FormatRegistry } from '../formats/registry.js';
import { parseZone } from '../core/zone.js';
import { makeProcessor } from './make-processor.js';
import { BATCHES_AHEAD, type ParseJob, type ParseReply } from './parse-job.js';
import { SourcePipeline, type BatchCommit } from './source-pipeline.js';

const job = workerData as ParseJob;
const port = parentPort!;
const flow = new Int32Array(job.flow);
const post = (reply: ParseReply) => port.postMessage(reply);

// Hands a batch to the store's thread once fewer than BATCHES_AHEAD are waiting there; the store's thread counts
// what the rules keep, so the count of stored messages is not known here.
const handOver: BatchCommit = (msgs, cursor, state) => {
  for (let taken = Atomics.load(flow, 1); Atomics.load(flow, 0) - taken >= BATCHES_AHEAD; taken = Atomics.load(flow, 1)) Atomics.wait(flow, 1, taken, 1000);
  post({ type: 'batch', msgs, cursor, state });
  Atomics.add(flow, 0, 1);
  return msgs.length;
};

async function run(): Promise<void> {
  const zone = job.zone === undefined ? undefined : (parseZone(job.zone) ?? undefined);
  const proc = makeProcessor(FormatRegistry.load(), Catalog.load(), job.system, job.formats, job.source, { ...job.processor, zone });
  const pipe = new SourcePipeline(handOver, proc, job.cursorKey, job.from, job.batch);
  const reader = new LocalSourceReader(job.file, job.from, { follow: false, fromEnd: false }, (chunk) => {
    if (chunk.restart) post({ type: 'note', text: chunk.restart });
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
  post({ type: 'done', counts: proc.totals });
}

// A failure is the worker's error event at its owner; nothing after the last batch posted is committed.
await run();
