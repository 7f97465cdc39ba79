// IBM i sources end to end against a REAL sshd: no IBM i exists here, so the test user's PATH has a `db2util`
// (test/support/fake-db2util.mjs) that answers msgmon's exact statements from recorded rows in the documented
// column layout (test/fixtures/ibmi). `msgmon sources add --ibmi …` + `collect --once` must give the expected
// messages and sessions, resume without duplicates when rows are appended, let the default automated response
// rewrite the CLRLIB QTEMP session end, keep a row of unexpected shape as MON0010, and survive db2util failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSshd, type SshdServer } from './support/sshd.js';
import { spawn } from 'node:child_process';
import { killTree, mustRun, run as runCommand, sleep, waitFor } from './support/system.js';
import { CLI, msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_ibmi1' };
const FIXTURES = path.resolve(__dirname, 'fixtures/ibmi');
const SERVICES = ['history', 'audit', 'msgq'] as const;
let srv: SshdServer;
let remoteHome: string;
let userHome: string;

/** The recorded rows of a service: `rows` first, `later` appended before the second run. */
const fixture = (s: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${s}.json`), 'utf8'));

/**
 * The recorded day is moved to the last minutes (by whole minutes, so every timestamp keeps its digits below the
 * minute), as the demo moves its logs: sessions still open in the rows must not look hours idle (FTP0041 idle).
 */
const SHIFT = Math.floor((Date.now() - Date.parse('2026-11-25T09:10:00Z')) / 60_000) * 60_000;
const TIMESTAMP_COLUMNS = ['MESSAGE_TIMESTAMP', 'MESSAGE_TIMESTAMP_UTC', 'ENTRY_TIMESTAMP', 'ENTRY_TIMESTAMP_UTC'];

/** `2026-11-25-10.00.00.123456` moved by SHIFT. */
function shifted(ts: string): string {
  const iso = new Date(Date.parse(`${ts.slice(0, 10)}T${ts.slice(11, 19).replace(/\./g, ':')}Z`) + SHIFT).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '.')}${ts.slice(19)}`;
}

/** What the "IBM i" holds now: each service's rows (with or without the later ones). */
function serve(withLater: boolean): void {
  for (const s of SERVICES) {
    const f = fixture(s);
    const rows = (withLater ? [...f.rows, ...f.later] : f.rows).map((r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, TIMESTAMP_COLUMNS.includes(k) ? shifted(v as string) : v])),
    );
    fs.writeFileSync(path.join(remoteHome, 'ibmi', `${s}.json`), JSON.stringify({ ...f, rows }), { mode: 0o644 });
  }
}

beforeAll(async () => {
  // The user's own PATH (~/.ssh/environment) puts ~/bin, where db2util is, first: as on an IBM i, where
  // db2util lives in /QOpenSys/pkgs/bin rather than a system folder.
  srv = await startSshd({ users: [USER], extra: { PermitUserEnvironment: 'PATH' } });
  remoteHome = (await mustRun('getent', ['passwd', USER.user])).trim().split(':')[5]!;
  for (const d of ['bin', 'ibmi', '.ssh']) fs.mkdirSync(path.join(remoteHome, d), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(remoteHome, '.ssh', 'environment'), `PATH=${remoteHome}/bin:/usr/bin:/bin\n`, { mode: 0o644 });
  fs.copyFileSync(path.resolve(__dirname, 'support/fake-db2util.mjs'), path.join(remoteHome, 'bin', 'fake-db2util.mjs'));
  // The stand-in runs on this Node; a Node the test user cannot reach (under /root) is copied where it can.
  let node = process.execPath;
  if ((await runCommand('su', ['-s', '/bin/sh', USER.user, '-c', `'${node}' -e 0`])).code !== 0) {
    node = path.join(remoteHome, 'bin', 'node');
    fs.copyFileSync(process.execPath, node);
    fs.chmodSync(node, 0o755);
  }
  fs.writeFileSync(path.join(remoteHome, 'bin', 'db2util'), `#!/bin/sh\nexec '${node}' '${remoteHome}/bin/fake-db2util.mjs' "$@"\n`, { mode: 0o755 });
  fs.copyFileSync(path.resolve(__dirname, '../data/ibmi/queries.json'), path.join(remoteHome, 'ibmi', 'queries.json'));
  fs.chmodSync(path.join(remoteHome, 'ibmi', 'queries.json'), 0o644);
  userHome = fs.mkdtempSync('/tmp/msgmon-ibmi-home-');
});
afterAll(async () => {
  await srv?.stop();
  if (remoteHome) for (const d of ['bin', 'ibmi', '.ssh']) fs.rmSync(path.join(remoteHome, d), { recursive: true, force: true });
  fs.rmSync(userHome, { recursive: true, force: true });
});

const COLLECT = ['collect', '--once'];

function setup() {
  const home = tempHome();
  const run = (...args: string[]) => msgmon(['--home', home, ...args], { env: { HOME: userHome, SSH_AUTH_SOCK: '' } });
  const add = run('hosts', 'add', 'ibmi1', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user, '--identity', srv.identityFile);
  expect(add.code, add.stderr).toBe(0);
  const trust = run('hosts', 'trust', 'ibmi1');
  expect(trust.code, trust.stderr).toBe(0);
  return { home, run };
}

/** A command that must succeed; its stderr says why when it did not. */
function expectOk(r: { code: number; stderr: string }): void {
  expect(r.code, r.stderr).toBe(0);
}

/** Reads the store directly (read-only), also while a collector writes it: nothing yet while it creates the store. */
function query<T>(home: string, sql: string, ...params: unknown[]): T[] {
  if (!fs.existsSync(path.join(home, 'messages.db'))) return [];
  const db = new Database(path.join(home, 'messages.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } catch (err) {
    if (/no such table/.test((err as Error).message)) return [];
    throw err;
  } finally {
    db.close();
  }
}

/** [time of the recorded row (UTC), source, msgId, text, session] of the system's messages in log-time order (MON0001 left out). */
function messages(run: (...a: string[]) => { stdout: string }): [string, string, string, string, string | null][] {
  const all = JSON.parse(run('log', '--system', 'ibmi1', '--limit', '1000', '--json').stdout) as any[];
  return all
    .filter((m) => m.msgId !== 'MON0001')
    .map((m) => [new Date(Date.parse(m.time) - SHIFT).toISOString().slice(11, 23), m.source, m.msgId, m.text, m.session]);
}

const S1 = 'ibmi1:123456/QTCP/QTFTP01234:1';
const S2 = 'ibmi1:123456/QTCP/QTFTP01234:2';
const P1 = 'ibmi1:123457/QTCP/QTFTP05678:1';
const B1 = 'ibmi1:123458/QTCP/QTFTP09012:1';

/** First run: the rows the system had (times are UTC: the IBM i runs at UTC+1). */
const FIRST: [string, string, string, string, string | null][] = [
  ['09:00:00.000', 'hst', 'CPF1124', 'Job 123456/QTCP/QTFTP01234 started in subsystem QSYSWRK', S1],
  ['09:00:00.500', 'q', 'TCP9901', 'FTP server job QTFTP01234 accepted a connection from 10.1.2.3.', S1],
  ['09:00:03.000', 'aud', 'AUD0020', 'Sign-on failed for user THOMASK from 10.1.2.3: password not valid', S1],
  ['09:00:10.000', 'aud', 'AUD0010', 'User THOMASK read object /QSYS.LIB/PAYROLL.LIB/SALARY.FILE (*FILE) in job 123456/QTCP/QTFTP01234', S1],
  ['09:00:20.000', 'aud', 'AUD0011', 'User THOMASK changed object /home/thomask/upload.csv (*STMF) in job 123456/QTCP/QTFTP01234', S1],
  ['09:00:30.000', 'aud', 'AUD0001', 'FTP session of THOMASK ended', S1],
  ['09:02:00.000', 'hst', 'CPF1124', 'Job 123457/QTCP/QTFTP05678 started in subsystem QSYSWRK', P1],
  ['09:02:10.000', 'aud', 'AUD0011', 'User PAUL changed object /home/paul/in/orders.xml (*STMF) in job 123457/QTCP/QTFTP05678', P1],
  ['09:02:20.000', 'aud', 'MON0010', 'Unparsed line from aud: row of unexpected shape: COMMAND_STRING is missing', null],
  ['09:02:40.000', 'hst', 'CPF1164', 'Job 123457/QTCP/QTFTP05678 ended', P1],
  ['09:03:00.000', 'q', 'IBM0001', 'Message without ID on QUSRSYS/QTCP: FTP server restart planned at 22:00', null],
  ['09:05:00.000', 'aud', 'AUD0010', 'User ANNA read object /home/anna/report.pdf (*STMF) in job 123456/QTCP/QTFTP01234', S2],
];

/** Second run: only the rows appended since, some at the very instant the first run ended on. */
const LATER: [string, string, string, string, string | null][] = [
  ['09:02:40.000', 'hst', 'CPF1124', 'Job 123458/QTCP/QTFTP09012 started in subsystem QSYSWRK', B1],
  ['09:03:00.000', 'q', 'TCP9901', 'FTP server job QTFTP09012 accepted a connection from 10.1.2.9.', B1],
  ['09:05:30.000', 'aud', 'AUD0001', 'FTP session of ANNA ended', S2],
  ['09:06:00.000', 'hst', 'CPF1164', 'Job 123456/QTCP/QTFTP01234 ended', S2],
  ['09:08:00.000', 'aud', 'AUD0010', 'User BOB read object /QSYS.LIB/SALES.LIB/ORDERS.FILE/ORDERS.MBR (*FILE) in job 123458/QTCP/QTFTP09012', B1],
];

const byTime = (a: [string, string, string, string, string | null], b: [string, string, string, string, string | null]) => a[0].localeCompare(b[0]);

describe('IBM i sources (real sshd, recorded rows through a db2util on the PATH)', () => {
  it('history, audit journal and QTCP rows become the expected messages and sessions; appended rows are read once', () => {
    serve(false);
    const { home, run } = setup();
    expect(run('rules', 'import', '--defaults').code).toBe(0);
    for (const [name, kind] of [
      ['hst', 'history'],
      ['aud', 'audit'],
      ['q', 'msgq'],
    ]) {
      const a = run('sources', 'add', name!, '--system', 'ibmi1', '--ibmi', kind!, '--json');
      expect(a.code, a.stderr).toBe(0);
      expect(JSON.parse(a.stdout)).toMatchObject({ name, system: 'ibmi1', kind: 'ibmi', ibmi: { service: kind, intervalSeconds: 30, job: 'QTFTP*' } });
    }
    const c = run(...COLLECT);
    expect(c.code, c.stderr).toBe(0);
    expect(messages(run)).toEqual(FIRST);

    // The CLRLIB QTEMP entry keeps its fields; the default automated response rewrote its text.
    const [end] = JSON.parse(run('log', '--system', 'ibmi1', '--msgid', 'AUD0001', '--json').stdout);
    expect(end.fields).toMatchObject({
      user: 'THOMASK',
      command: 'QSYS/CLRLIB LIB(QTEMP)',
      job: '123456/QTCP/QTFTP01234',
      client: '10.1.2.3',
      session_end: 'logout',
    });
    expect(end.rules).toEqual([expect.stringContaining('FTP session end via CLRLIB QTEMP')]);
    // The row of unexpected shape is kept whole.
    const [bad] = JSON.parse(run('log', '--system', 'ibmi1', '--msgid', 'MON0010', '--json').stdout);
    expect(JSON.parse(bad.raw)).toMatchObject({ SEQUENCE_NUMBER: 1007, JOURNAL_ENTRY_TYPE: 'CD', COMMAND_STRING: null });

    serve(true);
    const again = run(...COLLECT);
    expect(again.code, again.stderr).toBe(0);
    expect(messages(run)).toEqual([...FIRST, ...LATER].sort(byTime));
    // Nothing read twice: every row is one message.
    expect(query<{ n: number }>(home, "SELECT count(*) AS n FROM messages WHERE system = 'ibmi1' AND msg_id != 'MON0001'")[0]!.n).toBe(
      FIRST.length + LATER.length,
    );

    // One session per FTP session: job 01234 served two (ended by CLRLIB QTEMP), job 05678 one (ended with the job).
    const sessions = query<{ id: string; user: string | null; client: string | null; protocol: string; ended_by: string | null; end: number | null }>(
      home,
      "SELECT id, user, client, protocol, ended_by, end FROM sessions WHERE system = 'ibmi1' ORDER BY start",
    );
    expect(sessions.map((s) => [s.id, s.user, s.client, s.protocol])).toEqual([
      [S1, 'THOMASK', '10.1.2.3', 'ftp'],
      [P1, 'PAUL', '10.1.2.5', 'ftp'],
      [B1, 'BOB', '10.1.2.9', 'ftp'],
      [S2, 'ANNA', '10.1.2.4', 'ftp'],
    ]);
    const ended = Object.fromEntries(sessions.map((s) => [s.id, s.ended_by]));
    expect(ended[S1]).toBe('logout');
    expect(ended[P1]).toBe('job');
    expect(ended[B1]).toBeNull();
    expect(['logout', 'job']).toContain(ended[S2]); // CLRLIB at 09:05:30 and job end at 09:06: whichever source was read first
  });

  it('db2util failing or missing: a clear error, MON0015, and nothing lost once it works again', () => {
    serve(false);
    const { home, run } = setup();
    expectOk(run('sources', 'add', 'aud', '--system', 'ibmi1', '--ibmi', 'audit'));
    const failFile = path.join(remoteHome, 'ibmi', 'fail');
    fs.writeFileSync(failFile, 'Not authorized to object QAUDJRN in QSYS type *JRN. SQLSTATE=42501 SQLCODE=-551\n', { mode: 0o644 });
    try {
      const f = run(...COLLECT);
      expect(f.code).toBe(1);
      expect(f.stdout + f.stderr).toContain('Not authorized to object QAUDJRN in QSYS type *JRN. SQLSTATE=42501');
    } finally {
      fs.rmSync(failFile);
    }
    const bin = path.join(remoteHome, 'bin', 'db2util');
    fs.renameSync(bin, `${bin}.away`);
    try {
      const m = run(...COLLECT);
      expect(m.code).toBe(1);
      expect(m.stdout + m.stderr).toMatch(/db2util was not found on the system .*yum install db2util/);
    } finally {
      fs.renameSync(`${bin}.away`, bin);
    }
    const mon = JSON.parse(run('log', '--msgid', 'MON0015', '--json').stdout) as any[];
    expect(mon.map((m) => m.text)).toEqual([
      expect.stringMatching(/^IBM i query of ibmi1 failed: db2util failed \(exit 1\): Not authorized to object QAUDJRN/),
      expect.stringMatching(/^IBM i query of ibmi1 failed: db2util was not found on the system/),
    ]);
    const ok = run(...COLLECT);
    expect(ok.code, ok.stderr).toBe(0);
    expect(query<{ n: number }>(home, "SELECT count(*) AS n FROM messages WHERE source = 'aud' AND msg_id != 'MON0015'")[0]!.n).toBe(
      FIRST.filter((m) => m[1] === 'aud').length,
    );
  });

  it('a running collector queries every --interval seconds, reports a failing query in status and recovers', async () => {
    serve(false);
    const { home, run } = setup();
    expectOk(run('sources', 'add', 'aud', '--system', 'ibmi1', '--ibmi', 'audit', '--interval', '1'));
    const d = spawn(process.execPath, [CLI, '--home', home, 'collect', '--poll', '0.3'], {
      env: { ...process.env, HOME: userHome, SSH_AUTH_SOCK: '' },
      stdio: 'ignore',
    });
    const count = (id = '%') => query<{ n: number }>(home, "SELECT count(*) AS n FROM messages WHERE source = 'aud' AND msg_id LIKE ?", id)[0]?.n ?? 0;
    /** The source's detail in `msgmon status` (undefined while status cannot answer yet). */
    const detail = (): string | null | undefined => {
      const st = run('status', '--json');
      if (!st.stdout.trim()) return undefined;
      return JSON.parse(st.stdout).sources[0]?.detail;
    };
    const failFile = path.join(remoteHome, 'ibmi', 'fail');
    try {
      await waitFor(() => count() === 7, 30_000, 'the first rows');
      fs.writeFileSync(failFile, 'Not authorized to object QAUDJRN in QSYS type *JRN. SQLSTATE=42501 SQLCODE=-551\n', { mode: 0o644 });
      await waitFor(() => detail()?.includes('Not authorized'), 30_000, 'the error in msgmon status');
      serve(true);
      await sleep(2500); // more failing queries: still one MON0015 for the outage
      fs.rmSync(failFile);
      await waitFor(() => count('AUD%') === 8, 30_000, 'the appended rows');
      expect(count('MON0015')).toBe(1);
      await waitFor(() => detail() === null, 30_000, 'the error to clear');
    } finally {
      fs.rmSync(failFile, { force: true });
      if (d.pid) await killTree(d.pid, 'SIGTERM');
    }
  });

  it('a full page (5000 rows) is followed at once by the next: one collect --once reads them all', () => {
    const base = fixture('audit').rows.find((r: { SEQUENCE_NUMBER: number }) => r.SEQUENCE_NUMBER === 1002);
    const at = (i: number, utc: boolean) =>
      shifted(`2026-11-25-${utc ? '09' : '10'}.30.${String(Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}000`);
    const rows = Array.from({ length: 5003 }, (_, i) => ({
      ...base,
      SEQUENCE_NUMBER: 5000 + i,
      ENTRY_TIMESTAMP: at(i, false),
      ENTRY_TIMESTAMP_UTC: at(i, true),
    }));
    fs.writeFileSync(path.join(remoteHome, 'ibmi', 'audit.json'), JSON.stringify({ rows }), { mode: 0o644 });
    const { home, run } = setup();
    expectOk(run('sources', 'add', 'aud', '--system', 'ibmi1', '--ibmi', 'audit'));
    const c = run(...COLLECT);
    expect(c.code, c.stderr).toBe(0);
    const got = query<{ n: number; max: number }>(
      home,
      "SELECT count(*) AS n, max(CAST(json_extract(fields, '$.sequence') AS INTEGER)) AS max FROM messages WHERE msg_id = 'AUD0010'",
    )[0]!;
    expect(got).toEqual({ n: 5003, max: 10002 });
    expect(query<{ offset: number }>(home, "SELECT offset FROM cursors WHERE source LIKE 'ibmi:%'")).toEqual([{ offset: 10002 }]);
  });

  it('sources add --ibmi checks its options and says what it will run', () => {
    const { run } = setup();
    expect(run('sources', 'add', 'x', '--system', 'ibmi1', '--ibmi', 'qhst').code).toBe(2);
    expect(run('sources', 'add', 'x', '--system', 'ibmi1', '--ibmi', 'audit', '--path', '/var/log/x').code).toBe(2);
    expect(run('sources', 'add', 'x', '--system', 'ibmi1', '--ibmi', 'msgq', '--queue', 'QTCP').code).toBe(2);
    expect(run('sources', 'add', 'x', '--system', 'ibmi1', '--ibmi', 'audit', '--job', 'qtftp*; DROP').code).toBe(2);
    expect(run('sources', 'add', 'x', '--system', 'ibmi1', '--ibmi', 'audit', '--interval', '0.5').code).toBe(2);
    const a = run('sources', 'add', 'x', '--system', 'ibmi1', '--ibmi', 'msgq', '--queue', 'qusrsys/qtcp', '--interval', '60');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('QSYS2.MESSAGE_QUEUE_INFO');
    const list = JSON.parse(run('sources', 'list', '--json').stdout);
    expect(list).toEqual([
      expect.objectContaining({ name: 'x', kind: 'ibmi', ibmi: expect.objectContaining({ service: 'msgq', queue: 'QUSRSYS/QTCP', intervalSeconds: 60 }) }),
    ]);
  });

  it('docs/ibm-i.md shows exactly the SQL that runs', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../docs/ibm-i.md'), 'utf8');
    const queries = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../data/ibmi/queries.json'), 'utf8')).queries;
    for (const q of Object.values(queries) as { sql: string[] }[]) expect(readme).toContain(q.sql.join('\n'));
  });
});
