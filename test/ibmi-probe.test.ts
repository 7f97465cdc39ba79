// The status probe of an IBM i (issue 16) against a REAL sshd: a host with an IBM i source is probed through
// db2util (test/support/fake-db2util.mjs on the test user's machine, answering from test/fixtures/ibmi/jobs.json and
// system.json, whose cumulative job counters grow with time). Two probes give the FTP server job's CPU %, disk I/O
// and page fault rates from the counters' growth, the job is linked to its FTP session, and `msgmon status
// --system ibmi1` shows it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcSample, SystemSample } from '../src/core/status-types.js';
import { ibmiSample, readIbmi } from '../src/status/ibmi-probe.js';
import { MIGRATION_CODE, MIGRATIONS } from '../src/store/schema.js';
import { StatusSampleTable } from '../src/store/status-samples.js';
import { Navigator } from '../src/ui/navigator.js';
import { exited, query, useCollectHarness } from './support/collect-harness.js';
import { golden } from './support/golden-file.js';
import { memoryServices, NOW } from './support/memory-services.js';
import { mustRun, run as runCommand, waitFor } from './support/system.js';

const USER = { user: 'msgmon_ibmip' };
const h = useCollectHarness(USER);
const FIXTURES = path.resolve(__dirname, 'fixtures/ibmi');
const JOB = '123456/QTCP/QTFTP01234';
const SESSION = `ibmi1:${JOB}:1`;
let remoteHome: string;

/** `2026-11-25-10.00.00.000000` of an instant, `offset` minutes from UTC (the IBM i's local time). */
const ibmTime = (t: number, offset = 0) => {
  const iso = new Date(t + offset * 60_000).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '.')}.${iso.slice(20, 23)}000`;
};

beforeAll(async () => {
  remoteHome = (await mustRun('getent', ['passwd', USER.user])).trim().split(':')[5]!;
  for (const d of ['bin', 'ibmi']) fs.mkdirSync(path.join(remoteHome, d), { recursive: true, mode: 0o755 });
  fs.copyFileSync(path.resolve(__dirname, 'support/fake-db2util.mjs'), path.join(remoteHome, 'bin', 'fake-db2util.mjs'));
  // The stand-in runs on this Node; a Node the test user cannot reach (under /root) is copied where it can.
  let node = process.execPath;
  if ((await runCommand('su', ['-s', '/bin/sh', USER.user, '-c', `'${node}' -e 0`])).code !== 0) {
    node = path.join(remoteHome, 'bin', 'node');
    fs.copyFileSync(process.execPath, node);
    fs.chmodSync(node, 0o755);
  }
  fs.writeFileSync(path.join(remoteHome, 'bin', 'db2util'), `#!/bin/sh\nexec '${node}' '${remoteHome}/bin/fake-db2util.mjs' "$@"\n`, { mode: 0o755 });
  for (const f of ['jobs.json', 'system.json']) fs.copyFileSync(path.join(FIXTURES, f), path.join(remoteHome, 'ibmi', f));
  fs.copyFileSync(path.resolve(__dirname, '../data/ibmi/queries.json'), path.join(remoteHome, 'ibmi', 'queries.json'));
  // The history log holds the FTP server job's start a minute ago: its session is open.
  const started = Date.now() - 60_000;
  const start = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'history.json'), 'utf8')).rows.find(
    (r: { FROM_JOB: string; MESSAGE_ID: string }) => r.FROM_JOB === JOB && r.MESSAGE_ID === 'CPF1124',
  );
  const row = { ...start, MESSAGE_TIMESTAMP: ibmTime(started, 60), MESSAGE_TIMESTAMP_UTC: ibmTime(started) };
  fs.writeFileSync(path.join(remoteHome, 'ibmi', 'history.json'), JSON.stringify({ rows: [row] }));
  for (const f of fs.readdirSync(path.join(remoteHome, 'ibmi'))) fs.chmodSync(path.join(remoteHome, 'ibmi', f), 0o644);
});
afterAll(() => {
  if (remoteHome) for (const d of ['bin', 'ibmi']) fs.rmSync(path.join(remoteHome, d), { recursive: true, force: true });
});

/** A rate that is `want` per second, give or take one count over a probe interval of about a second. */
const near = (got: number | null | undefined, want: number) => expect(Math.abs((got ?? Number.NaN) - want)).toBeLessThanOrEqual(1.5);

describe('status probe of an IBM i (real sshd, db2util stand-in)', () => {
  it('two probes give the FTP job CPU %, disk I/O and page fault rates, linked to its session; msgmon status shows them', async () => {
    const { home, env, run } = h.setup();
    h.addHost(run, 'ibmi1');
    const db2util = path.join(remoteHome, 'bin', 'db2util');
    const add = run('sources', 'add', 'hst', '--system', 'ibmi1', '--ibmi', 'history', '--interval', '1', '--db2util', db2util);
    expect(add.code, add.stderr).toBe(0);
    // No thresholds: this test is about the samples.
    fs.writeFileSync(path.join(home, 'thresholds.json'), JSON.stringify({ thresholds: [] }));
    const latest = () => {
      const row = query<{ sample: string }>(home, "SELECT sample FROM status_latest WHERE system = 'ibmi1'")[0];
      return row ? (JSON.parse(row.sample) as SystemSample) : null;
    };
    const ftp = (s: SystemSample | null) => s?.procs.find((p) => p.name === 'QTFTP01234');
    const d = h.daemon(home, env, '--probe', '1');
    let sample: SystemSample | null = null;
    try {
      sample = await waitFor(
        () => {
          const s = latest();
          return ftp(s)?.cpu != null && ftp(s)?.session ? s : null;
        },
        30_000,
        `two probes of ibmi1 with the job linked (${d.err()})`,
        100,
      );
    } finally {
      d.kill('SIGTERM');
      await exited(d);
    }
    expect(d.err()).not.toMatch(/status probe failed/);

    // Host: no CPU over a one-shot connection (ELAPSED_TIME 0), the system ASP as its file system.
    expect(sample).toMatchObject({ platform: 'ibmi', cpu: null, memTotalKb: 33554432, fs: [{ mount: 'system ASP', usePct: 41.3 }] });
    // Both FTP server jobs, not the database host-server job.
    expect(sample!.procs.map((p) => p.name)).toEqual(['QTFTP00061', 'QTFTP01234']);
    const job = ftp(sample)!;
    // 250 ms of CPU per second is 25 % of one processor; 40 disk I/O and 12 page faults per second.
    near(job.cpu, 25);
    near(job.diskIoRate, 40);
    near(job.majfltRate, 12);
    expect(job).toMatchObject<Partial<ProcSample>>({ pid: 123456, rssKb: 12 * 1024, session: SESSION, user: 'ANNA', client: '10.1.2.3' });
    expect(job.diskIo).toBeGreaterThan(3400);
    const idle = sample!.procs.find((p) => p.name === 'QTFTP00061')!;
    expect(idle).toMatchObject({ cpu: 0, diskIoRate: 0, majfltRate: 0, session: null, user: null, client: null });

    // Stored as metrics (no memory or load: an IBM i gives neither), shown by msgmon status.
    const metrics = query<{ metric: string }>(home, "SELECT DISTINCT metric FROM status_samples WHERE system = 'ibmi1'").map((r) => r.metric);
    expect(metrics).toEqual(expect.arrayContaining(['proc.cpu', 'proc.io', 'proc.majflt', 'fs', 'ftp.cpu']));
    expect(metrics).not.toContain('mem');
    expect(metrics).not.toContain('load1');
    const json = JSON.parse(run('status', '--system', 'ibmi1', '--json').stdout);
    expect(json.systems[0].sample.procs.find((p: ProcSample) => p.name === 'QTFTP01234')).toMatchObject({ session: SESSION, user: 'ANNA' });
    const text = run('status', '--system', 'ibmi1').stdout;
    expect(text).toMatch(/\nibmi1 +\d+\/\d+\/\d+ +1 +- +- +- +- +41\.3% system ASP +2 /);
    expect(text).toMatch(
      new RegExp(`\\n${JOB} in QSYSWRK \\(RUN\\) +ANNA +10\\.1\\.2\\.3 +2\\d% +\\d+(\\.\\d)? op/s +\\d+(\\.\\d)? +12288 kB +${SESSION.replace(/\./g, '\\.')}`),
    );
    expect(text.split('\n')[0]).not.toMatch(/'ibmi1 (mem|load1)'/);
  }, 60_000);

  it('host CPU comes from ELAPSED_CPU_USED only when the statistics cover an interval; a counter that went down gives no rate', () => {
    const at = (s: string) => `2026-11-25-10.00.${s}.000000`;
    const job = (cpu: number) => ({
      SAMPLE_TIMESTAMP: at('00'),
      JOB_NAME: JOB,
      AUTHORIZATION_NAME: 'QTCP',
      CPU_TIME: cpu,
      TOTAL_DISK_IO_COUNT: 10,
      PAGE_FAULTS: 5,
    });
    const a = readIbmi([job(5000)], [{ ELAPSED_TIME: 0, ELAPSED_CPU_USED: 0 }]);
    const b = readIbmi([{ ...job(1000), SAMPLE_TIMESTAMP: at('10') }], [{ ELAPSED_TIME: 10, ELAPSED_CPU_USED: 37.5 }]);
    expect(a.cpu).toBeNull();
    const s = ibmiSample('ibmi1', 0, b, a, []);
    expect(s.cpu).toBe(37.5);
    // The job number wrapped: another job of the same name, counters from 0 again.
    expect(s.procs[0]).toMatchObject({ cpu: null, user: null, session: null });
  });

  it('System Status shows an IBM i: main storage, the system ASP, the jobs with disk I/O and faults per second (golden 80x24)', () => {
    const fixture = (f: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    const jobs = fixture('jobs.json');
    const system = fixture('system.json').rows;
    const rows = (seconds: number) =>
      // The fake's job filters: the FTP server jobs only.
      jobs.rows
        .filter((r: { JOB_NAME: string }) => r.JOB_NAME.includes('/QTFTP'))
        .map((r: Record<string, number | string>) => ({
          ...r,
          SAMPLE_TIMESTAMP: ibmTime(Date.UTC(2026, 11, 2, 10, 0, seconds), 60),
          ...Object.fromEntries(
            Object.entries(jobs.growthPerSecond[r.JOB_NAME as string] ?? {}).map(([k, g]) => [k, (r[k] as number) + (g as number) * seconds]),
          ),
        }));
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) {
      db.exec(m);
      MIGRATION_CODE.get(m)?.(db);
    }
    const status = new StatusSampleTable(db);
    const open = [{ session: SESSION, user: 'ANNA', client: '10.1.2.3', pids: [] }];
    const a = readIbmi(rows(0), system);
    status.add(ibmiSample('ibmi1', NOW - 19_000, a, null, open));
    status.add(ibmiSample('ibmi1', NOW - 4_000, readIbmi(rows(15), system), a, open));
    const nav = Navigator.console({ ...memoryServices(), status }, { cols: 80, rows: 24 });
    for (const k of ['f12', '6', 'enter']) nav.key(k);
    expect(nav.current.id).toBe('system-status');
    golden('system-status-ibmi-80x24.txt', nav.render().toText());
  });
});
