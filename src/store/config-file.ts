// The configuration file as lowdb reads and writes it: read whole, written whole to a private temp file that
// is flushed to disk and renamed over the old one. A reader (a running collect, the console, another command)
// sees the old version or the new one, never half of one, and a crash mid-save leaves the old one intact.
import fs from 'node:fs';
import path from 'node:path';
import type { SyncAdapter } from 'lowdb';

/** A JSON document in one file, replaced atomically on write, mode 0600 from the first byte. */
export class AtomicJsonFile<T> implements SyncAdapter<T> {
  constructor(readonly file: string) {}

  /** The parsed document, or null when the file does not exist (JSON errors are thrown as they are). */
  read(): T | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  /** Writes a temp file beside the document (its own name per process), fsyncs it, renames it over the document. */
  write(data: T): void {
    const dir = path.dirname(this.file);
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.tmp`);
    try {
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.fchmodSync(fd, 0o600); // a temp file left by an earlier run keeps its mode otherwise
        fs.writeSync(fd, JSON.stringify(data, null, 2));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    // The rename itself survives a crash once the folder is flushed.
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  }
}
