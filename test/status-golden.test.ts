// Golden screens of System Status (issue 16) at 80×24 and 132×27: the main menu's option 6 over a real status store
// (the tables of the message store in memory) fed with two probes captured on this machine
// (test/fixtures/status/probe-{1,2}.txt), one server process linked to an FTP session, and one raised threshold.
// UPDATE_GOLDEN=1 npx vitest run test/status-golden.test.ts rewrites the files; review the diff before committing.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../src/core/sessions.js';
import { MIGRATION_CODE, MIGRATIONS } from '../src/store/schema.js';
import { StatusSampleTable } from '../src/store/status-samples.js';
import { parseProbe } from '../src/status/proc-parse.js';
import { toSample } from '../src/status/rates.js';
import { Navigator } from '../src/ui/navigator.js';
import { golden } from './support/golden-file.js';
import { memoryServices, NOW } from './support/memory-services.js';

function statusTable(): StatusSampleTable {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS) {
    db.exec(m);
    MIGRATION_CODE.get(m)?.(db);
  }
  const table = new StatusSampleTable(db);
  const probe = (n: number) => parseProbe(fs.readFileSync(path.resolve(__dirname, `fixtures/status/probe-${n}.txt`), 'utf8'));
  const [a, b] = [probe(1), probe(2)];
  const linked = b.procs[b.procs.length - 1]!.pid;
  const session = (pid: number) => (pid === linked ? { session: 'web1:4240:abc', user: 'thomask', client: '10.0.0.5' } : null);
  // Earlier samples for the sparklines, then the two captured probes 15 s apart.
  for (let i = 0; i < 12; i++) table.add({ ...toSample('web1', NOW - (14 - i) * 15_000, a, null, () => null), cpu: (i * 9) % 100, memPct: 30 + i });
  table.add(toSample('web1', NOW - 15_000, a, null, session));
  table.add(toSample('web1', NOW - 4_000, b, a, session));
  table.setThreshold({
    system: 'web1',
    threshold: 'ftp-process-cpu',
    key: String(linked),
    level: 'WARNING',
    value: 61,
    since: NOW - 30_000,
    text: `sshd pid ${linked} (user thomask from 10.0.0.5) CPU 61 % ≥ 50 (WARNING, 2 samples)`,
  });
  return table;
}

describe('golden screens of System Status', () => {
  const status = statusTable();
  for (const [cols, rows] of [
    [80, 24],
    [132, 27],
  ] as const) {
    it(`system-status ${cols}x${rows}`, () => {
      const nav = Navigator.console({ ...memoryServices(), status }, { cols, rows });
      for (const k of ['f12', '6', 'enter']) nav.key(k);
      expect(nav.current.id).toBe('system-status');
      const grid = nav.render();
      golden(`system-status-${cols}x${rows}.txt`, grid.toText());
      golden(`system-status-${cols}x${rows}.attr.txt`, grid.toAttrText());
    });
  }

  it('5 on a session process opens its session with the process numbers; 5 on a listener says why not', () => {
    const base = memoryServices();
    const summary: SessionSummary = {
      id: 'web1:4240:abc',
      system: 'web1',
      source: 'auth',
      protocol: 'sftp',
      user: 'thomask',
      client: '10.0.0.5',
      start: NOW - 60_000,
      last: NOW - 5_000,
      end: null,
      endedBy: null,
      commands: 3,
      filesUp: 1,
      filesDown: 0,
      bytesUp: 1_048_576,
      bytesDown: 0,
      messages: 5,
      loggedOn: true,
      pids: [4240],
    };
    const sessions = { ...base.sessions, get: (id: string) => (id === summary.id ? summary : null) };
    const nav = Navigator.console({ ...base, sessions, status }, { cols: 80, rows: 24 });
    for (const k of ['f12', '6', 'enter']) nav.key(k);
    // The cursor starts on the first process, the one of a session; the listener below it has none.
    nav.key('down');
    nav.key('5');
    nav.key('enter');
    expect(nav.current.id).toBe('system-status');
    expect(nav.render().toText().split('\n')[23]).toBe(" Option 5 not allowed: no FTP session uses this process (a server's listener)");
    nav.key('space');
    nav.key('up');
    nav.key('5');
    nav.key('enter');
    expect(nav.current.id).toBe('session-messages');
    const grid = nav.render();
    golden('system-status-session-80x24.txt', grid.toText());
    expect(grid.toText().split('\n')[1]).toMatch(/^ Process \. \. : sshd \d+ CPU 0\.0% RSS 4\.7M W 0\/s R 0\/s flt 0\/0 fd 5$/);
    nav.key('f12');
    expect(nav.current.id).toBe('system-status');
  });

  it('says how to get samples when there are none', () => {
    const nav = Navigator.console(memoryServices(), { cols: 80, rows: 24 });
    for (const k of ['f12', '6', 'enter']) nav.key(k);
    expect(nav.render().toText()).toContain('No status samples yet: msgmon collect probes every system it follows');
  });
});
