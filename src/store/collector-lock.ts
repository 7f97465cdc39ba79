// One collector per home: a lock file holding the collector's pid; a lock left by a killed collector is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the collector holding the home's lock, or null when none runs. */
export function lockHolder(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock (atomically, by hard link of a written temp file) or throws naming the running collector. */
export function acquireLock(file: string): () => void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}`);
  fs.writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(tmp, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw err;
        const pid = lockHolder(file);
        if (pid !== null) throw new UserError(`another collector (pid ${pid}) runs on this home (${path.dirname(file)}); two collectors never share a home`);
        fs.rmSync(file, { force: true }); // left by a collector that was killed
      }
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return () => {
    if (lockHolder(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
