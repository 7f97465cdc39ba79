// A full file system under the home: said in words a user can act on, naming the folder, instead of SQLite's
// "database or disk is full". The transaction that hit it has been rolled back, so nothing is stored half.
import path from 'node:path';
import { UserError } from '../core/errors.js';

/** True when `err` is SQLite's or the OS's "no space left". */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/**
 * A UserError for a full file system under `file` (what happened to the work: `outcome`), or `err` unchanged
 * when it is something else.
 */
export function explainDiskFull(err: unknown, file: string, outcome: string): unknown {
  if (!isDiskFull(err)) return err;
  const dir = path.dirname(file);
  return new UserError(
    `no space left in ${dir} (the file system of the msgmon home is full): ${outcome}. ` +
      'Free space there, or move the home (--home DIR or MSGMON_HOME), then run again: it continues where it stopped',
  );
}
