// Reads a log file on a remote host from a saved cursor (inode + offset), following appends, rotation and
// truncation. The file is opened once remotely and the inode and size of THAT open file reported before its
// bytes, so offsets are exact (tail -F is not: it loses lines appended to a renamed file).
import path from 'node:path';
import { LineSplitter } from './line-splitter.js';
import type { FileChunk, FilePosition } from './local-file.js';
import type { RemoteShell } from './remote-shell.js';
import { closeChannel, shQuote, type ExecChannel, type ExecHost } from './remote-exec.js';
import type { RemoteStat, SourceReader } from './source-reader.js';

/** Stats paths in one command on the control shell; missing files are null. */
export async function statRemote(shell: RemoteShell, files: string[]): Promise<Array<RemoteStat | null>> {
  if (!files.length) return [];
  const cmd = files.map((f) => `stat -L -c '%d:%i %s' -- ${shQuote(f)} 2>/dev/null || echo -`).join('; ');
  const { out } = await shell.run(cmd);
  const lines = out.split('\n');
  return files.map((_, i) => parseStat(lines[i] ?? '-'));
}

function parseStat(line: string): RemoteStat | null {
  const m = /^(\d+:\d+) (\d+)$/.exec(line.trim());
  return m ? { id: m[1]!, size: Number(m[2]) } : null;
}

/** Options of a remote reader. */
export interface RemoteFileOptions {
  /** Keep reading appends (daemon) or stop at the end of the file (--once). */
  follow: boolean;
  /** A file never read before starts at its end instead of its beginning. */
  fromEnd: boolean;
}

/** One remote file. `sink` receives chunks in order and must store them (messages + position) before returning. */
export class RemoteFileReader implements SourceReader {
  private stream: ExecChannel | null = null;
  private splitter: LineSplitter | null = null;
  private curId: string | null = null;
  private readPos = 0;
  private receivedSincePoll = false;
  private rotatedTo: string | null = null;
  private ended: Promise<void> = Promise.resolve();
  private closing = false;
  /** A sink failure (the store was busy or full): reading stops and restarts from the last stored position. */
  private failure: Error | null = null;

  constructor(
    private readonly host: ExecHost,
    private readonly shell: RemoteShell,
    readonly file: string,
    private position: FilePosition | null,
    private readonly opts: RemoteFileOptions,
    private readonly sink: (chunk: FileChunk) => void,
  ) {}

  /** Stat'ed by the host in its batched stat before every poll. */
  get statPath(): string {
    return this.file;
  }

  /** Bytes of the file (as stat'ed) after the last position handed to the sink; null when that was another file. */
  lag(st: RemoteStat | null): number | null {
    const pos = this.position;
    return st && pos && pos.inode === st.id ? Math.max(0, st.size - pos.offset) : null;
  }

  private emit(chunk: FileChunk): void {
    this.sink(chunk);
    this.position = chunk.position;
  }

  /**
   * Opens the file at the saved position: a cursor whose file was rotated away is first drained from the
   * rotated file (found by inode in the same folder). With follow off, resolves when the end is reached.
   */
  async start(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [st] = await statRemote(this.shell, [this.file]);
      if (!st) throw new Error(`${this.file}: no such file on the host`);
      let offset: number;
      const from = this.position;
      if (!from) {
        offset = this.opts.fromEnd ? st.size : 0;
        this.emit({ lines: [], position: { inode: st.id, offset } });
      } else if (from.inode === st.id) {
        offset = from.offset;
        if (from.offset > st.size) {
          offset = 0;
          this.emit({
            lines: [],
            position: { inode: st.id, offset: 0 },
            restart: `${this.file} is shorter than the saved offset ${from.offset}: it was truncated, reading from the start`,
          });
        }
      } else {
        const drained = await this.drainRotated(from);
        offset = 0;
        this.emit({
          lines: [],
          position: { inode: st.id, offset: 0 },
          restart: drained
            ? `${this.file} was rotated: read the rest of the old file, now reading the new one`
            : `${this.file} is a new file and the one read before is gone: reading the new one from the start`,
        });
      }
      const header = await this.open(offset, this.opts.follow);
      if (header.id === st.id) {
        if (!this.opts.follow) {
          await this.ended;
          if (this.failure) throw new Error(`${this.file}: cannot store what was read: ${this.failure.message}`);
        }
        return;
      }
      // Rotated between stat and open: close and resolve again from the position we hold.
      this.closeStream();
    }
    throw new Error(`${this.file} keeps changing identity: rotated more often than it can be opened`);
  }

  /** Finds the file with the cursor's inode in the same folder and reads it from the cursor to its end. */
  private async drainRotated(from: FilePosition): Promise<boolean> {
    const ino = from.inode.split(':')[1];
    const dir = path.posix.dirname(this.file);
    const { out } = await this.shell.run(`find ${shQuote(dir)} -maxdepth 1 -inum ${Number(ino)} -exec stat -c '%d:%i %s %n' {} + 2>/dev/null`);
    const hit = out
      .split('\n')
      .map((l) => /^(\d+:\d+) (\d+) (.*)$/.exec(l))
      .find((m) => m && m[1] === from.inode);
    if (!hit) return false;
    const old = hit[3]!;
    const splitter = new LineSplitter(from.offset);
    let pos = from.offset;
    await new Promise<void>((resolve, reject) => {
      this.host.exec(`tail -c +${from.offset + 1} -- ${shQuote(old)}`, (err, ch) => {
        if (err) return reject(err);
        let failed = false;
        ch.on('data', (d: Buffer) => {
          if (failed) return;
          pos += d.length;
          const lines = splitter.push(d);
          try {
            if (lines.length) this.emit({ lines, position: { inode: from.inode, offset: splitter.committedOffset } });
          } catch (e) {
            failed = true;
            ch.close();
            reject(e);
          }
        });
        ch.stderr.on('data', () => {});
        ch.on('close', () => resolve());
      });
    });
    // The rotated file is complete: its unfinished last line is a line.
    const tail = splitter.flush();
    if (tail) this.emit({ lines: [tail], position: { inode: from.inode, offset: pos } });
    return true;
  }

  /** Opens the remote file once, reports its identity, streams from `offset`. Resolves with the header. */
  private open(offset: number, follow: boolean): Promise<RemoteStat> {
    const script = `exec 0<${shQuote(this.file)} || exit 3; stat -L -c '%d:%i %s' /dev/stdin || exit 4; exec tail -c +${offset + 1} ${follow ? '-f -s 0.1 ' : ''}-`;
    return new Promise((resolve, reject) => {
      this.host.exec(`sh -c ${shQuote(script)}`, (err, ch) => {
        if (err) return reject(err);
        this.stream = ch;
        let head = '';
        let header: RemoteStat | null = null;
        let errText = '';
        let done!: () => void;
        this.ended = new Promise<void>((r) => (done = r));
        ch.stderr.on('data', (d: Buffer) => {
          errText += d.toString('utf8');
        });
        ch.on('data', (d: Buffer) => {
          if (!header) {
            head += d.toString('latin1');
            const nl = head.indexOf('\n');
            if (nl === -1) return;
            header = parseStat(head.slice(0, nl));
            if (!header) return reject(new Error(`${this.file}: unexpected answer ${JSON.stringify(head.slice(0, nl))}`));
            this.curId = header.id;
            this.readPos = offset;
            this.splitter = new LineSplitter(offset);
            resolve(header);
            const rest = Buffer.from(head.slice(nl + 1), 'latin1');
            if (rest.length) this.data(rest);
            return;
          }
          this.data(d);
        });
        ch.on('close', () => {
          if (this.stream === ch) this.stream = null;
          if (!header) reject(new Error(`${this.file}: ${errText.trim() || 'cannot be opened'}`));
          done();
        });
      });
    });
  }

  private data(d: Buffer): void {
    if (this.closing || this.failure) return;
    this.readPos += d.length;
    this.receivedSincePoll = true;
    const lines = this.splitter!.push(d);
    try {
      if (lines.length) this.emit({ lines, position: { inode: this.curId!, offset: this.splitter!.committedOffset } });
    } catch (err) {
      // Nothing of this chunk was stored (one transaction): close, and the next poll reopens at the stored position.
      this.failure = err as Error;
      this.closeStream();
    }
  }

  /**
   * Follow mode, every second or two: a new inode at the path is a rotation (the old stream is drained to
   * the old file's size first), a smaller size is a truncation. Returns the bytes not yet read.
   */
  async poll(st: RemoteStat | null): Promise<number | null> {
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      throw new Error(`${this.file}: cannot store what was read, will read it again: ${err.message}`);
    }
    if (!this.stream || !this.curId) {
      await this.start();
      return null;
    }
    if (!st) return null; // rotated away and not yet re-created: keep reading the old file
    if (st.id !== this.curId) {
      const seen = this.receivedSincePoll;
      this.receivedSincePoll = false;
      const ino = this.curId.split(':')[1];
      const dir = path.posix.dirname(this.file);
      const { out } = await this.shell.run(`find ${shQuote(dir)} -maxdepth 1 -inum ${Number(ino)} -exec stat -c '%d:%i %s' {} + 2>/dev/null`);
      const old = out
        .split('\n')
        .map(parseStat)
        .find((s) => s && s.id === this.curId);
      // The writer may still append to the old file until it reopens: switch once we have all it holds,
      // and not in the same poll that noticed the rotation.
      if (this.rotatedTo !== st.id) {
        this.rotatedTo = st.id;
        return null;
      }
      if (old ? this.readPos < old.size : seen) return null;
      const tail = this.splitter!.flush();
      if (tail) this.emit({ lines: [tail], position: { inode: this.curId, offset: this.readPos } });
      this.closeStream();
      this.rotatedTo = null;
      this.emit({ lines: [], position: { inode: st.id, offset: 0 }, restart: `${this.file} was rotated: now reading the new file` });
      await this.start();
      return null;
    }
    this.receivedSincePoll = false;
    if (st.size < this.readPos && (await this.truncated())) {
      this.closeStream();
      this.emit({ lines: [], position: { inode: st.id, offset: 0 }, restart: `${this.file} was truncated: reading from the start` });
      await this.start();
      return null;
    }
    return this.lag(st);
  }

  /**
   * Whether the file really is shorter than what was read: the batched stat may predate bytes the stream
   * delivered since (a busy file), so stat again, comparing with what had been read when asking.
   */
  private async truncated(): Promise<boolean> {
    const before = this.readPos;
    const [st] = await statRemote(this.shell, [this.file]);
    return st !== null && st.id === this.curId && st.size < before;
  }

  private closeStream(): void {
    closeChannel(this.stream);
    this.stream = null;
    this.curId = null;
  }

  /** Stops reading. */
  close(): void {
    this.closing = true;
    this.closeStream();
  }
}
