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

const PIDS_PER_PS = 500;

/** The pids of `pids` that run on the host; rejects when the answer is not a list of pids (no usable ps). */
export async function remotePids(shell: RemoteShell, pids: number[]): Promise<Set<number>> {
  if (!pids.length) return new Set();
  // One ps per 500 pids keeps each argument far below Linux's 128 KiB limit; `|| [ $? = 1 ]`: ps exits 1 when none runs.
  const calls: string[] = [];
  for (let i = 0; i < pids.length; i += PIDS_PER_PS) {
    calls.push(
      `{ ps -o pid= -p ${pids
        .slice(i, i + PIDS_PER_PS)
        .map((p) => Math.trunc(p))
        .join(',')} || [ $? = 1 ]; }`,
    );
  }
  const { out, code } = await shell.run(calls.join(' && '));
  const lines = out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Anything but numbers is an error message (no ps, an option it does not know).
  if (code !== 0 || lines.some((l) => !/^\d+$/.test(l))) {
    throw new Error(`process check failed (exit ${code}): ${lines.join(' ').slice(0, 200)}`);
  }
  return new Set(lines.map(Number));
}
