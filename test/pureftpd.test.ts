// A real Pure-FTPd on 127.0.0.1 logging through its own rsyslogd, driven by real clients (basic-ftp, curl) through a
// full session, a failed logon and a client killed mid-upload: its syslog lines, read from the RFC 3164 file and from
// the RFC 5424 file of the same lines, give exactly the expected messages; its -O xferlog log tells the same transfers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRsyslog, type Rsyslog } from './support/rsyslog.js';
import { startPureFtpd, type PureFtpdServer } from './support/pureftpd.js';
import { curlFailedLogin, curlKilledUpload, productSession } from './support/ftp-client.js';
import { waitForLogLines } from './support/vsftpd.js';
import { failedLogonMessages, killedUploadMessages, logonMessages } from './support/ftp-messages.js';
import { msgmon, tempHome } from './support/cli.js';

const HOST = 'pureftphost';
let syslog: Rsyslog;
let srv: PureFtpdServer;
let local: string;

beforeAll(async () => {
  // pure-ftpd logs to the ftp facility: the test rsyslogd's all.log has it (auth.log does not).
  syslog = await startRsyslog({ hostname: HOST });
  srv = await startPureFtpd(syslog.socket);
  for (const f of ['out', 'killed.bin']) fs.rmSync(path.join(srv.home, f), { recursive: true, force: true });
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-pureftpd-test-'));
  fs.writeFileSync(path.join(local, 'big.bin'), Buffer.alloc(4 * 1024 * 1024, 0x45));
}, 30_000);
afterAll(async () => {
  await srv?.stop();
  await syslog?.stop();
  if (local) fs.rmSync(local, { recursive: true, force: true });
  if (srv) fs.rmSync(path.join(srv.home, 'killed.bin'), { force: true });
});

describe('Pure-FTPd, real server and clients, through syslog', () => {
  it('a full session, a failed logon and a killed client become the expected messages from RFC 3164 and RFC 5424 files', async () => {
    await productSession(srv, { refused: (c) => c.cd('no-such-dir') });
    expect((await curlFailedLogin(srv)).code).toBe(67);
    await curlKilledUpload(srv, path.join(local, 'big.bin'), 'killed.bin', path.join(srv.home, 'killed.bin'));
    const logouts = (ls: string[]) => ls.filter((l) => l.includes('@127.0.0.1) [INFO] Logout.')).length >= 3;
    const lines = await waitForLogLines(syslog.allLog, logouts, 20_000);
    fs.copyFileSync(syslog.allLog, '/tmp/msgmon-last-pureftpd-test.log');
    const partial = fs.statSync(path.join(srv.home, 'killed.bin')).size;

    const u = srv.user;
    const h = srv.home;
    const expected = [
      ...logonMessages(u),
      ['FTP0020', `FTP: User ${u} uploaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0021', `FTP: User ${u} downloaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0023', `FTP: User ${u} renamed a.csv to b.csv`],
      ['FTP0022', `FTP: User ${u} deleted file ${h}/out/b.csv`],
      ['FTP0050', `FTP: User ${u}: request failed: Can't change directory to no-such-dir: No such file or directory`],
      ['FTP0040', `FTP: User ${u} ended the session`],
      ...failedLogonMessages(u), // curl
      // curl killed mid-upload: the part that arrived is an upload, and pure-ftpd logs a vanished client as a logout
      ...killedUploadMessages(u, `${h}/killed.bin`, partial),
      ['FTP0040', `FTP: User ${u} ended the session`],
    ];
    const results = [syslog.allLog, syslog.rfc5424Log].map((file) => {
      const home = tempHome();
      const ing = msgmon(['--home', home, 'ingest', '--system', 'puftp1', '--format', 'pureftpd', file, '--json']);
      expect(ing.code, ing.stderr).toBe(0);
      return { counts: JSON.parse(ing.stdout), msgs: JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json']).stdout) };
    });
    for (const { counts, msgs } of results) {
      expect(counts.unparsed, lines.join('\n')).toBe(0);
      expect(msgs.map((m: any) => [m.msgId, m.text])).toEqual(expected);
      const sessions = msgs.map((m: any) => m.session);
      expect(new Set(sessions.slice(0, 8)).size).toBe(1);
      expect(new Set(sessions.slice(8, 10)).size).toBe(1);
      expect(new Set(sessions.slice(10)).size).toBe(1);
      expect(new Set([sessions[0], sessions[8], sessions[10]]).size).toBe(3);
      expect(msgs[2].fields).toMatchObject({ protocol: 'ftp', host: HOST, program: 'pure-ftpd', user: u, client: '127.0.0.1', bytes: 16 });
    }
    // Both syslog files carry the same lines of the ftp facility, so the same fields.
    expect(results[1].msgs.map((m: any) => m.fields)).toEqual(results[0].msgs.map((m: any) => m.fields));

    // The -O xferlog: alternative log is the xferlog format.
    const xhome = tempHome();
    expect(msgmon(['--home', xhome, 'ingest', '--system', 'puftp1', '--format', 'xferlog', srv.xferLog]).code).toBe(0);
    const xfer = JSON.parse(msgmon(['--home', xhome, 'log', '--json']).stdout);
    expect(xfer.map((m: any) => [m.msgId, m.fields.path, m.fields.bytes])).toEqual([
      ['FTP0020', `${h}/out/a.csv`, 16],
      ['FTP0021', `${h}/out/a.csv`, 16],
      ['FTP0020', `${h}/killed.bin`, partial],
    ]);
  }, 90_000);
});
