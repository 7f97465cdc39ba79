// A real OpenSSH sshd with internal-sftp on 127.0.0.1, logging through its own rsyslogd, driven by the real `sftp`
// client: its real auth log, ingested with the sshd and sftp formats, gives exactly the expected messages in order,
// with the right fields and one session id per sftp session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Rsyslog } from './support/rsyslog.js';
import type { SshdServer } from './support/sshd.js';
import { BIG, startSftpFixture, type SftpFixture } from './support/sftp-fixture.js';
import { sftpBatch, sftpKilled, sftpWrongPassword } from './support/sftp-client.js';
import { run } from './support/system.js';
import { waitForLogLines } from './support/vsftpd.js';
import { msgmon, tempHome } from './support/cli.js';

const HOST = 'sftphost';
/** Names in the shared account's home are unique per worker, so parallel test files never meet. */
const tag = `t${process.pid}`;

let fx: SftpFixture;
let syslog: Rsyslog;
let srv: SshdServer;
let local: string;

beforeAll(async () => {
  fx = await startSftpFixture(HOST);
  ({ syslog, srv, local } = fx);
}, 30_000);
afterAll(() => fx?.stop([`${tag}-killed.bin`]));

/** The scripted session: every action the product card names, at machine speed in one `sftp -b` run. */
async function scriptedSession(): Promise<void> {
  const r = await sftpBatch(srv, [
    'ls',
    `mkdir ${tag}`,
    `cd ${tag}`,
    `put ${local}/a.csv a.csv`,
    `get a.csv ${local}/back.csv`,
    'rename a.csv b.csv',
    'chmod 600 b.csv',
    'mkdir sub',
    'rmdir sub',
    'rm b.csv',
    'cd ..',
    `rmdir ${tag}`,
    'bye',
  ]);
  expect(r.code, r.stderr).toBe(0);
  expect(fs.readFileSync(path.join(local, 'back.csv'), 'utf8')).toBe('id;amount\n1;100\n');
}

/** The pid in a raw syslog line `… program[pid]: …`. */
const pidOf = (raw: string) => Number(/^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ [^\s[:]+\[(\d+)\]: /.exec(raw)![1]);

describe('sshd + internal-sftp, real server and clients', () => {
  it('a full session, a failed logon and a killed upload become the expected messages', async () => {
    // A line of another program in the same auth log: counted as unclaimed, never a message.
    const lg = await run('logger', [
      '--socket-errors=on',
      '-u',
      syslog.socket,
      '-p',
      'authpriv.notice',
      '-t',
      'sudo',
      'root : TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/true',
    ]);
    expect(lg.code, lg.stderr).toBe(0);

    await scriptedSession();
    expect((await sftpWrongPassword(srv, srv.user)).code).toBe(255);
    // 4 MiB at 4000 kbit/s takes ~8 s: the file is surely still open when the client is stopped at 1.5 s and killed.
    await sftpKilled(srv, [`put ${local}/big.bin ${tag}-killed.bin`], 1500, { limitKbit: 4000 });

    // The killed session ends with internal-sftp's "session closed", then sshd's "Closing connection": after it the log is quiet.
    const lines = await waitForLogLines(
      syslog.logFile,
      (ls) =>
        ls.filter((l) => l.includes(': session closed for local user ')).length >= 2 &&
        ls.some((l) => / sshd\[\d+\]: Closing connection to 127\.0\.0\.1 port \d+$/.test(l)),
      15_000,
    );
    fs.copyFileSync(syslog.logFile, '/tmp/msgmon-last-sftp-test.log');

    const home = tempHome();
    const ing = msgmon(['--home', home, 'ingest', '--system', 'sftp1', '--format', 'sshd,sftp', syslog.logFile, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    const counts = JSON.parse(ing.stdout);
    expect(counts.unparsed, lines.join('\n')).toBe(0);
    expect(counts.unclaimed).toEqual({ sudo: 1 });
    expect(counts.lines).toBe(lines.length);
    expect(counts.messages).toBe(17);
    const msgs = JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json']).stdout);

    const u = srv.user;
    const h = `/home/${u}`;
    const d = `${h}/${tag}`;
    expect(msgs.map((m: any) => [m.msgId, m.text])).toEqual([
      // the full session
      ['FTP0002', `SSH: User ${u} logged on from 127.0.0.1`],
      ['FTP0011', `SFTP: User ${u} listing directory ${h}`],
      ['FTP0024', `SFTP: User ${u} created directory ${d}`],
      ['FTP0020', `SFTP: User ${u} uploaded file ${d}/a.csv (16 bytes)`],
      ['FTP0021', `SFTP: User ${u} downloaded file ${d}/a.csv (16 bytes)`],
      ['FTP0023', `SFTP: User ${u} renamed ${d}/a.csv to ${d}/b.csv`],
      ['FTP0026', `SFTP: User ${u} changed permissions of ${d}/b.csv to 0600`],
      ['FTP0024', `SFTP: User ${u} created directory ${d}/sub`],
      ['FTP0025', `SFTP: User ${u} removed directory ${d}/sub`],
      ['FTP0022', `SFTP: User ${u} deleted file ${d}/b.csv`],
      ['FTP0025', `SFTP: User ${u} removed directory ${d}`],
      ['FTP0040', `SFTP: User ${u} ended the session`],
      // the failed password logon: the client gives up, sshd logs the connection closed
      ['FTP0003', `SSH: Logon failed for user ${u} from 127.0.0.1`],
      ['FTP0041', `SSH: Session of user ${u} from 127.0.0.1 ended without logout: connection closed`],
      // the client killed mid-upload: sshd logs the connection closed before internal-sftp's "session closed"
      ['FTP0002', `SSH: User ${u} logged on from 127.0.0.1`],
      ['FTP0050', `SFTP: User ${u}: "${h}/${tag}-killed.bin" failed: connection lost with the file open`],
      ['FTP0041', `SFTP: Session of user ${u} from 127.0.0.1 ended without logout: connection closed`],
    ]);

    // Raw lines are kept verbatim, in log order.
    const at = msgs.map((m: any) => lines.indexOf(m.raw));
    expect(at.every((i: number) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(msgs[0].raw).toMatch(
      new RegExp(
        `^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ${HOST} sshd\\[\\d+\\]: Accepted publickey for ${u} from 127\\.0\\.0\\.1 port \\d+ ssh2: ED25519 SHA256:`,
      ),
    );
    expect(msgs[3].raw).toMatch(
      new RegExp(`^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ${HOST} internal-sftp\\[\\d+\\]: close "${d}/a\\.csv" bytes read 0 written 16$`),
    );
    expect(msgs[12].raw).toMatch(
      new RegExp(`^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ${HOST} sshd\\[\\d+\\]: Failed password for ${u} from 127\\.0\\.0\\.1 port \\d+ ssh2$`),
    );
    expect(msgs[15].raw).toMatch(
      new RegExp(`^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ${HOST} internal-sftp\\[\\d+\\]: forced close "${h}/${tag}-killed\\.bin" bytes read 0 written \\d+$`),
    );

    // Protocol by line: sshd lines are ssh, internal-sftp lines are sftp; source is the first format, host from the line.
    const sshdAt = [0, 12, 13, 14];
    msgs.forEach((m: any, i: number) => {
      const sshd = sshdAt.includes(i);
      expect(m.fields, `message ${i}`).toMatchObject({
        protocol: sshd ? 'ssh' : 'sftp',
        program: sshd ? 'sshd' : 'internal-sftp',
        host: HOST,
        pid: pidOf(m.raw),
        user: u,
        client: '127.0.0.1',
      });
      expect(m.system === 'sftp1' && m.source === 'auth' && m.console === 'shown', `message ${i}`).toBe(true);
    });

    // One session per login: the sshd logon (its id names the sshd pid) and the internal-sftp process it started, whose
    // lines name neither user nor client; the failed logon is a session of its own, ended by the closed connection.
    const full = msgs.slice(0, 12),
      failed = msgs.slice(12, 14),
      killed = msgs.slice(14, 17);
    for (const s of [full, failed, killed]) {
      expect(new Set(s.map((m: any) => m.session))).toEqual(new Set([s[0].session]));
      expect(s[0].session).toMatch(new RegExp(`^sftp1:${pidOf(s[0].raw)}:[0-9a-z]+$`));
    }
    expect(new Set([full[0].session, failed[0].session, killed[0].session]).size).toBe(3);
    const named = [...full.slice(1), killed[1]].filter((m: any) => m.msgId !== 'FTP0040');
    expect(named.every((m: any) => !m.raw.includes('127.0.0.1') && !m.raw.includes('local user'))).toBe(true);

    // Exact fields of a few messages.
    const keyFp = (await run('ssh-keygen', ['-lf', `${srv.identityFile}.pub`])).stdout.split(' ')[1];
    expect(keyFp).toMatch(/^SHA256:/);
    expect(msgs[0].fields).toEqual({
      protocol: 'ssh',
      host: HOST,
      program: 'sshd',
      pid: pidOf(msgs[0].raw),
      method: 'publickey',
      user: u,
      client: '127.0.0.1',
      port: expect.any(Number),
      key: `ED25519 ${keyFp}`,
    });
    expect(msgs[3].fields).toEqual({
      protocol: 'sftp',
      host: HOST,
      program: 'internal-sftp',
      pid: pidOf(msgs[3].raw),
      path: `${d}/a.csv`,
      read: 0,
      bytes: 16,
      user: u,
      client: '127.0.0.1',
    });
    expect(msgs[4].fields).toEqual({
      protocol: 'sftp',
      host: HOST,
      program: 'internal-sftp',
      pid: pidOf(msgs[4].raw),
      path: `${d}/a.csv`,
      bytes: 16,
      user: u,
      client: '127.0.0.1',
    });
    expect(msgs[5].fields).toMatchObject({ path: `${d}/a.csv`, target: `${d}/b.csv` });
    expect(msgs[6].fields).toMatchObject({ path: `${d}/b.csv`, mode: '0600' });
    expect(msgs[12].fields).toEqual({
      protocol: 'ssh',
      host: HOST,
      program: 'sshd',
      pid: pidOf(msgs[12].raw),
      method: 'password',
      user: u,
      client: '127.0.0.1',
      port: expect.any(Number),
    });
    expect(msgs[15].fields).toMatchObject({ path: `${h}/${tag}-killed.bin`, reply: 'connection lost with the file open', read: 0 });
    expect(msgs[15].fields.written).toBeGreaterThan(0);
    expect(msgs[15].fields.written).toBeLessThan(BIG);
    expect(msgs[15].severity).toBe(40);
  }, 60_000);
});
