// `msgmon collect` of a systemd journal over a REAL sshd. A real systemd-journald (its own namespace) gets the
// entries of a real sshd + internal-sftp and a real vsftpd (syslog through its socket, from the cgroups of units
// ssh.service and vsftpd.service) and of logger. journalctl -o json read over SSH gives the same messages as the
// same entries written as a syslog file; SIGKILL, restarts and a lost connection repeat and lose nothing;
// --from-end skips the history; other units are not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startJournald, type Journald } from './support/journald.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { sftpBatch, sftpWrongPassword } from './support/sftp-client.js';
import { startVsftpd } from './support/vsftpd.js';
import { curlFailedLogin, curlUpload } from './support/ftp-client.js';
import { killTree, mustRun, run as runCmd, sleep, waitFor } from './support/system.js';
import { CLI, msgmon, tempHome } from './support/cli.js';

/** The collector logs in as READER (in group systemd-journal) or OUTSIDER (not); SFTP_USER uses the monitored server. */
const READER = { user: 'msgmon_jrn1' };
const OUTSIDER = { user: 'msgmon_jrn2' };
const SFTP_USER = { user: 'msgmon_jrn3' };
const FTP_USER = { user: 'msgmon_jrn4' };
const UNIT = 'ssh.service';

let jd: Journald;
/** The server msgmon collects through. */
let gate: SshdServer;
/** The monitored server: logs through syslog into the journal, from the cgroup of ssh.service. */
let monitored: SshdServer;
let userHome: string;
let local: string;
const daemons: ChildProcess[] = [];

beforeAll(async () => {
  jd = await startJournald();
  gate = await startSshd({ users: [READER, OUTSIDER] });
  await mustRun('usermod', ['-a', '-G', 'systemd-journal', READER.user]);
  await mustRun('gpasswd', ['-d', OUTSIDER.user, 'systemd-journal']).catch(() => '');
  monitored = await startSshd({ users: [SFTP_USER], syslogSocket: jd.devLog, logLevel: 'VERBOSE' });
  jd.joinUnit(monitored.pid, UNIT);
  userHome = fs.mkdtempSync('/tmp/msgmon-journald-home-');
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-journald-'));
  fs.writeFileSync(path.join(local, 'a.csv'), 'id;amount\n1;100\n');
}, 60_000);
afterAll(async () => {
  for (const d of daemons) if (d.pid && d.exitCode === null) await killTree(d.pid, 'SIGKILL');
  await monitored?.stop();
  await gate?.stop();
  await jd?.stop();
  for (const d of [userHome, local]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

function setup(user = READER.user) {
  const home = tempHome();
  const env = { HOME: userHome, SSH_AUTH_SOCK: '' };
  const run = (...args: string[]) => msgmon(['--home', home, ...args], { env });
  const h = run('hosts', 'add', 'j1', '--host', '127.0.0.1', '--port', String(gate.port), '--user', user, '--identity', gate.identityFile);
  expect(h.code, h.stderr).toBe(0);
  const t = run('hosts', 'trust', 'j1');
  expect(t.code, t.stderr).toBe(0);
  return { home, env, run };
}

/** Adds a journal source of `unit` in the test journal. */
function addSource(run: (...a: string[]) => { code: number; stdout: string; stderr: string }, name: string, unit: string, ...more: string[]) {
  const r = run('sources', 'add', name, '--system', 'j1', '--format', 'sshd,sftp', '--journal', unit, '--journal-dir', jd.directory, ...more);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

function query<T>(home: string, sql: string): T[] {
  if (!fs.existsSync(path.join(home, 'messages.db'))) return [];
  const db = new Database(path.join(home, 'messages.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } catch (err) {
    if (/no such table/.test((err as Error).message)) return [];
    throw err;
  } finally {
    db.close();
  }
}

/** Waits until the unit's newest 200 entries hold `n` whose MESSAGE contains `text`. */
async function journalHas(unit: string, text: string, n = 1): Promise<void> {
  await waitFor(
    async () => (await jd.entries(['-u', unit, '-n', '200'])).filter((e) => typeof e.MESSAGE === 'string' && e.MESSAGE.includes(text)).length >= n,
    60_000,
    `${n} × "${text}" in the journal of ${unit}`,
  );
}

/**
 * Messages made of log lines in a comparable form: time to the second (a syslog file has no more), sessions by
 * order of appearance. Left out: MON0010 (the binary entry) and FTP0041, which only a collector raises (it
 * checks on the host whether a session's server process is still there; an ingested file cannot tell).
 */
function shape(ms: any[]) {
  const sessions = new Map<string, number>();
  return ms
    .filter((m) => m.msgId !== 'MON0010' && m.msgId !== 'FTP0041')
    .map((m) => [
      Math.floor(Date.parse(m.time) / 1000),
      m.system,
      m.source,
      m.msgId,
      m.severity,
      m.text,
      m.fields,
      m.session === null ? null : (sessions.get(m.session) ?? sessions.set(m.session, sessions.size).get(m.session)),
    ]);
}

/** The unit's entries written as a syslog file (journalctl -o short is RFC 3164), ingested with `formats` as source `source`. */
async function asSyslogFile(unit: string, formats: string, source: string): Promise<any[]> {
  const file = path.join(local, `${source}.log`);
  const txt = await runCmd('journalctl', [`--directory=${jd.directory}`, '-u', unit, '-o', 'short', '--no-pager'], { env: { TZ: 'UTC' } });
  fs.writeFileSync(file, txt.stdout);
  const home = tempHome();
  expect(msgmon(['--home', home, 'ingest', '--system', 'j1', '--format', formats, '--source', source, file]).code).toBe(0);
  return JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json']).stdout);
}

/** A failed login line of sshd: each gives exactly one FTP0003 message, told apart by the user. */
const failedLine = (i: number) => `Failed password for invalid user ju${i} from 10.1.${(i >> 8) & 255}.${i & 255} port ${20000 + (i % 40000)} ssh2`;

describe('journald sources (real systemd-journald, real sshd)', () => {
  it('collect --once reads a unit: the same messages as its entries written as a syslog file; other units ignored; binary MESSAGE kept', async () => {
    const u = SFTP_USER.user;
    const r = await sftpBatch(monitored, ['ls', 'mkdir jdir', `put ${local}/a.csv jdir/a.csv`, 'rm jdir/a.csv', 'rmdir jdir', 'bye'], { user: u });
    expect(r.code, r.stderr).toBe(0);
    expect((await sftpWrongPassword(monitored, 'nosuchjuser')).code).toBe(255);
    await jd.log('other.service', 'sshd', ['Failed password for invalid user otherunit from 10.9.9.9 port 1 ssh2']);
    await jd.log(UNIT, 'sshd', [Buffer.from('bad \xff bytes', 'latin1')]);
    await journalHas(UNIT, `Disconnected from user ${u}`);
    await journalHas(UNIT, 'nosuchjuser');

    const { run } = setup();
    addSource(run, 'auth', UNIT);
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('j1: read to the end');
    const got = JSON.parse(run('log', '--limit', '1000', '--json').stdout).filter((m: any) => m.source === 'auth');

    // The same entries as a syslog file, ingested with the same formats: the same messages.
    expect(shape(got)).toEqual(shape(await asSyslogFile(UNIT, 'sshd,sftp', 'auth')));
    const ids = got.map((m: any) => m.msgId);
    for (const id of ['FTP0002', 'FTP0011', 'FTP0024', 'FTP0020', 'FTP0022', 'FTP0025', 'FTP0003']) expect(ids).toContain(id);
    expect(got.find((m: any) => m.msgId === 'FTP0020').text).toBe(`SFTP: User ${u} uploaded file /home/${u}/jdir/a.csv (16 bytes)`);
    expect(got.some((m: any) => JSON.stringify(m).includes('otherunit'))).toBe(false);
    // The byte-array MESSAGE is not text: kept whole as MON0010 with the entry as it came.
    const bin = got.filter((m: any) => m.msgId === 'MON0010');
    expect(bin).toHaveLength(1);
    expect(bin[0].fields.reason).toBe('MESSAGE is binary data, not text');
    expect(JSON.parse(bin[0].raw).MESSAGE).toEqual([...Buffer.from('bad \xff bytes', 'latin1')]);
    // A journal message keeps the entry (JSON) as its raw record, and the time it was sent to the millisecond.
    const up = got.find((m: any) => m.msgId === 'FTP0020');
    const entry = JSON.parse(up.raw);
    expect(entry._SYSTEMD_UNIT).toBe(UNIT);
    expect(Date.parse(up.time)).toBe(Math.floor(Number(entry._SOURCE_REALTIME_TIMESTAMP) / 1000));

    // The cursor was stored with the messages: nothing is read twice.
    expect(run('collect', '--once').code).toBe(0);
    expect(JSON.parse(run('log', '--limit', '1000', '--json').stdout).filter((m: any) => m.source === 'auth')).toHaveLength(got.length);

    // The journal as exported by journalctl -o json, ingested: the same messages plus those of other units' sshd.
    const exported = path.join(local, 'journal.json');
    fs.writeFileSync(exported, await mustRun('journalctl', [`--directory=${jd.directory}`, '-o', 'json', '--no-pager']));
    const ingHome = tempHome();
    const ing = msgmon(['--home', ingHome, 'ingest', '--system', 'j1', '--format', 'journald-json', '--source', 'auth', exported, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    const counts = JSON.parse(ing.stdout);
    expect(counts.unparsed).toBe(1); // the binary MESSAGE
    expect(counts.unclaimed['systemd-journald']).toBeGreaterThan(0);
    const all = JSON.parse(msgmon(['--home', ingHome, 'log', '--limit', '1000', '--json']).stdout);
    expect(all.filter((m: any) => m.text.includes('otherunit'))).toHaveLength(1);
    expect(shape(all.filter((m: any) => !m.text.includes('otherunit')))).toEqual(shape(got));
  }, 180_000);

  it('vsftpd with syslog_enable=YES: the vsftpd format reads its journal entries as it reads them from a syslog file', async () => {
    const ftp = await startVsftpd({ users: [FTP_USER], syslogSocket: jd.devLog, extra: { syslog_enable: 'YES' } });
    try {
      jd.joinUnit(ftp.pid, 'vsftpd.service');
      await curlUpload(ftp, path.join(local, 'a.csv'), 'up.csv');
      expect((await curlFailedLogin(ftp, 'nosuchftp')).code).toBe(67);
      await journalHas('vsftpd.service', 'FAIL LOGIN');
      const { run } = setup();
      // A unit name without its suffix is completed as journalctl -u does (vsftpd → vsftpd.service).
      const a = run('sources', 'add', 'ftp', '--system', 'j1', '--format', 'vsftpd', '--journal', 'vsftpd', '--journal-dir', jd.directory);
      expect(a.code, a.stderr).toBe(0);
      const c = run('collect', '--once');
      expect(c.code, c.stderr).toBe(0);
      const got = JSON.parse(run('log', '--limit', '1000', '--json').stdout).filter((m: any) => m.source === 'ftp');
      expect(shape(got)).toEqual(shape(await asSyslogFile('vsftpd.service', 'vsftpd', 'ftp')));
      const u = FTP_USER.user;
      expect(got.filter((m: any) => !['MON0010', 'FTP0041'].includes(m.msgId)).map((m: any) => [m.msgId, m.text])).toEqual([
        ['FTP0002', `FTP: User ${u} logged on from 127.0.0.1`],
        ['FTP0020', `FTP: User ${u} uploaded file ${ftp.home}/up.csv (16 bytes)`],
        ['FTP0040', `FTP: User ${u} ended the session`],
        ['FTP0003', 'FTP: Logon failed for user nosuchftp from 127.0.0.1'],
      ]);
      // PAM's own lines about the failed logon are vsftpd's too, and no vsftpd pattern: kept as MON0010.
      // (the run's own PAM service checks the token: pam_userdb(msgmon-test-…:auth) lines)
      expect(got.filter((m: any) => m.msgId === 'MON0010').every((m: any) => /^pam_\w+\([\w-]+:auth\)/.test(JSON.parse(m.raw).MESSAGE))).toBe(true);
    } finally {
      await ftp.stop();
    }
  }, 180_000);

  it('SIGKILL mid-stream and restarts: every entry gives its message exactly once', async () => {
    const unit = 'killtest.service';
    const { home, env, run } = setup();
    addSource(run, 'kill', unit);
    let n = 0;
    const append = async (count: number) => {
      const lines: string[] = [];
      for (let i = 0; i < count; i++) lines.push(failedLine(n++));
      await jd.log(unit, 'sshd', lines);
    };
    const count = () => query<{ n: number }>(home, "SELECT count(*) AS n FROM messages WHERE source = 'kill' AND msg_id = 'FTP0003'")[0]?.n ?? 0;
    await append(400);
    for (let round = 0; round < 4; round++) {
      const d = spawn(process.execPath, [CLI, '--home', home, 'collect', '--poll', '0.3'], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      d.stderr!.on('data', (b) => {
        err += b;
      });
      daemons.push(d);
      await waitFor(() => err.includes('j1: connected'), 60_000, 'the collector to connect');
      const before = count();
      for (let b = 0; b < 6; b++) {
        await append(30 + round * 11);
        await sleep(30 + Math.random() * 80);
      }
      // Killed while it reads: it has stored part of what was logged, often not all of it yet.
      await waitFor(() => count() > before, 60_000, 'the collector to store entries');
      await sleep(Math.random() * 300);
      d.kill('SIGKILL');
      await new Promise((r) => (d.exitCode !== null ? r(null) : d.once('exit', r)));
    }
    await append(25);
    await journalHas(unit, `ju${n - 1} `);
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    expect(count()).toBe(n);
    const users = query<{ u: string; k: number }>(
      home,
      "SELECT json_extract(fields, '$.user') AS u, count(*) AS k FROM messages WHERE source = 'kill' AND msg_id = 'FTP0003' GROUP BY u HAVING k > 1",
    );
    expect(users).toEqual([]);
  }, 180_000);

  it('a running collector follows new entries, also across a lost connection; --from-end skips what was there before', async () => {
    const unit = 'fromend.service';
    await jd.log(unit, 'sshd', [failedLine(90001), failedLine(90002)]);
    await journalHas(unit, 'ju90002 ');
    const { home, env, run } = setup();
    const a = addSource(run, 'late', unit, '--from-end', '--json');
    expect(JSON.parse(a.stdout)).toEqual(expect.objectContaining({ kind: 'journal', fromEnd: true }));
    expect(run('collect', '--once').code).toBe(0);
    const users = () =>
      query<{ u: string }>(home, "SELECT json_extract(fields, '$.user') AS u FROM messages WHERE source = 'late' AND msg_id = 'FTP0003' ORDER BY id").map(
        (r) => r.u,
      );
    expect(users()).toEqual([]);
    const d = spawn(process.execPath, [CLI, '--home', home, 'collect', '--poll', '0.3'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    daemons.push(d);
    await jd.log(unit, 'sshd', [failedLine(90003)]);
    await waitFor(() => users().length === 1, 60_000, 'the new entry to be collected');
    // The connection goes: the SSH user's processes on the server (its session, journalctl -f) are killed.
    const mon = (id: string) => query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE msg_id = '${id}'`)[0]?.n ?? 0;
    const connected = mon('MON0001');
    for (const pid of (await runCmd('ps', ['-o', 'pid=', '-u', READER.user])).stdout.split('\n').map(Number).filter(Boolean)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await waitFor(() => mon('MON0002') === 1 && mon('MON0001') === connected + 1, 60_000, 'MON0002, then MON0001 when connected again');
    await jd.log(unit, 'sshd', [failedLine(90004)]);
    await waitFor(() => users().length === 2, 60_000, 'the next entry to be collected');
    await sleep(1000);
    expect(users()).toEqual(['ju90003', 'ju90004']);
    d.kill('SIGTERM');
    await new Promise((r) => (d.exitCode !== null ? r(null) : d.once('exit', r)));
    expect(d.exitCode).toBe(0);
  }, 180_000);

  it('a user who may not read the journal gets an error saying which group to join', () => {
    const { run } = setup(OUTSIDER.user);
    addSource(run, 'denied', UNIT);
    const c = run('collect', '--once');
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('systemd-journal');
    const st = JSON.parse(run('status', '--json').stdout);
    expect(st.sources[0].detail).toContain('group systemd-journal');
  });
});
