// One writer per source: a run that reads a source into the store holds the source's lock, keyed like the
// source's cursor, from before it reads the cursor until its last commit. A second run of the same file waits
// and then resumes from the cursor the first one left: nothing is stored twice, nothing is lost.
import crypto from 'node:crypto';
import path from 'node:path';
import { describeHolder, waitForLock, type LockHolder } from './file-lock.js';

/** The lock file of a cursor key in the home's run-time folder (`locks/file_web1_var_log_vsftpd.log-1a2b….lock`). */
export function sourceLockFile(runDir: string, cursorKey: string): string {
  const readable = cursorKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const hash = crypto.createHash('sha256').update(cursorKey).digest('hex').slice(0, 12);
  return path.join(runDir, 'locks', `${readable}-${hash}.lock`);
}

/** Takes the source's lock, waiting for the run that holds it; `onWait` hears once who that is. Returns the release. */
export async function lockSource(runDir: string, cursorKey: string, onWait: (holder: string) => void): Promise<() => void> {
  const lock = await waitForLock(sourceLockFile(runDir, cursorKey), (h: LockHolder | null) => onWait(describeHolder(h)));
  return () => lock.release();
}
