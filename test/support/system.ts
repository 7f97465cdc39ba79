// Small system helpers shared by the real-server test harnesses (vsftpd, sshd, rsyslogd).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';

/** Result of a finished command. */
export interface RunResult { code: number; stdout: string; stderr: string }

/** Options for run: stdin text, timeout, extra environment variables. */
export interface RunOptions { input?: string; timeoutMs?: number; env?: Record<string, string> }

/** Runs a command without a shell and resolves with its exit code and output (never rejects on exit code). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = opts.env ? { ...process.env, ...opts.env } : process.env;
    const child = execFile(cmd, args, { timeout: opts.timeoutMs ?? 30_000, encoding: 'utf8', env }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err);
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.on('error', () => { /* the command may exit before reading stdin (EPIPE) */ });
    child.stdin?.end(opts.input ?? '');
  });
}

/** Runs a command and throws with its stderr when it exits non-zero. */
export async function mustRun(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Sleeps for ms milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Asks the kernel for a currently free TCP port on 127.0.0.1 (racy by nature: callers retry on bind failure). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** True when some socket LISTENs on 127.0.0.1:port (reads /proc/net/tcp, so it never connects and never pollutes a server log). */
export async function isListening(port: number): Promise<boolean> {
  const want = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const text = await readFile('/proc/net/tcp', 'utf8');
  return text.split('\n').some((l) => { const f = l.trim().split(/\s+/); return f[1] === want && f[3] === '0A'; });
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

/** Reads /proc/PID/stat: [ppid, state] or undefined when the process is gone. */
function procStat(pid: number): [number, string] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [Number(rest[1]), rest[0]];
  } catch { return undefined; }
}

/** Lists pid and all its living descendants (parents first), from /proc. */
export function processTree(pid: number): number[] {
  const kids = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (!st) continue;
    const list = kids.get(st[0]) ?? [];
    list.push(Number(name));
    kids.set(st[0], list);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    if (!procStat(p)) continue;
    out.push(p);
    queue.push(...(kids.get(p) ?? []));
  }
  return out;
}

/** True while pid exists and is not a zombie. */
export function alive(pid: number): boolean {
  const st = procStat(pid);
  return st !== undefined && st[1] !== 'Z';
}

/** Signals pid's descendants deepest first (so parents can reap them: no orphans or zombies), then pid; waits until all are gone. */
export async function killTree(pid: number, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 3000): Promise<void> {
  const levels: number[][] = [];
  const depth = new Map<number, number>([[pid, 0]]);
  for (const p of processTree(pid)) {
    const st = procStat(p);
    const d = p === pid ? 0 : (depth.get(st?.[0] ?? -1) ?? 0) + 1;
    depth.set(p, d);
    (levels[d] ??= []).push(p);
  }
  const end = Date.now() + timeoutMs;
  for (const level of levels.reverse()) {
    for (const p of level) { try { process.kill(p, signal); } catch { /* already gone */ } }
    const levelEnd = Math.min(end, Date.now() + 500);
    while (level.some((p) => procStat(p) !== undefined) && Date.now() < levelEnd) await sleep(20); // gone = reaped too
  }
  const all = levels.flat();
  while (all.some(alive) && Date.now() < end) await sleep(25);
  for (const p of all.filter(alive)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
}

/** Creates a local Unix user if missing (home created, shell /bin/bash) and sets its password; safe when test files run in parallel. */
export async function ensureUser(user: string, password: string): Promise<{ home: string; uid: number; gid: number }> {
  if ((await run('id', ['-u', user])).code !== 0) {
    const r = await run('useradd', ['-m', '-s', '/bin/bash', user]);
    if (r.code !== 0 && r.code !== 9) throw new Error(`useradd ${user}: ${r.stderr}`); // 9: created meanwhile by a parallel worker
  }
  for (let i = 0; ; i++) { // chpasswd fails while another process holds /etc/shadow's lock
    const r = await run('chpasswd', [], { input: `${user}:${password}\n` });
    if (r.code === 0) break;
    if (i > 40) throw new Error(`chpasswd ${user}: ${r.stderr}`);
    await sleep(50 + Math.random() * 100);
  }
  const [, , uid, gid, , home] = (await mustRun('getent', ['passwd', user])).trim().split(':');
  return { home, uid: Number(uid), gid: Number(gid) };
}
