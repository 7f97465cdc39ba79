// `msgmon status` as a monitoring-plugin check (issue 16): exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, the first line
// the verdict with perfdata after ' | ' that parses by the plugin guidelines, answered from the store alone when no
// collector runs. Threshold states are written into the store as a collector's probe leaves them.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, spawnCollector, type Daemon } from './support/collect-harness.js';
import { msgmon, tempHome } from './support/cli.js';
import { killTree, waitFor } from './support/system.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');
const daemons: Daemon[] = [];
afterAll(async () => {
  for (const d of daemons) if (d.pid && d.exitCode === null && d.signalCode === null) await killTree(d.pid, 'SIGKILL');
});

/** One perfdata item by the monitoring-plugin guidelines: 'label'=value[UOM];[warn];[crit];[min];[max]. */
interface Perf {
  label: string;
  value: number;
  uom: string;
  warn: string;
  crit: string;
  min: string;
  max: string;
}

/** Parses a perfdata string; throws on anything the guidelines do not allow. */
function parsePerfdata(text: string): Perf[] {
  const out: Perf[] = [];
  const re = /\s*(?:'((?:[^']|'')+)'|([^'= ]+))=(-?\d+(?:\.\d+)?)(us|ms|s|%|B|KB|MB|TB|c)?((?:;-?[\d.]*){0,4})(?=\s|$)/y;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) throw new Error(`perfdata does not parse at ${JSON.stringify(text.slice(re.lastIndex, re.lastIndex + 40))}`);
    const [warn = '', crit = '', min = '', max = ''] = m[5]!.split(';').slice(1);
    out.push({ label: (m[1] ?? m[2]!).replace(/''/g, "'"), value: Number(m[3]), uom: m[4] ?? '', warn, crit, min, max });
  }
  return out;
}

function check(home: string, ...args: string[]) {
  const r = msgmon(['--home', home, 'status', ...args]);
  const [head = '', perf = ''] = r.stdout.split('\n')[0]!.split(' | ');
  return { code: r.code, head, perf, stdout: r.stdout, stderr: r.stderr };
}

function raise(home: string, level: 'WARNING' | 'CRITICAL', text: string): void {
  const db = new Database(path.join(home, 'messages.db'));
  db.prepare('INSERT INTO status_thresholds(system, threshold, key, level, value, since, text) VALUES (?,?,?,?,?,?,?)').run(
    'local',
    level === 'CRITICAL' ? 'file-system-full' : 'ftp-process-cpu',
    level === 'CRITICAL' ? '/srv' : '4242',
    level,
    level === 'CRITICAL' ? 98 : 60,
    Date.UTC(2026, 11, 1, 10, 0, 0),
    text,
  );
  db.close();
}

describe('status exit codes and perfdata', () => {
  it('UNKNOWN (3) with nothing configured, or when the configuration cannot be read', () => {
    const home = tempHome();
    expect(check(home)).toMatchObject({ code: 3, head: 'UNKNOWN: no sources configured; no collector running.' });
    fs.writeFileSync(path.join(home, 'config.json'), '{ not json');
    const bad = check(home);
    expect(bad.code).toBe(3);
    expect(bad.head).toMatch(/^UNKNOWN: configuration .*config\.json is not valid JSON/);
    const json = msgmon(['--home', home, 'status', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'UNKNOWN' });
  });

  it('OK (0) while the collector reads; WARNING (1) and CRITICAL (2) for raised thresholds, also with the collector down', async () => {
    const home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.copyFileSync(FIXTURE, file);
    expect(msgmon(['--home', home, 'sources', 'add', 'here', '--system', 'local', '--format', 'vsftpd', '--path', file]).code).toBe(0);
    const d = spawnCollector(home, {});
    daemons.push(d);
    // OK, with the lag measured (a local file's at once, else at the collector's next poll).
    await waitFor(() => check(home).code === 0 && check(home).perf.includes("'local lag'="), 30_000, 'the local source collected');
    const ok = check(home);
    expect(ok.head).toMatch(/^OK: 0 critical, 0 warning, 1 OK; collector running \(pid \d+\)\.$/);
    const perf = parsePerfdata(ok.perf);
    const by = Object.fromEntries(perf.map((p) => [p.label, p]));
    expect(by['local lag']).toMatchObject({ value: 0, uom: 'B', min: '0' });
    expect(by['local sessions']!.value).toBeGreaterThanOrEqual(0);
    expect(by['local unacknowledged']!.value).toBeGreaterThan(0); // the fixture's messages are on the console

    raise(home, 'WARNING', 'vsftpd pid 4242 (user anna from 10.0.0.5) CPU 60 % ≥ 50 (WARNING, 2 samples)');
    const warn = check(home);
    expect(warn).toMatchObject({ code: 1, head: expect.stringMatching(/^WARNING: 0 critical, 0 warning, 1 OK, 1 threshold raised; collector running/) });
    expect(warn.stdout).toMatch(/WARNING +local +ftp-process-cpu +2026-12-01 10:00:00 +vsftpd pid 4242 \(user anna from 10\.0\.0\.5\) CPU 60 %/);

    raise(home, 'CRITICAL', 'file system /srv use 98 % ≥ 97 (CRITICAL)');
    expect(check(home)).toMatchObject({ code: 2, head: expect.stringMatching(/^CRITICAL: .*2 thresholds raised/) });
    const json = JSON.parse(msgmon(['--home', home, 'status', '--json']).stdout);
    expect(json.verdict).toBe('CRITICAL');
    expect(json.thresholds.map((t: { level: string; key: string }) => [t.level, t.key])).toEqual([
      ['CRITICAL', '/srv'],
      ['WARNING', '4242'],
    ]);
    expect(parsePerfdata(json.perfdata).length).toBeGreaterThan(3);

    // The collector stops: the answer comes from the store, still CRITICAL (and the source no longer OK).
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    expect(check(home)).toMatchObject({
      code: 2,
      head: expect.stringMatching(/^CRITICAL: 0 critical, 1 warning, 0 OK, 2 thresholds raised; no collector running\.$/),
    });
  }, 90_000);

  it('the perfdata parser refuses what the guidelines do not allow', () => {
    expect(parsePerfdata("'a b'=1.5%;90;97;0;100 'it''s'=3 c=0B")).toEqual([
      { label: 'a b', value: 1.5, uom: '%', warn: '90', crit: '97', min: '0', max: '100' },
      { label: "it's", value: 3, uom: '', warn: '', crit: '', min: '', max: '' },
      { label: 'c', value: 0, uom: 'B', warn: '', crit: '', min: '', max: '' },
    ]);
    expect(() => parsePerfdata("'x'=abc")).toThrow(/does not parse/);
  });
});
