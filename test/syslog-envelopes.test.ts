// A stock Debian 12 auth.log: a real rsyslogd with the package's /etc/rsyslog.conf (its default template,
// RSYSLOG_FileFormat) receives a real sshd (UsePAM yes, as Debian ships it) + internal-sftp session; the same lines
// written in RFC 3164 and as syslog-ng writes ISO dates give the same messages and sessions. rsyslogd runs with
// TZ=Europe/Berlin: RFC 3339 offsets must be honoured and the RFC 3164 file read with --zone. Also: sftp lines under
// sshd's tag (a real sftp-server whose syslog tag is sshd) give the same messages and sessions as internal-sftp's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDebianRsyslog, type DebianRsyslog } from './support/rsyslog.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { sftpArgs, sftpBatch, sftpWrongPassword } from './support/sftp-client.js';
import { waitForLogLines } from './support/vsftpd.js';
import { run } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';
import { sftpSessionMessages } from './support/ftp-messages.js';

const ZONE = 'Europe/Berlin';
const UNKNOWN = `sshd frobnicated the flux capacitor ${process.pid}`;
let syslog: DebianRsyslog;
let srv: SshdServer;
let tagged: SshdServer;
let local: string;

beforeAll(async () => {
  syslog = await startDebianRsyslog({ tz: ZONE });
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-envelopes-'));
  fs.chmodSync(local, 0o755);
  fs.writeFileSync(path.join(local, 'a.csv'), 'id;amount\n1;100\n');
  // sftp-server logs under the name it was started as: started as "sshd" its lines carry sshd's tag, as internal-sftp's do on older builds.
  fs.symlinkSync('/usr/lib/openssh/sftp-server', path.join(local, 'sshd'));
  const common = { syslogSocket: syslog.socket, logLevel: 'VERBOSE' as const };
  srv = await startSshd({ ...common, extra: { UsePAM: 'yes' } });
  tagged = await startSshd({ ...common, extra: { UsePAM: 'yes', Subsystem: `sftp ${local}/sshd -l VERBOSE -f AUTH` } });
}, 30_000);
afterAll(async () => {
  await srv?.stop();
  await tagged?.stop();
  await syslog?.stop();
  if (local) fs.rmSync(local, { recursive: true, force: true });
});

/** `msgmon … --json` in a home, parsed; fails the test on a non-zero exit. */
function json(home: string, ...args: string[]): any {
  const r = msgmon(['--home', home, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Ingests a file into a fresh home: the counts, every message, every session (oldest first). */
function ingestFile(file: string, ...opts: string[]): { counts: any; msgs: any[]; sessions: any[] } {
  const home = tempHome();
  const counts = json(home, 'ingest', '--system', 'deb12', '--format', 'sshd,sftp', '--source', 'auth', ...opts, file);
  return { counts, msgs: json(home, 'log', '--limit', '1000'), sessions: json(home, 'sessions').reverse() };
}

/** The lines of the session run against `server`, once rsyslog wrote the marker line that follows it. */
async function session(server: SshdServer, dir: string, marker: string): Promise<void> {
  const r = await sftpBatch(server, [
    'ls',
    `mkdir ${dir}`,
    `put ${local}/a.csv ${dir}/a.csv`,
    `get ${dir}/a.csv ${local}/back.csv`,
    `rename ${dir}/a.csv ${dir}/b.csv`,
    `rm ${dir}/b.csv`,
    `rmdir ${dir}`,
    'bye',
  ]);
  expect(r.code, r.stderr).toBe(0);
  expect((await run('logger', ['-u', syslog.socket, '-t', 'sshd', `--id=${process.pid}`, '-p', 'auth.info', marker])).code).toBe(0);
}

describe('syslog envelopes of a stock Debian 12 auth.log', () => {
  it('RSYSLOG_FileFormat, RFC 3164 (--zone) and syslog-ng ISO of one session: the same messages and sessions; PAM and housekeeping lines counted, an unknown sshd line one MON0010', async () => {
    const u = srv.user,
      dir = `e${process.pid}`;
    await session(srv, dir, UNKNOWN);
    expect((await sftpWrongPassword(srv, u)).code).toBe(255);
    // A client that cannot agree on a key exchange: sshd's "Unable to negotiate" line.
    await run('ssh', [
      ...sftpArgs(srv).filter((a) => a !== '-P' && a !== String(srv.port)),
      '-p',
      String(srv.port),
      '-o',
      'KexAlgorithms=diffie-hellman-group14-sha1',
      `${u}@127.0.0.1`,
      'true',
    ]);
    const done = (ls: string[]) =>
      ls.some((l) => l.includes(' Unable to negotiate with ')) &&
      ls.some((l) => l.includes(' [preauth]') && l.includes('Connection closed by authenticating user'));
    const lines = await waitForLogLines(syslog.authLog, done, 20_000);
    const lines3164 = await waitForLogLines(syslog.authLog3164, done, 5000);
    const linesIso = await waitForLogLines(syslog.authLogIso, done, 5000);
    expect(lines3164.length).toBe(lines.length);
    expect(linesIso.length).toBe(lines.length);
    // Debian's template: RFC 3339 with microseconds and the offset of rsyslogd's zone; the copies as configured.
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+01:00 \S+ sshd\[\d+\]: /);
    expect(lines3164[0]).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ sshd\[\d+\]: /);
    expect(linesIso[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00 \S+ sshd\[\d+\]: /);
    for (const pam of ['pam_env(sshd:session): deprecated reading of user environment enabled', 'pam_unix(sshd:session): session opened for user ']) {
      expect(
        lines.some((l) => l.includes(pam)),
        pam,
      ).toBe(true);
    }

    const debian = ingestFile(syslog.authLog);
    const trad = ingestFile(syslog.authLog3164, '--zone', ZONE);
    const iso = ingestFile(syslog.authLogIso);
    const d = `/home/${u}/${dir}`;
    for (const [name, r] of Object.entries({ debian, trad, iso })) {
      expect(r.counts.lines, name).toBe(lines.length);
      // Only the unknown sshd line is unparsed: the PAM, key exchange and bookkeeping lines are recognised and counted.
      expect(r.counts.unparsed, name).toBe(1);
      // Every line is a message (MON0010 included) or recognised without one; no line is another program's.
      expect(r.counts.messages + r.counts.ignored, name).toBe(lines.length);
      expect(r.counts.unclaimed, name).toEqual({});
      const mon = r.msgs.filter((m) => m.msgId === 'MON0010');
      expect(
        mon.map((m) => m.raw.endsWith(`sshd[${process.pid}]: ${UNKNOWN}`)),
        name,
      ).toEqual([true]);
      expect(
        r.msgs.filter((m) => m.session === r.msgs[0].session).map((m) => [m.msgId, m.text]),
        name,
      ).toEqual(sftpSessionMessages(u, d));
      expect(
        r.sessions.map((s) => [s.user, s.protocol, s.endedBy]),
        name,
      ).toEqual([
        [u, 'sftp', 'logout'],
        [u, 'ssh', 'dropped'],
      ]);
    }
    for (const r of [trad, iso]) {
      expect(r.msgs.map((m) => [m.msgId, m.text, m.fields])).toEqual(debian.msgs.map((m) => [m.msgId, m.text, m.fields]));
      expect(r.msgs.map((m) => Math.floor(Date.parse(m.time) / 1000))).toEqual(debian.msgs.map((m) => Math.floor(Date.parse(m.time) / 1000)));
      expect(r.sessions.map((s) => [s.id, s.commands, s.endedBy])).toEqual(debian.sessions.map((s) => [s.id, s.commands, s.endedBy]));
    }
    // The offset is honoured: a logon written 08:xx+01:00 is 07:xx UTC, as the clock that ran the session said.
    const logon = Date.parse(debian.msgs[0].time);
    expect(Math.abs(logon - Date.now())).toBeLessThan(120_000);
    // Without --zone the RFC 3164 wall times are read as UTC: an hour late. The source's zone is what makes them right.
    const utc = ingestFile(syslog.authLog3164);
    expect(Date.parse(utc.msgs[0].time) - Math.floor(logon / 1000) * 1000).toBe(3600_000);
  }, 90_000);

  it("sftp lines under sshd's tag give the messages and sessions of internal-sftp's", async () => {
    const u = tagged.user,
      dir = `t${process.pid}`;
    const marker = `end of tagged session ${process.pid}`;
    await session(tagged, dir, marker);
    const lines = await waitForLogLines(syslog.authLog, (ls) => ls.some((l) => l.endsWith(marker)), 20_000);
    const mine = lines.filter((l) => / sshd\[\d+\]: close "/.test(l));
    expect(mine.length).toBe(2); // the upload and the download, under sshd's tag
    const r = ingestFile(syslog.authLog);
    const s = r.sessions.find((x) => x.protocol === 'sftp' && r.msgs.some((m) => m.session === x.id && m.text.includes(`/${dir}`)));
    const msgs = r.msgs.filter((m) => m.session === s.id);
    expect(msgs.map((m) => [m.msgId, m.text])).toEqual(sftpSessionMessages(u, `/home/${u}/${dir}`));
    expect(s).toMatchObject({ user: u, client: '127.0.0.1', protocol: 'sftp', endedBy: 'logout', filesUp: 1, filesDown: 1, bytesUp: 16, bytesDown: 16 });
    expect(msgs.slice(1).every((m) => m.fields.program === 'sshd' && m.fields.protocol === 'sftp' && m.fields.user === u)).toBe(true);
    // Every line was recognised except the two marker lines logger sent under sshd's tag.
    expect(r.counts.unparsed).toBe(2);
  }, 90_000);
});
