// Starting a real server on a free 127.0.0.1 port: the port is picked before the server binds it, so a parallel
// test may take it meanwhile; the server then exits and is started again on another port.
import type { ChildProcess } from 'node:child_process';
import { freePort, isListening, killTree, sleep } from './system.js';

/** A first passive port for a server: 200 ports from a random base between 30000 and 59800. */
export function passiveBase(): number {
  return 30000 + Math.floor(Math.random() * 150) * 200;
}

/** Spawns `start(port)` on a free port and resolves once it listens; up to 5 attempts, then throws with the server's output. */
export async function spawnListening(what: string, start: (port: number) => ChildProcess, timeoutMs = 10_000): Promise<{ port: number; pid: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = start(port);
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const end = Date.now() + timeoutMs;
    while (!exited && !(await isListening(port)) && Date.now() < end) await sleep(20);
    if (!exited && (await isListening(port))) return { port, pid: child.pid! };
    if (!exited) await killTree(child.pid!, 'SIGKILL');
    if (attempt >= 5) throw new Error(`${what} did not start: ${out.trim()}`);
  }
}
