// `msgmon ingest` killed with SIGKILL part-way through a file, as the crash tests do (notify-crash, threat-restart).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CLI } from './cli.js';
import { sleep } from './system.js';

/** Messages stored so far (0 before the store exists). */
export function storedMessages(db: string): number {
  if (!fs.existsSync(db)) return 0;
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0; // created this instant, not yet migrated
  }
}

/** Runs ingest of a vsftpd log as system web1 and kills it with SIGKILL once the store holds more than `atLeast` messages. */
export async function ingestKilledAfter(home: string, log: string, atLeast: number): Promise<NodeJS.Signals | number | null> {
  const child = spawn(process.execPath, [CLI, '--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', log], { stdio: 'ignore' });
  const end = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  let done = false;
  void end.then(() => (done = true));
  while (!done && storedMessages(path.join(home, 'messages.db')) <= atLeast) await sleep(10);
  child.kill('SIGKILL');
  return end;
}
