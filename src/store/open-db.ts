// Opening a store's SQLite file. Read-write is WAL mode; read-only must also work where msgmon cannot write: a home on
// a read-only mount, or another user's home opened by an auditor, where SQLite cannot create the -shm file a WAL
// database needs. There the file is opened immutable (nothing can change it under us), creating no file at all.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

// better-sqlite3 reads this once, when it loads its addon at the first open: URI file names allow `immutable=1`.
// Plain absolute paths (all msgmon opens) mean the same with or without it.
process.env.SQLITE_USE_URI ??= '1';

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The SQLite URI of a file opened read-only and immutable. */
function immutableUri(file: string): string {
  return `file:${encodeURI(file).replace(/[?#]/g, encodeURIComponent)}?mode=ro&immutable=1`;
}

/** Opens `file` read-write (created when missing), or read-only (it must exist) without creating -wal/-shm files where its folder is not writable. */
export function openDatabase(file: string, readonly: boolean): Database.Database {
  if (!readonly) {
    if (!writable(path.dirname(file))) {
      throw new Error(`its folder ${path.dirname(file)} cannot be written (a read-only file system, or another user's): add --read-only to read it`);
    }
    return new Database(file);
  }
  if (writable(path.dirname(file))) return new Database(file, { readonly: true, fileMustExist: true });
  if (size(`${file}-wal`) > 0) {
    // Changes still in the write-ahead log: immutable would not see them; a plain open works if the -shm file is there.
    try {
      return new Database(file, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new Error(
        `${(err as Error).message}: its write-ahead log ${file}-wal holds changes not yet in the store and the folder cannot be written; open the home once where it can be written, or copy it`,
      );
    }
  }
  fs.accessSync(file, fs.constants.R_OK);
  return new Database(immutableUri(file), { readonly: true, fileMustExist: true });
}

/**
 * Switches a read-write store to WAL. SQLite answers "database is locked" at once, without its busy handler, when
 * other processes read the file while it changes the journal mode (a collector and a console opening a new home
 * together), so the switch is retried for as long as the busy timeout would have waited.
 */
export function useWal(db: Database.Database, timeoutMs = 5000): void {
  const end = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > end) throw err;
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20); // a blocking pause: the store is opened synchronously
    }
  }
}
