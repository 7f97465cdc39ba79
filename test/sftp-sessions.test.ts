// Session tracking of SFTP against a REAL OpenSSH sshd with internal-sftp on 127.0.0.1, which logs only through
// syslog: the test runs its own rsyslogd. Real `sftp` clients: a normal logout, a failed logon, a client stopped
// and killed mid-upload. The sshd logon (monitor process) is linked to the internal-sftp process through
// "User child is on pid N" and "Starting session: subsystem 'sftp'", so each session is one id from logon to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startSftpFixture, type SftpFixture } from './support/sftp-fixture.js';
import { sftpBatch, sftpKilled, sftpWrongPassword } from './support/sftp-client.js';
import { waitForLogLines } from './support/vsftpd.js';
import { msgmon, tempHome } from './support/cli.js';

const HOST = 'sftpsess';
const tag = `s${process.pid}`;

let fx: SftpFixture;
beforeAll(async () => {
  fx = await startSftpFixture(HOST);
}, 30_000);
afterAll(() => fx?.stop([`${tag}-a.csv`, `${tag}-killed.bin`]));

/** `msgmon … --json` in a home, failing with msgmon's error when it failed. */
function json(home: string, ...args: string[]): any {
  const r = msgmon(['--home', home, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('SFTP sessions, real sshd, rsyslogd and sftp clients', () => {
  it('logout, failed logon and a killed client: exact messages, one session each, end reasons', async () => {
    const { srv, syslog, local } = fx;
    const u = srv.user;
    const h = `/home/${u}`;
    const ok = await sftpBatch(srv, ['ls', `put ${local}/a.csv ${tag}-a.csv`, `get ${tag}-a.csv ${local}/back.csv`, `rm ${tag}-a.csv`, 'bye']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await sftpWrongPassword(srv, u)).code).toBe(255);
    // 4 MiB at 4000 kbit/s takes ~8 s: the file is still open when the client is stopped at 1.5 s and killed.
    await sftpKilled(srv, [`put ${local}/big.bin ${tag}-killed.bin`], 1500, { limitKbit: 4000 });
    const lines = await waitForLogLines(
      syslog.logFile,
      (ls) =>
        ls.filter((l) => l.includes(': session closed for local user ')).length >= 2 &&
        ls.some((l) => / sshd\[\d+\]: Closing connection to 127\.0\.0\.1 port \d+$/.test(l)),
      15_000,
    );

    // The log read in two parts, as a collector stopped between them would: the first session is cut after its upload.
    const cut = lines.findIndex((l) => l.includes(`close "${h}/${tag}-a.csv" bytes read 0 written 16`)) + 1;
    expect(cut).toBeGreaterThan(0);
    const file = path.join(local, 'auth.log');
    fs.writeFileSync(file, lines.slice(0, cut).join('\n') + '\n');
    const home = tempHome();
    expect(json(home, 'ingest', '--system', 'sftp1', '--format', 'sshd,sftp', file).unparsed).toBe(0);
    fs.appendFileSync(file, lines.slice(cut).join('\n') + '\n');
    expect(json(home, 'ingest', '--system', 'sftp1', '--format', 'sshd,sftp', file).unparsed).toBe(0);

    const sessions = json(home, 'sessions').reverse(); // oldest first
    expect(sessions.map((s: any) => [s.user, s.client, s.protocol, s.endedBy])).toEqual([
      [u, '127.0.0.1', 'sftp', 'logout'],
      [u, '127.0.0.1', 'ssh', 'dropped'],
      [u, '127.0.0.1', 'sftp', 'dropped'],
    ]);
    const [full, failed, killed] = sessions.map((s: any) => json(home, 'sessions', 'show', s.id));
    expect(full.messages.map((m: any) => [m.msgId, m.text])).toEqual([
      ['FTP0002', `SSH: User ${u} logged on from 127.0.0.1`],
      ['FTP0011', `SFTP: User ${u} listing directory ${h}`],
      ['FTP0020', `SFTP: User ${u} uploaded file ${h}/${tag}-a.csv (16 bytes)`],
      ['FTP0021', `SFTP: User ${u} downloaded file ${h}/${tag}-a.csv (16 bytes)`],
      ['FTP0022', `SFTP: User ${u} deleted file ${h}/${tag}-a.csv`],
      ['FTP0040', `SFTP: User ${u} ended the session`],
    ]);
    expect(full.session).toMatchObject({ commands: 4, filesUp: 1, filesDown: 1, bytesUp: 16, bytesDown: 16 });
    expect(failed.messages.map((m: any) => [m.msgId, m.text])).toEqual([
      ['FTP0003', `SSH: Logon failed for user ${u} from 127.0.0.1`],
      ['FTP0041', `SSH: Session of user ${u} from 127.0.0.1 ended without logout: connection closed`],
    ]);
    expect(failed.session).toMatchObject({ loggedOn: false, commands: 0 });
    expect(killed.messages.map((m: any) => [m.msgId, m.text])).toEqual([
      ['FTP0002', `SSH: User ${u} logged on from 127.0.0.1`],
      ['FTP0050', `SFTP: User ${u}: "${h}/${tag}-killed.bin" failed: connection lost with the file open`],
      ['FTP0041', `SFTP: Session of user ${u} from 127.0.0.1 ended without logout: connection closed`],
    ]);
    expect(killed.session).toMatchObject({ commands: 1, filesUp: 0, bytesUp: 0 });

    // Boundaries: the session id is the sshd logon's (its monitor pid), the internal-sftp lines join it; the end is
    // the time of the ending message; every message of the log is in one of the three sessions.
    const pidOf = (raw: string) => Number(/ [^\s[:]+\[(\d+)\]: /.exec(raw)![1]);
    for (const s of [full, killed]) {
      const logon = s.messages[0];
      expect(s.session.id).toMatch(new RegExp(`^sftp1:${pidOf(logon.raw)}:[0-9a-z]+$`));
      expect(s.messages.slice(1).every((m: any) => m.fields.program === 'internal-sftp' && m.fields.user === u && m.fields.client === '127.0.0.1')).toBe(true);
      expect(s.session.pids).toEqual([pidOf(logon.raw), pidOf(s.messages[1].raw)]);
      expect(s.session.start).toBe(logon.time);
      expect(s.session.end).toBe(s.messages.at(-1).time);
    }
    expect(killed.messages.at(-1).raw).toMatch(/ internal-sftp\[\d+\]: session closed for local user /);
    expect(failed.messages.at(-1).raw).toMatch(/ sshd\[\d+\]: Connection closed by authenticating user \S+ 127\.0\.0\.1 port \d+ \[preauth\]$/);
    const all = json(home, 'log', '--limit', '1000');
    expect(all.map((m: any) => m.id)).toEqual([full, failed, killed].flatMap((s) => s.messages.map((m: any) => m.id)));
  });
});
