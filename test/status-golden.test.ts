// Golden screens of System Status (issue 16) at 80×24 and 132×27: the main menu's option 6 over a real status store
// (the tables of the message store in memory) fed with two probes captured on this machine
// (test/fixtures/status/probe-{1,2}.txt), one server process linked to an FTP session, and one raised threshold.
// UPDATE_GOLDEN=1 npx vitest run test/status-golden.test.ts rewrites the files; review the diff before committing.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('says how to get samples when there are none', () => {
    const nav = Navigator.console(memoryServices(), { cols: 80, rows: 24 });
    for (const k of ['f12', '6', 'enter']) nav.key(k);
    expect(nav.render().toText()).toContain('No status samples yet: msgmon collect probes every system it follows');
  });
});
