// Two consoles in real terminals on one PostgreSQL store (issue 18): an acknowledgement in one shows in the other
// without F5, the action names who did it (log --json, Message Details from the Activity Log screen), and the screens
// not on PostgreSQL yet say so instead of ending the console.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../src/core/types.js';
import { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { msgmon, tempHome } from './support/cli.js';
import { type PgCluster, pgAvailable, startCluster } from './support/pg-cluster.js';
import { consoleCount, startTerm } from './support/tmux-term.js';

type Logged = { id: number; actions?: { action: string; operator: string }[] };

let cluster: PgCluster | null = null;
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

/** Message `i`: an upload by one of three users on web1. */
const message = (i: number): NewMessage => ({
  time: T0 + i * 60_000,
  system: 'web1',
  source: 'vsftpd',
  msgId: 'FTP0020',
  severity: 20,
  text: `FTP: User ${['alice', 'bob', 'carol'][i % 3]} uploaded file /srv/in/file_${i}.csv (${100 + i} bytes)`,
  fields: { user: ['alice', 'bob', 'carol'][i % 3]!, path: `/srv/in/file_${i}.csv`, bytes: 100 + i },
  session: null,
  console: 'shown',
  ack: null,
  rules: [],
  highlight: null,
  inquiry: false,
  tags: [],
  raw: `upload ${i}`,
});

beforeAll(async () => {
  if (!pgAvailable()) return;
  cluster = await startCluster();
  const store = PgMessageStore.open(cluster.url);
  store.commit(Array.from({ length: 20 }, (_, i) => message(i)));
  store.close();
}, 180_000);
afterAll(() => cluster?.stop());

/** The first list row's text (from its Sev column on). */
const rowText = (s: string, row: number) => s.split('\n')[8 + row]!.slice(4).trimEnd();

describe.skipIf(!pgAvailable())('two consoles on one PostgreSQL store (tmux)', () => {
  it("each shows the other's acknowledgement within a tick; screens not on PostgreSQL yet say so and the console goes on", async () => {
    const url = cluster!.url;
    const home = path.join(tempHome(), 'h');
    const a = startTerm('pg-a', 80, 24, `--store ${url}`, { MSGMON_OPERATOR: 'alice' }, home);
    const b = startTerm('pg-b', 80, 24, `--store ${url}`, { MSGMON_OPERATOR: 'bob' }, home);
    const first = await a.wait((s) => consoleCount(s) === 20, 'console A');
    await b.wait((s) => consoleCount(s) === 20, 'console B');

    const top = rowText(first, 0);
    a.keys('Home', '7', 'Enter');
    await a.wait((s) => s.includes('1 message acknowledged.'), 'the acknowledgement on A');
    const acked = Date.now();
    const seen = await b.wait((s) => consoleCount(s) === 19, "A's acknowledgement on B", 10_000);
    const latency = Date.now() - acked;
    process.stderr.write(`tmux-pg-consoles: acknowledgement on A seen on B after ${latency} ms\n`);
    // Within a live tick plus tmux's capture; generous here for a busy CI machine.
    expect(latency).toBeLessThan(3000);
    expect(rowText(seen, 0)).not.toBe(top);

    // The main menu's FTP sessions need the SQLite store: said on the message line, the console stays.
    b.keys('F12');
    await b.wait((s) => s.includes('msgmon Main Menu'), 'the main menu on B');
    b.keys('3', 'Enter');
    await b.wait((s) => s.includes('FTP sessions: not available on PostgreSQL yet.'), 'the refusal on B');
    // The Activity Log screen reads PostgreSQL too; its newest row is the one Alice acknowledged, and its details say so.
    b.keys('2', 'Enter');
    await b.wait((s) => s.includes('Search Activity Log'), 'the Activity Log search prompt on B');
    b.keys('Enter');
    await b.wait((s) => s.includes('Activity Log') && consoleCount(s) === 20, 'the Activity Log on B');
    b.keys('Home', '5', 'Enter');
    await b.wait((s) => s.includes('Message Details') && /Acknowledged .* by alice/.test(s), "Alice's acknowledgement in Message Details on B");

    // Every other screen of the main menu on A: it opens (watch lists are in the configuration) or says it is not on
    // PostgreSQL yet, and the console goes on (exit code 0 below).
    a.keys('F12');
    await a.wait((s) => s.includes('msgmon Main Menu'), 'the main menu on A');
    for (const option of ['4', '5', '8', '9', '10']) {
      a.keys(...option.split(''), 'Enter');
      const shown = await a.wait((s) => /not available on\s+PostgreSQL yet/.test(s) || s.includes('Work with Watch Lists'), `menu option ${option} on A`);
      if (option === '8') expect(shown).toContain('Work with Watch Lists');
      if (!shown.includes('msgmon Main Menu')) {
        a.keys('F12');
        await a.wait((s) => s.includes('msgmon Main Menu') && !s.includes('not available'), `the main menu again after option ${option}`);
      }
    }

    const log = JSON.parse(msgmon(['--home', home, '--store', url, 'log', '--limit', '100', '--json']).stdout) as Logged[];
    const acks = log.flatMap((m) => (m.actions ?? []).filter((x) => x.action === 'ack').map((x) => x.operator));
    expect(acks).toEqual(['alice']);
    a.keys('F3');
    b.keys('F3');
    expect(await a.exited()).toBe('0');
    expect(await b.exited()).toBe('0');
  }, 180_000);
});
