// A slow reader at the end of a pipe: waits, then reads stdin 16 KiB at a time with a pause between reads, and
// copies what it got to stdout. Tests put it after a msgmon command to check nothing is lost when a reader lags.
import fs from 'node:fs';

const pauseMs = Number(process.argv[2] ?? '2');
const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const buf = Buffer.alloc(16384);
const chunks = [];
nap(300); // let the writer fill the pipe and wait for us
for (;;) {
  let n;
  try {
    n = fs.readSync(0, buf);
  } catch (err) {
    if (err.code === 'EAGAIN') {
      nap(pauseMs);
      continue;
    }
    throw err;
  }
  if (n === 0) break;
  chunks.push(Buffer.from(buf.subarray(0, n)));
  nap(pauseMs);
}
fs.writeSync(1, Buffer.concat(chunks));
