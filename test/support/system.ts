// Small system helpers shared by the real-server test harnesses (vsftpd, sshd, rsyslogd).
import { execFile } from 'node:child_process';
import { sleep } from '../../bench/process.js';
import { holdUser, type HeldUser } from '../../bench/unix-users.js';

// Processes and ports over /proc: one copy, compiled with the bench that starts its own sshd too.
export { alive, freePort, isListening, killTree, processTree, sleep } from '../../bench/process.js';

/** Result of a finished command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for run: stdin text, timeout, extra environment variables. */
export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** Runs a command without a shell and resolves with its exit code and output (never rejects on exit code). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = opts.env ? { ...process.env, ...opts.env } : process.env;
    const child = execFile(cmd, args, { timeout: opts.timeoutMs ?? 30_000, encoding: 'utf8', env }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err);
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.on('error', () => {
      /* the command may exit before reading stdin (EPIPE) */
    });
    child.stdin?.end(opts.input ?? '');
  });
}

/** Runs a command and throws with its stderr when it exits non-zero. */
export async function mustRun(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Polls fn until it returns a truthy value or timeoutMs passes (then throws with what). */
export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what: string, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Creates a local Unix user if missing — key-only, no password (`usermod -p '*'`) — and holds it for this test
 * process; it is deleted, home included, when the last process holding it releases it (test/support/users-setup.ts
 * after each test file, or at exit). FTP servers authenticate their users with per-run tokens of their own.
 */
export async function ensureUser(user: string): Promise<HeldUser> {
  return holdUser(user);
}
