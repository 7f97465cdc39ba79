// OpenSSH as Debian and Ubuntu ship it: `Subsystem sftp /usr/lib/openssh/sftp-server` without -l, through a real sshd
// and its own rsyslogd: only sshd's logon reaches the log, no SFTP operation; after the one change doctor
// proposes (-l INFO on that line) the same session's uploads and downloads are there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRsyslog, type Rsyslog } from './support/rsyslog.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { sftpBatch } from './support/sftp-client.js';
import { waitForLogLines } from './support/vsftpd.js';
import { msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_stock1', password: 'Stock1-Secret!' };
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';
let local: string;
const started: Array<SshdServer | Rsyslog> = [];

beforeAll(() => {
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sftp-stock-'));
  fs.writeFileSync(path.join(local, 'a.csv'), 'id;amount\n1;100\n');
});
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
  fs.rmSync(local, { recursive: true, force: true });
});

/** One sftp session (put, get, rm) against an sshd with this Subsystem line; the messages msgmon makes of its auth log. */
async function session(subsystem: string, tag: string) {
  const syslog = await startRsyslog({ hostname: 'stock' });
  started.push(syslog);
  const srv = await startSshd({ users: [USER], syslogSocket: syslog.socket, extra: { Subsystem: subsystem } });
  started.push(srv);
  const r = await sftpBatch(srv, [`put ${local}/a.csv ${tag}.csv`, `get ${tag}.csv ${local}/${tag}-back.csv`, `rm ${tag}.csv`, 'bye']);
  expect(r.code, r.stderr).toBe(0);
  const lines = await waitForLogLines(syslog.logFile, (ls) => ls.some((l) => l.includes(' Disconnected from user ')), 15_000);
  const home = tempHome();
  const ing = msgmon(['--home', home, 'ingest', '--system', 'stock', '--format', 'sshd,sftp', syslog.logFile, '--json']);
  expect(ing.code, ing.stderr).toBe(0);
  expect(JSON.parse(ing.stdout).unparsed).toBe(0);
  return { lines, msgs: JSON.parse(msgmon(['--home', home, 'log', '--json']).stdout) as any[] };
}

describe("Debian's sftp-server without -l", () => {
  it('logs no SFTP operation: msgmon sees the logon only', async () => {
    const { lines, msgs } = await session(`sftp ${SFTP_SERVER}`, 'quiet');
    expect(lines.some((l) => / sftp-server\[\d+\]: /.test(l))).toBe(false);
    expect(msgs.map((m) => m.msgId)).toEqual(['FTP0002']);
    expect(msgs[0].text).toBe(`SSH: User ${USER.user} logged on from 127.0.0.1`);
  }, 60_000);

  it('after the change doctor proposes (-l INFO): the upload, download and delete', async () => {
    const { msgs } = await session(`sftp ${SFTP_SERVER} -l INFO`, 'info');
    const h = `/home/${USER.user}`;
    expect(msgs.filter((m) => m.msgId !== 'FTP0011').map((m) => [m.msgId, m.text])).toEqual([
      ['FTP0002', `SSH: User ${USER.user} logged on from 127.0.0.1`],
      ['FTP0020', `SFTP: User ${USER.user} uploaded file ${h}/info.csv (16 bytes)`],
      ['FTP0021', `SFTP: User ${USER.user} downloaded file ${h}/info.csv (16 bytes)`],
      ['FTP0022', `SFTP: User ${USER.user} deleted file ${h}/info.csv`],
      ['FTP0040', `SFTP: User ${USER.user} ended the session`],
    ]);
  }, 60_000);
});
