// The local file reader: reads a file from a saved cursor, and in follow mode keeps reading across
// appends, rotation (rename + new file, the rest of the old file first), truncation and copytruncate.
import fs from 'node:fs';
import path from 'node:path';
import { LineSplitter, type RawLine } from './line-splitter.js';

/** Where a file reader stands: the file identity and the byte after the last complete line. */
export interface FilePosition {
  inode: string;
  offset: number;
}

/** Lines read plus the position to save with the messages made of them. */
export interface FileChunk {
  lines: RawLine[];
  position: FilePosition;
  /** Set when the reader had to start over, and why (shown to the user, never silent). */
  restart?: string;
}

// 256 KiB: one commit per chunk stays cheap, and short-lived line objects are not promoted into the old heap (RSS).
const CHUNK = 1 << 18;

/** `dev:inode` of a file: what a cursor names, so a rotated-away file is told from its successor. */
export function identity(st: fs.Stats): string {
  return `${st.dev}:${st.ino}`;
}

/** A file in the same folder with the given identity: where a rotated file went while we were away. */
function findRotated(file: string, inode: string): string | null {
  const dir = path.dirname(file);
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    try {
      if (identity(fs.statSync(p)) === inode) return p;
    } catch {
      /* vanished while we looked */
    }
  }
  return null;
}

/** One open file being read from an offset. */
class OpenFile {
  readonly splitter: LineSplitter;
  private readonly buf = Buffer.allocUnsafe(CHUNK);

  constructor(
    readonly fd: number,
    readonly inode: string,
    private pos: number,
  ) {
    this.splitter = new LineSplitter(pos);
  }

  /** Reads up to one buffer; null at end of file. */
  read(): RawLine[] | null {
    const n = fs.readSync(this.fd, this.buf, 0, CHUNK, this.pos);
    if (n === 0) return null;
    this.pos += n;
    return this.splitter.push(this.buf.subarray(0, n));
  }

  get position(): FilePosition {
    return { inode: this.inode, offset: this.splitter.committedOffset };
  }

  get readPos(): number {
    return this.pos;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Reads a file (following it when asked), resuming from `from`. Create, then call `next()` until null. */
export class LocalFileReader {
  private cur: OpenFile | null = null;
  private queue: FileChunk[] = [];

  constructor(
    readonly file: string,
    private from: FilePosition | null,
  ) {}

  /** Opens the file; a saved position whose file was rotated away is resumed in the rotated file first. */
  open(): void {
    const fd = fs.openSync(this.file, 'r');
    const st = fs.fstatSync(fd);
    const id = identity(st);
    const from = this.from;
    if (!from || from.inode === id) {
      const truncated = from !== null && from.offset > st.size;
      this.cur = new OpenFile(fd, id, truncated ? 0 : (from?.offset ?? 0));
      if (truncated)
        this.queue.push({
          lines: [],
          position: this.cur.position,
          restart: `${this.file} is shorter than the saved offset ${from!.offset}: it was truncated, reading from the start`,
        });
      return;
    }
    const old = findRotated(this.file, from.inode);
    if (old) {
      const ofd = fs.openSync(old, 'r');
      const rest = new OpenFile(ofd, from.inode, from.offset);
      for (let lines = rest.read(); lines; lines = rest.read()) this.queue.push({ lines, position: rest.position });
      const tail = rest.splitter.flush();
      if (tail) this.queue.push({ lines: [tail], position: { inode: from.inode, offset: rest.readPos } });
      rest.close();
    } else {
      this.queue.push({
        lines: [],
        position: { inode: id, offset: 0 },
        restart: `${this.file} is a new file and the one read before is gone: reading the new one from the start`,
      });
    }
    this.cur = new OpenFile(fd, id, 0);
  }

  /** The next chunk of complete lines, or null when the file has no more for now. */
  next(): FileChunk | null {
    if (!this.cur) this.open();
    if (this.queue.length) return this.queue.shift()!;
    const lines = this.cur!.read();
    return lines ? { lines, position: this.cur!.position } : null;
  }

  /** At end of input: the unfinished last line, if the caller decides the file is complete (stdin, one-shot). */
  flush(): FileChunk | null {
    const line = this.cur?.splitter.flush();
    return line ? { lines: [line], position: { inode: this.cur!.inode, offset: this.cur!.readPos } } : null;
  }

  /**
   * Follow mode, called when `next()` returned null: notices rotation and truncation and queues what
   * they mean (the rest of the old file first). Returns true when `next()` has something again.
   */
  checkRotation(): boolean {
    if (!this.cur) return false;
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return false; // Rotated away and not yet re-created: keep the old file open and wait.
    }
    const id = identity(st);
    if (id !== this.cur.inode) {
      // The writer may have appended to the old file after our last read: drain it before switching.
      for (let lines = this.cur.read(); lines; lines = this.cur.read()) this.queue.push({ lines, position: this.cur.position });
      const tail = this.cur.splitter.flush();
      if (tail) this.queue.push({ lines: [tail], position: { inode: this.cur.inode, offset: this.cur.readPos } });
      this.cur.close();
      this.cur = new OpenFile(fs.openSync(this.file, 'r'), id, 0);
      this.queue.push({ lines: [], position: this.cur.position, restart: `${this.file} was rotated: now reading the new file` });
      return true;
    }
    if (st.size < this.cur.readPos) {
      this.cur = new OpenFile(this.cur.fd, id, 0);
      this.queue.push({ lines: [], position: this.cur.position, restart: `${this.file} was truncated: reading from the start` });
      return true;
    }
    return false;
  }

  /** Releases the file. */
  close(): void {
    this.cur?.close();
    this.cur = null;
  }
}
