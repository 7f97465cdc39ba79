// Which server processes still run: on this machine (signal 0), or on a host through its control shell
// with one `ps` for all pids (ps sees every user's processes, where kill -0 fails on other users' ones).
import type { RemoteShell } from './remote-shell.js';

/** The pids of `pids` that run on this machine. */
export async function localPids(pids: number[]): Promise<Set<number>> {
  const alive = new Set<number>();
  for (const pid of pids) {
    try {
      process.kill(pid, 0);
      alive.add(pid);
    } catch (err) {
      // EPERM: it runs, as another user.
      if ((err as NodeJS.ErrnoException).code === 'EPERM') alive.add(pid);
    }
  }
  return alive;
}

/** The pids of `pids` that run on the host; rejects when the answer is not a list of pids (no usable ps). */
export async function remotePids(shell: RemoteShell, pids: number[]): Promise<Set<number>> {
  if (!pids.length) return new Set();
  const { out, code } = await shell.run(`ps -o pid= -p ${pids.map((p) => Math.trunc(p)).join(',')}`);
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  // ps exits 1 when none of the pids runs; anything but numbers is an error message.
  if ((code !== 0 && code !== 1) || lines.some((l) => !/^\d+$/.test(l))) {
    throw new Error(`process check failed (exit ${code}): ${lines.join(' ').slice(0, 200)}`);
  }
  return new Set(lines.map(Number));
}
