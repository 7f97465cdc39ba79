// One collector per home: `collect` holds the home's collector lock while it runs (a kernel lock, see
// file-lock.ts: it ends with the process, so a killed collector never blocks the next one). It is the
// source lock of every configured source too: only `collect` writes their cursors.
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { holderOf, tryLock } from './file-lock.js';

/** How long a starting collector waits for the lock (a `status` looking at it holds it for a moment). */
const START_WAIT_MS = 2000;

/** The home's collector lock file, in its run directory. */
export function collectorLockFile(runDir: string): string {
  return path.join(runDir, 'collector.lock');
}

/** The pid of the collector holding the home's lock, or null when none runs. */
export function lockHolder(file: string): number | null {
  return holderOf(file)?.pid ?? null;
}

/** Takes the lock or throws naming the running collector; returns the release. */
export function acquireLock(file: string): () => void {
  const lock = tryLock(file, START_WAIT_MS);
  if (!lock) {
    const pid = lockHolder(file);
    throw new UserError(
      `another collector (${pid !== null ? `pid ${pid}` : 'starting'}) runs on this home (${path.dirname(file)}); two collectors never share a home: ` +
        'stop it first, or use another home with --home DIR',
    );
  }
  return () => lock.release();
}
