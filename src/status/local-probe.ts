// The status probe of system `local`: the same command, run by `sh` on the machine the collector runs on.
import { execFile } from 'node:child_process';

/** Runs the probe command here; rejects when sh fails to run it. */
export function runLocally(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { encoding: 'utf8', timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
