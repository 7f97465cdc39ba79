// A followed local file wakes the collector when a line is appended (the folder is watched): the line is stored long
// before the poll interval, which stays only as the check for rotation. Relative bound: the interval is a minute.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { killTree } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';
import { spawnCollector } from './support/collect-harness.js';

const LINE = (file: string) =>
  `Wed Nov 25 11:53:35 2026 [pid 4968] [ftpuser] OK UPLOAD: Client "127.0.0.1", "/home/ftpuser/${file}", 14 bytes, 7.03Kbyte/sec\n`;
const POLL_S = 60;

const pids: number[] = [];
afterAll(async () => {
  for (const pid of pids) await killTree(pid, 'SIGKILL');
});

/** Waits until `msgmon log` shows a message naming `file`; resolves with the milliseconds it took. */
async function stored(home: string, file: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const r = msgmon(['--home', home, 'log', '--text', file, '--json']);
    if (r.code === 0 && (JSON.parse(r.stdout) as unknown[]).length > 0) return Date.now() - t0;
    if (Date.now() - t0 > POLL_S * 1000) throw new Error(`${file} not stored within the poll interval`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('live follow of a local file', () => {
  it(`stores each appended line well before the ${POLL_S} s poll interval`, async () => {
    const home = tempHome();
    const log = path.join(tempHome(), 'vsftpd.log');
    fs.writeFileSync(log, LINE('first.csv'));
    expect(msgmon(['--home', home, 'sources', 'add', 'web', '--system', 'local', '--format', 'vsftpd', '--path', log]).code).toBe(0);
    const collector = spawnCollector(home, {}, '--poll', String(POLL_S));
    pids.push(collector.pid!);
    await stored(home, 'first.csv');
    for (const name of ['second.csv', 'third.csv']) {
      fs.appendFileSync(log, LINE(name));
      // Generous for a busy machine; a wake by the interval alone would take a minute.
      expect(await stored(home, name)).toBeLessThan((POLL_S * 1000) / 4);
    }
  }, 90_000);
});
