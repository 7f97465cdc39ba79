// Reads a systemd journal on a remote host with `journalctl -o json`, one entry per line, resuming after the
// journal cursor stored with the messages (--after-cursor), so a restart repeats and loses nothing.
import { journalLocation, type JournalSelection } from '../store/config-store.js';
import { LineSplitter, type RawLine } from './line-splitter.js';
import type { FileChunk, FilePosition } from './local-file.js';
import { closeChannel, shQuote, type ExecChannel, type ExecHost } from './remote-exec.js';
import type { RemoteStat, SourceReader } from './source-reader.js';

/** The JSON envelope (data/formats/wrappers.json) of what journalctl -o json writes: a journal source's lines are parsed in it. */
export const JOURNAL_ENVELOPE = 'journald-json';

/** Options of a journal reader. */
export interface JournalOptions {
  /** Keep reading new entries (daemon) or stop at the current end (--once). */
  follow: boolean;
  /** A journal never read before starts after its current last entry instead of its first. */
  fromEnd: boolean;
}

/**
 * The keys journalctl writes: what the journald-json wrapper reads plus the unit and priority for the raw
 * record (__CURSOR and the timestamps are always written). Without this list an entry is ~1.5 KB of
 * trusted fields nobody reads.
 */
const OUTPUT_FIELDS = 'MESSAGE,SYSLOG_IDENTIFIER,_COMM,SYSLOG_PID,_PID,_HOSTNAME,_SOURCE_REALTIME_TIMESTAMP,PRIORITY,_SYSTEMD_UNIT';

/** journalctl writes a JSON string value escaped, so this finds the entry's own cursor, never one inside MESSAGE. */
const CURSOR = /"__CURSOR":"([^"\\]+)"/;

/** The journalctl command line for a selection, starting after `cursor` (or at the beginning, or the last `tail` entries). */
function journalCommand(sel: JournalSelection, start: { after: string } | { tail: number | 'all' }, follow: boolean): string {
  const args = ['journalctl', '--no-pager', '-o', 'json', `--output-fields=${OUTPUT_FIELDS}`];
  if (sel.directory) args.push(`--directory=${shQuote(sel.directory)}`);
  if (sel.unit) args.push('-u', shQuote(sel.unit));
  if (sel.identifier) args.push('-t', shQuote(sel.identifier));
  // `-f` alone shows only the last 10 entries: a start from the beginning needs -n all.
  if ('after' in start) args.push(`--after-cursor=${shQuote(start.after)}`);
  else args.push('-n', String(start.tail));
  if (follow) args.push('-f');
  return args.join(' ');
}

/** What a failed journalctl said, with the usual fix when it could not read the journal. */
function failure(what: string, code: unknown, stderr: string): Error {
  const said = stderr.trim().split('\n').filter(Boolean).join('; ') || `exited ${String(code)}`;
  const hint = /insufficient permissions|Permission denied/.test(said) ? ' (the SSH user must be in group systemd-journal or adm to read the journal)' : '';
  return new Error(`${what}: journalctl: ${said}${hint}`);
}

/** One journal selection. `sink` gets entries in order with the cursor after them and must store both before returning. */
export class RemoteJournalReader implements SourceReader {
  readonly statPath = null;
  private stream: ExecChannel | null = null;
  private closing = false;
  /** A sink failure or an exited journalctl: the next poll reports it and starts again from the stored cursor. */
  private failure: Error | null = null;

  constructor(
    private readonly host: ExecHost,
    private readonly sel: JournalSelection,
    /** The stored cursor: the journal cursor is kept in `inode` ('' or null: never read). */
    private position: FilePosition | null,
    private readonly opts: JournalOptions,
    private readonly sink: (chunk: FileChunk) => void,
  ) {}

  /** What the entries come from, for messages. */
  private get what(): string {
    return journalLocation(this.sel);
  }

  private get cursor(): string | null {
    return this.position?.inode || null;
  }

  /** Hands lines to the sink with the cursor of the last entry among them (an unreadable line keeps the previous one). */
  private emit(lines: RawLine[]): void {
    let cursor = this.cursor ?? '';
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = CURSOR.exec(lines[i]!.text);
      if (m) {
        cursor = m[1]!;
        break;
      }
    }
    const position = { inode: cursor, offset: 0 };
    this.sink({ lines, position });
    this.position = position;
  }

  /**
   * Starts journalctl after the stored cursor. With follow off, resolves once everything there is was
   * handed to the sink; with follow on, once journalctl runs (it exiting later is reported by the next poll).
   */
  async start(): Promise<void> {
    this.failure = null;
    let after = this.cursor;
    if (after === null && this.opts.fromEnd) {
      // Skip the history: the last entry now is where reading starts, stored before anything is read.
      const last = await this.run(journalCommand(this.sel, { tail: 1 }, false), false);
      after = last;
      this.sink({ lines: [], position: { inode: last ?? '', offset: 0 } });
      this.position = { inode: last ?? '', offset: 0 };
      // An empty journal has no history to skip: its first entry is new.
    }
    await this.run(journalCommand(this.sel, after === null ? { tail: 'all' } : { after }, this.opts.follow), true);
    if (this.failure && !this.opts.follow) throw this.failure;
  }

  /**
   * Runs journalctl. `deliver` hands entries to the sink; otherwise the cursor of the last entry is the result.
   * Follow mode resolves as soon as the command is started.
   */
  private run(command: string, deliver: boolean): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.host.exec(command, (err, ch) => {
        if (err) return reject(err);
        if (deliver) this.stream = ch;
        const splitter = new LineSplitter();
        let last: string | null = null;
        let stderr = '';
        // ssh2 reports the exit status by 'exit'; the OpenSSH transport passes it to 'close'.
        let exitCode: unknown = null;
        ch.on('exit', (code: unknown) => {
          exitCode = code;
        });
        ch.stderr.on('data', (d: Buffer) => {
          stderr += d.toString('utf8');
        });
        ch.on('data', (d: Buffer) => {
          if (this.closing || this.failure) return;
          const lines = splitter.push(d);
          if (!lines.length) return;
          if (!deliver) {
            last = CURSOR.exec(lines[lines.length - 1]!.text)?.[1] ?? last;
            return;
          }
          try {
            this.emit(lines);
          } catch (e) {
            // Nothing of this batch was stored (one transaction): stop, and start again from the stored cursor.
            this.failure = new Error(`${this.what}: cannot store what was read, will read it again: ${(e as Error).message}`);
            this.closeStream();
          }
        });
        ch.on('close', (closeCode: unknown) => {
          if (this.stream === ch) this.stream = null;
          if (this.closing) return resolve(null);
          const code = closeCode ?? exitCode;
          if (typeof code === 'number' && code !== 0) {
            const e = failure(this.what, code, stderr);
            if (!deliver) return reject(e);
            this.failure ??= e;
          } else if (deliver && this.opts.follow) {
            this.failure ??= new Error(`${this.what}: journalctl ended`);
          }
          resolve(last);
        });
        if (deliver && this.opts.follow) resolve(null);
      });
    });
  }

  /** Follow mode: a journalctl that ended (or a batch that could not be stored) is reported, then started again. */
  async poll(_st: RemoteStat | null): Promise<number | null> {
    if (this.failure) {
      const err = this.failure;
      this.closeStream();
      this.failure = null;
      await this.start();
      throw err;
    }
    if (!this.stream) await this.start();
    return null;
  }

  /** The journal has no byte lag to measure. */
  lag(_st: RemoteStat | null): number | null {
    return null;
  }

  private closeStream(): void {
    closeChannel(this.stream);
    this.stream = null;
  }

  /** Stops reading. */
  close(): void {
    this.closing = true;
    this.closeStream();
  }
}
