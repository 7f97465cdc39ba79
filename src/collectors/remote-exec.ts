// What readers need from a connection: run a command and get its output as a stream. ssh2 gives it by a
// channel on one connection; the OpenSSH transport by an `ssh` process per command over one master.
import type { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';

/** A running remote command: 'data' (stdout), 'close' (exit code), stderr 'data'; stdin by write/end. */
export interface ExecChannel extends EventEmitter {
  stderr: EventEmitter;
  write(data: string): unknown;
  end(data?: string): unknown;
  /** Stops the command (closes its channel). */
  close(): unknown;
}

/** Starts remote commands. */
/** Closes a reading channel without delivering what is still in flight (its reader is done with it). */
export function closeChannel(s: ExecChannel | null): void {
  if (!s) return;
  s.removeAllListeners('data');
  s.close();
}

export interface ExecHost {
  exec(command: string, cb: (err: Error | undefined, ch: ExecChannel) => void): void;
}

/** A logged-in connection of any transport. */
export interface RemoteConnection {
  exec: ExecHost;
  /** Called once when the connection is gone (dropped, killed, keepalive timeout, or closed by us). */
  onClose(cb: () => void): void;
  hostKey: Buffer;
  fingerprint: string;
  authMethod: string;
  connectMs: number;
  close(): void;
}

/** An ssh2 client as an ExecHost. */
export function ssh2Exec(client: Client): ExecHost {
  return {
    exec: (command, cb) => void client.exec(command, (err, ch) => cb(err, ch as unknown as ExecChannel)),
  };
}

/** What a finished command printed and how it exited (code null: it ended without an exit status). */
export interface ExecResult {
  out: string;
  err: string;
  code: number | null;
}

/** Runs a command and resolves with its stdout, stderr and exit code; rejects only when it could not run or timed out. */
export function execResult(host: ExecHost, command: string, timeoutMs = 15_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    host.exec(command, (err, ch) => {
      if (err) return reject(err);
      // Decoded once at the end: a multi-byte character may be split between two chunks.
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      const timer = setTimeout(() => {
        ch.close();
        reject(new Error(`${command}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      ch.on('data', (d: Buffer) => void out.push(d));
      ch.stderr.on('data', (d: Buffer) => void errOut.push(d));
      ch.on('close', (code: number | null | undefined) => {
        clearTimeout(timer);
        resolve({ out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(errOut).toString('utf8'), code: code ?? null });
      });
    });
  });
}

/** Runs a command and resolves with its stdout (stderr is added to a failure). */
export async function execText(host: ExecHost, command: string, timeoutMs = 15_000): Promise<string> {
  const r = await execResult(host, command, timeoutMs);
  if (r.code === 0 || r.code === null) return r.out;
  throw new Error(`${command} exited ${r.code}: ${r.err.trim()}`);
}

/** Quotes a string for a POSIX shell. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
