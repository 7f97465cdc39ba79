// Locks the kernel holds for a process: an EXCLUSIVE SQLite transaction on a lock file that holds no data, which is an
// fcntl lock underneath. The kernel drops it when its process ends, however it ends, so a `kill -9` never
// leaves a lock that blocks the next run, and no pid is ever guessed at. A small `.holder` file beside the lock
// says who holds it, for the messages of those who wait. Lock files are never deleted: unlinking a lock file
// while another process waits on it would let two processes each hold "the" lock.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Who holds a lock, as written by the holder when it took it. */
export interface LockHolder {
  pid: number;
  /** The holder's command line (`msgmon ingest --system web1 …`). */
  command: string;
  /** When it took the lock (ISO time). */
  since: string;
}

/** A lock this process holds; release() ends it (ending the process does too). */
export interface HeldLock {
  readonly file: string;
  release(): void;
}

const holderFile = (file: string) => `${file}.holder`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `msgmon ingest …` from this process's arguments (the node binary and script path left out). */
function commandLine(): string {
  return ['msgmon', ...process.argv.slice(2)].join(' ').slice(0, 300);
}

function writeHolder(file: string): void {
  const tmp = `${holderFile(file)}.${process.pid}`;
  const h: LockHolder = { pid: process.pid, command: commandLine(), since: new Date().toISOString() };
  fs.writeFileSync(tmp, JSON.stringify(h) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, holderFile(file));
}

/** True when the EXCLUSIVE lock on the file is held now (by any process, this one included). */
function locked(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { timeout: 0, readonly: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // needs a SHARED lock: refused while EXCLUSIVE is held
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Takes the lock, waiting up to `waitMs` for its holder to let go; null when it is still held then.
 * The wait is synchronous (SQLite's busy handler): use short waits, or waitForLock in async code.
 */
export function tryLock(file: string, waitMs = 0): HeldLock | null {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: waitMs });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw err;
  }
  try {
    writeHolder(file);
  } catch (err) {
    db.close();
    throw err;
  }
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      // The holder note goes first: once the lock is free a new holder writes its own.
      if (readHolder(file)?.pid === process.pid) fs.rmSync(holderFile(file), { force: true });
      db.exec('COMMIT');
      db.close();
    },
  };
}

/** Takes the lock, waiting as long as it takes (asynchronously); `onWait` hears once who holds it. */
export async function waitForLock(file: string, onWait: (holder: LockHolder | null) => void, pollMs = 100): Promise<HeldLock> {
  for (let told = false; ; told = true) {
    const lock = tryLock(file);
    if (lock) return lock;
    if (!told) onWait(holderOf(file));
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Who holds the lock now, or null when nobody does (a holder note left by a killed process does not count). */
export function holderOf(file: string): LockHolder | null {
  const h = readHolder(file);
  if (!h || !alive(h.pid)) return null;
  return locked(file) ? h : null;
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(holderFile(file), 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 ? h : null;
  } catch {
    return null;
  }
}

/** "pid 4242 (msgmon ingest …, since 10:15:02 UTC)", or "another process" when it has not said who it is yet. */
export function describeHolder(h: LockHolder | null): string {
  return h ? `pid ${h.pid} (${h.command}, since ${h.since.slice(11, 19)} UTC)` : 'another process';
}
