// Splits a byte stream into lines, keeping byte offsets exact and never letting one line eat the memory.
import { isAscii, isUtf8 } from 'node:buffer';

/** Longest line kept whole; the rest of a longer line is counted, not kept. */
export const MAX_LINE_BYTES = 64 * 1024;

/** One complete line, decoded. */
export interface RawLine {
  text: string;
  /** Not valid UTF-8 or holds NUL bytes: invalid bytes are shown as \xNN in `text`. */
  binary: boolean;
  /** Bytes of the whole line when it was longer than MAX_LINE_BYTES (text holds the first part). */
  overlong: number | null;
}

const NL = 0x0a;

/** Shows bytes that are not valid UTF-8 as \xNN so the line can be stored and shown as text, losing nothing. */
export function escapeBinary(buf: Buffer): string {
  let out = '';
  for (const b of buf) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x09 ? '\t' : '\\x' + b.toString(16).padStart(2, '0');
  return out;
}

function decode(buf: Buffer): { text: string; binary: boolean } {
  const binary = !isUtf8(buf) || buf.includes(0);
  return { text: binary ? escapeBinary(buf) : buf.toString('utf8'), binary };
}

/** Feeds bytes in, gets whole lines out; a trailing unfinished line waits for its newline. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlong = 0;

  /** `offset` is the stream position of the first byte of `chunk`. */
  constructor(private offset = 0) {}

  /** Byte offset just after the last complete line returned: where a resumed read must start. */
  get committedOffset(): number {
    return this.offset - this.pendingBytes - this.overlong;
  }

  /** Returns the complete lines in `chunk` (the first one completed by any pending start). */
  push(chunk: Buffer): RawLine[] {
    this.offset += chunk.length;
    const last = chunk.lastIndexOf(NL);
    if (last === -1) {
      this.hold(chunk);
      return [];
    }
    const lines: RawLine[] = [];
    let start = 0;
    if (this.pendingBytes || this.overlong) {
      const nl = chunk.indexOf(NL);
      lines.push(this.complete(chunk.subarray(0, nl)));
      start = nl + 1;
    }
    if (start <= last) this.splitBody(chunk.subarray(start, last), lines);
    if (last + 1 < chunk.length) this.hold(chunk.subarray(last + 1));
    return lines;
  }

  /** Whole lines separated by newlines: decoded at once when clean, line by line when not. */
  private splitBody(body: Buffer, out: RawLine[]): void {
    // Logs are mostly ASCII: latin1 decoding of ASCII is a copy, and gives V8 one-byte strings.
    const ascii = isAscii(body);
    if ((ascii || isUtf8(body)) && !body.includes(0)) {
      for (let text of body.toString(ascii ? 'latin1' : 'utf8').split('\n')) {
        if (text.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(text) > MAX_LINE_BYTES) {
          out.push(this.complete(Buffer.from(text)));
          continue;
        }
        if (text.endsWith('\r')) text = text.slice(0, -1);
        out.push({ text, binary: false, overlong: null });
      }
      return;
    }
    let start = 0;
    for (let nl = body.indexOf(NL); ; nl = body.indexOf(NL, start)) {
      out.push(this.complete(body.subarray(start, nl === -1 ? body.length : nl)));
      if (nl === -1) break;
      start = nl + 1;
    }
  }

  /** Finishes a line from the pending bytes plus `tail`, cutting it at MAX_LINE_BYTES. */
  private complete(tail: Buffer): RawLine {
    const total = this.pendingBytes + this.overlong + tail.length;
    let piece = this.pendingBytes ? Buffer.concat([...this.pending, tail]) : tail;
    if (piece.length > MAX_LINE_BYTES) piece = piece.subarray(0, MAX_LINE_BYTES);
    if (piece.length && piece[piece.length - 1] === 0x0d) piece = piece.subarray(0, piece.length - 1);
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = 0;
    return { ...decode(piece), overlong: total > MAX_LINE_BYTES ? total : null };
  }

  private hold(rest: Buffer): void {
    const room = MAX_LINE_BYTES - this.pendingBytes;
    if (room > 0) {
      const keep = rest.subarray(0, room);
      // Copy: the caller may reuse its read buffer.
      this.pending.push(Buffer.from(keep));
      this.pendingBytes += keep.length;
    }
    this.overlong += Math.max(0, rest.length - Math.max(room, 0));
  }

  /** At end of input: the unfinished last line, if any (a file that does not end in a newline). */
  flush(): RawLine | null {
    return this.pendingBytes || this.overlong ? this.complete(Buffer.alloc(0)) : null;
  }
}
