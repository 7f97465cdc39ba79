// Commands on this machine shaped like remote ones, so what reads a host over SSH also reads `--local`.
import { spawn } from 'node:child_process';
import type { ExecHost } from './remote-exec.js';
import { processChannel } from './openssh-transport.js';

/** Runs each command with `sh -c` here, as the current user. */
export const localExec: ExecHost = {
  exec: (command, cb) => cb(undefined, processChannel(spawn('sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] }))),
};
