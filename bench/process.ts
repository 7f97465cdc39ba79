// Process and port helpers over /proc, shared by the bench's private sshd and the tests' real-server harnesses
// (test/support/system.ts re-exports them): compiled with the bench, so both can use one copy.
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** Sleeps for ms milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
export function isListening(port: number): boolean {
  const want = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((l) => {
      const f = l.trim().split(/\s+/);
      return f[1] === want && f[3] === '0A';
    });
}

/** Reads /proc/PID/stat: [ppid, state] or undefined when the process is gone. */
function procStat(pid: number): [number, string] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [Number(rest[1]), rest[0]!];
  } catch {
    return undefined;
  }
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
    for (const p of level) {
      try {
        process.kill(p, signal);
      } catch {
        /* already gone */
      }
    }
    const levelEnd = Math.min(end, Date.now() + 500);
    while (level.some((p) => procStat(p) !== undefined) && Date.now() < levelEnd) await sleep(20); // gone = reaped too
  }
  const all = levels.flat();
  while (all.some(alive) && Date.now() < end) await sleep(25);
  for (const p of all.filter(alive)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
