// Permissions of an existing home: its folders and the files holding messages and configuration must be private
// (0700 / 0600); anything more open gets a warning with the exact chmod that fixes it.
import fs from 'node:fs';
import path from 'node:path';
import type { Home } from './home.js';

function modeOf(p: string): number | null {
  try {
    return fs.statSync(p).mode & 0o777;
  } catch {
    return null;
  }
}

/** A path as a shell word: quoted when it holds anything but safe characters. */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** One warning per folder or file of the home that others may read or write, each with the chmod to run. */
export function permissionWarnings(home: Home): string[] {
  const dirs = [...new Set([path.dirname(home.dbFile), path.dirname(home.configFile)])];
  const files = [home.dbFile, `${home.dbFile}-wal`, `${home.dbFile}-shm`, home.configFile];
  const out: string[] = [];
  for (const [list, want, what] of [
    [dirs, 0o700, 'folder'],
    [files, 0o600, 'file'],
  ] as const) {
    for (const p of list) {
      const mode = modeOf(p);
      if (mode === null || (mode & 0o077) === 0) continue;
      out.push(`msgmon ${what} ${p} is open to other users (mode ${mode.toString(8).padStart(4, '0')}): run chmod ${want.toString(8)} ${shellWord(p)}`);
    }
  }
  return out;
}
