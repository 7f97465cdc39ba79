// A log written as a daemon writes it, for the exactly-once tests: numbered lines appended at a steady rate through
// an open descriptor, rotated the way logrotate and the daemon do it (rename, a few more writes to the renamed
// file, then a new file at the path).
import fs from 'node:fs';
import { sleep } from './system.js';

/** Appends `total` lines (`line(i)` ends with a newline) to `file`; see the file comment. */
export class LogWriter {
  written = 0;
  /** Until release(), the last 1,000 lines are held back: writing goes on through every kill, restart and rotation. */
  private released = false;
  private fd: number;
  private rotations = 0;
  private oldBatchesLeft = 0;
  private readonly started = Date.now();
  readonly done: Promise<void>;

  /** 90% of the lines are spread over `writeMs`, then a trickle of 1,000 lines a second until release(). */
  constructor(
    private readonly file: string,
    private readonly line: (i: number) => string,
    private readonly total: number,
    private readonly writeMs: number,
  ) {
    this.fd = fs.openSync(file, 'a', 0o644);
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (this.written < this.total || this.oldBatchesLeft > 0) {
      const ms = Date.now() - this.started;
      const paced = ms < this.writeMs ? (ms / this.writeMs) * this.total * 0.9 : this.total * 0.9 + (ms - this.writeMs);
      const due = this.released ? this.total : Math.min(this.total - 1000, Math.ceil(paced));
      let s = '';
      for (; this.written < due; this.written++) s += this.line(this.written);
      if (s) fs.writeSync(this.fd, s);
      if (this.oldBatchesLeft > 0 && --this.oldBatchesLeft === 0) {
        fs.closeSync(this.fd);
        this.fd = fs.openSync(this.file, 'a', 0o644);
      }
      await sleep(20);
    }
    fs.closeSync(this.fd);
  }

  /** Writes the rest at once. */
  release(): void {
    this.released = true;
  }

  /** Renames the file away; the next 5 batches still go to it, then a new file is opened at the path. */
  rotate(): void {
    fs.renameSync(this.file, `${this.file}.${++this.rotations}`);
    this.oldBatchesLeft = 5;
  }
}
