// A `local` source (`sources add NAME --system local --path P`): a file on the machine `collect` runs on,
// read by the local file reader through the same pipeline and cursor as the remote readers.
import fs from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { identity, LocalFileReader, type FileChunk, type FilePosition } from './local-file.js';
import type { RemoteStat, SourceReader } from './source-reader.js';

/** Options of a local reader (as for a remote one). */
export interface LocalSourceOptions {
  follow: boolean;
  fromEnd: boolean;
}

/** One local file as a SourceReader: start() reads what is there, each poll() what came since (rotation included). */
export class LocalSourceReader implements SourceReader {
  readonly statPath = null;
  private reader: LocalFileReader | null = null;

  constructor(
    readonly file: string,
    private position: FilePosition | null,
    private readonly opts: LocalSourceOptions,
    private readonly sink: (chunk: FileChunk) => void,
  ) {}

  async start(): Promise<void> {
    if (!fs.existsSync(this.file)) throw new Error(`${this.file}: no such file on this machine`);
    if (!this.position && this.opts.fromEnd) {
      const st = fs.statSync(this.file);
      this.emit({ lines: [], position: { inode: identity(st), offset: st.size } });
    }
    this.reader = new LocalFileReader(this.file, this.position);
    await this.drain(false);
  }

  private emit(chunk: FileChunk): void {
    this.sink(chunk);
    this.position = chunk.position;
  }

  /** Hands every available chunk to the sink, yielding between chunks so a big file does not stall other sources. */
  private async drain(follow: boolean): Promise<void> {
    const reader = this.reader!;
    try {
      for (let more = true; more; more = follow && reader.checkRotation()) {
        for (let chunk = reader.next(); chunk; chunk = reader.next()) {
          this.emit(chunk);
          await yieldToLoop();
        }
      }
    } catch (err) {
      // The reader moved past what the sink could not store: reopen at the stored position next time.
      reader.close();
      this.reader = null;
      throw err;
    }
  }

  async poll(): Promise<number | null> {
    if (!this.reader) return this.start().then(() => this.lag());
    await this.drain(true);
    return this.lag();
  }

  /** Bytes of the file after the last position handed to the sink; null when that was another file. */
  lag(_st?: RemoteStat | null): number | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return null;
    }
    return this.position && this.position.inode === identity(st) ? Math.max(0, st.size - this.position.offset) : null;
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
  }
}
