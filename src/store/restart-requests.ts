// Asking the running `msgmon collect` to reconnect a system (Work with Systems 9=Restart collector): one file
// per request next to the collector's lock, taken by the collector's once-a-second poll. A file rather than a
// signal: a request survives the collector being busy, and no process is ever killed by a signal it ignores.
import fs from 'node:fs';
import path from 'node:path';

const PREFIX = 'collect.restart.';

/** Records a restart request for a system (names are letters, digits, dot, dash, underscore: safe in a file name). */
export function requestRestart(runDir: string, system: string): void {
  fs.writeFileSync(path.join(runDir, `${PREFIX}${system}`), `${new Date().toISOString()}\n`, { mode: 0o600 });
}

/** Removes and returns the systems with a waiting request (the collector calls this every second). */
export function takeRestartRequests(runDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(runDir).filter((f) => f.startsWith(PREFIX));
  } catch {
    return [];
  }
  return names.flatMap((f) => {
    try {
      fs.rmSync(path.join(runDir, f));
      return [f.slice(PREFIX.length)];
    } catch {
      return []; // taken by someone else in between
    }
  });
}
