// internal-sftp at its default level (-l INFO: every action is still logged; only VERBOSE's realpath/stat lines are
// missing) through a real sshd and its own rsyslogd, read once from the RFC 3164 file and once from the RFC 5424 file rsyslog writes of the same lines:
// both give the same messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRsyslog, type Rsyslog } from './support/rsyslog.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { sftpBatch } from './support/sftp-client.js';
import { waitForLogLines } from './support/vsftpd.js';
import { msgmon, tempHome } from './support/cli.js';
import { sftpSessionMessages } from './support/ftp-messages.js';

const HOST = 'infohost';
const tag = `i${process.pid}`;

let syslog: Rsyslog;
let srv: SshdServer;
let local: string;

beforeAll(async () => {
  syslog = await startRsyslog({ hostname: HOST });
  srv = await startSshd({ syslogSocket: syslog.socket, extra: { Subsystem: 'sftp internal-sftp -l INFO -f AUTH' } });
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sftp-info-'));
  fs.writeFileSync(path.join(local, 'a.csv'), 'id;amount\n1;100\n');
}, 30_000);
afterAll(async () => {
  await srv?.stop();
  await syslog?.stop();
  if (local) fs.rmSync(local, { recursive: true, force: true });
});

/** Ingests a file with the sshd and sftp formats into a fresh home; returns the counts and the messages. */
function ingestAuth(file: string): { counts: any; msgs: any[] } {
  const home = tempHome();
  const ing = msgmon(['--home', home, 'ingest', '--system', 'sftp2', '--format', 'sshd,sftp', file, '--json']);
  expect(ing.code, ing.stderr).toBe(0);
  return { counts: JSON.parse(ing.stdout), msgs: JSON.parse(msgmon(['--home', home, 'log', '--limit', '100', '--json']).stdout) };
}

describe('internal-sftp -l INFO, RFC 3164 and RFC 5424 syslog', () => {
  it('a session at INFO level gives every action, the same from both syslog files', async () => {
    const r = await sftpBatch(srv, [
      'ls',
      `mkdir ${tag}`,
      `put ${local}/a.csv ${tag}/a.csv`,
      `get ${tag}/a.csv ${local}/back.csv`,
      `rename ${tag}/a.csv ${tag}/b.csv`,
      `rm ${tag}/b.csv`,
      `rmdir ${tag}`,
      'bye',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // sshd's "Disconnected from user" is the session's last line; rsyslog writes both files from the same queue.
    const last = (ls: string[]) => ls.some((l) => l.includes(' Disconnected from user '));
    const lines = await waitForLogLines(syslog.logFile, last, 15_000);
    const lines5424 = await waitForLogLines(syslog.rfc5424Log, last, 15_000);
    expect(lines5424.length).toBe(lines.length);
    fs.copyFileSync(syslog.rfc5424Log, '/tmp/msgmon-last-sftp-5424.log');

    const u = srv.user;
    const d = `/home/${u}/${tag}`;
    const expected = sftpSessionMessages(u, d);
    const trad = ingestAuth(syslog.logFile);
    const rfc = ingestAuth(syslog.rfc5424Log);
    for (const { counts, msgs } of [trad, rfc]) {
      expect(counts.unparsed, lines.join('\n')).toBe(0);
      expect(counts.lines).toBe(lines.length);
      expect(msgs.map((m: any) => [m.msgId, m.text])).toEqual(expected);
    }
    expect(lines5424[0]).toMatch(new RegExp(`^<\\d+>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+\\+00:00 ${HOST} sshd \\d+ - - `));
    // Same fields (host, program, pid from either envelope), same sessions, same second.
    expect(rfc.msgs.map((m: any) => m.fields)).toEqual(trad.msgs.map((m: any) => m.fields));
    expect(rfc.msgs.map((m: any) => m.session)).toEqual(trad.msgs.map((m: any) => m.session));
    expect(rfc.msgs.map((m: any) => Math.floor(Date.parse(m.time) / 1000))).toEqual(trad.msgs.map((m: any) => Math.floor(Date.parse(m.time) / 1000)));
  }, 60_000);
});
