// FTPS: a real vsftpd with ssl_enable=YES and a fresh self-signed certificate, driven over explicit TLS (AUTH TLS) by
// basic-ftp and curl --ssl-reqd: the protocol log is the same as for plain FTP, so the messages are too, except that
// everything after the 234 answer to AUTH TLS says FTPS (the session summary too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './support/vsftpd.js';
import { curlFailedLogin, curlKilledUpload, curlList, fullSession, type FtpTarget } from './support/ftp-client.js';
import { msgmon, tempHome } from './support/cli.js';
import { failedLogonMessages, logonMessages } from './support/ftp-messages.js';
import { processTree, waitFor } from './support/system.js';

let srv: VsftpdServer;
let tls: FtpTarget;

beforeAll(async () => {
  srv = await startVsftpd({ tls: true });
  tls = { port: srv.port, user: srv.user, password: srv.password, tls: true };
}, 30_000);
afterAll(async () => {
  await srv?.stop();
});

describe('vsftpd FTPS (explicit TLS, self-signed certificate)', () => {
  it('a TLS session, a failed TLS logon and a client killed mid-upload become the same messages as plain FTP', async () => {
    const r = await fullSession(tls, 'tls');
    expect(r.downloaded).toBe('hello from tls\n');
    await curlList(tls); // throws unless curl --ssl-reqd exits 0
    expect((await curlFailedLogin(tls)).code).toBe(67);
    const big = path.join(srv.dir, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(4 * 1024 * 1024, 0x44));
    await curlKilledUpload(tls, big, 'killed.bin', path.join(srv.home, 'killed.bin'));
    // Unlike plain FTP, the missing TLS shutdown tells vsftpd that the upload broke off (FAIL UPLOAD).
    await waitForLogLines(srv.logFile, (ls) => ls.some((l) => l.includes('FAIL UPLOAD')), 15_000);
    // The session's processes are gone once vsftpd has seen the connection end: the log is complete.
    await waitFor(() => processTree(srv.pid).length === 1, 15_000, 'the session processes to end');
    const lines = fs.readFileSync(srv.logFile, 'utf8').split('\n');
    fs.copyFileSync(srv.logFile, '/tmp/msgmon-last-ftps-test.log');
    expect(lines.some((l) => l.endsWith('FTP command: Client "127.0.0.1", "AUTH TLS"'))).toBe(true);

    const home = tempHome();
    const ing = msgmon(['--home', home, 'ingest', '--system', 'ftps1', '--format', 'vsftpd', srv.logFile, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout).unparsed).toBe(0);
    const msgs = JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json']).stdout);
    const u = srv.user;
    const h = srv.home;
    const d = `${h}/tls-dir`;
    const texts = msgs.map((m: any) => [m.msgId, m.text]);
    // When the dead client's socket closed with a FIN (not a reset), vsftpd also logs that the control connection
    // ended without a TLS shutdown: the session's end without logout. Which of the two the kernel sends is not ours to choose.
    const vanished = lines.some((l) => l.includes('without SSL shutdown'));
    expect(texts).toEqual([
      // basic-ftp over TLS: the full script
      ...logonMessages(u, 'FTPS'),
      ['FTP0011', `FTPS: User ${u} listing directory ${h}`],
      ['FTP0024', `FTPS: User ${u} created directory ${d}`],
      ['FTP0010', `FTPS: User ${u} changed directory to ${d}`],
      ['FTP0020', `FTPS: User ${u} uploaded file ${d}/tls.txt (15 bytes)`],
      ['FTP0011', `FTPS: User ${u} listing directory ${d}`],
      ['FTP0021', `FTPS: User ${u} downloaded file ${d}/tls.txt (15 bytes)`],
      ['FTP0023', `FTPS: User ${u} renamed ${d}/tls.txt to ${d}/tls-renamed.txt`],
      ['FTP0026', `FTPS: User ${u} changed permissions of ${d}/tls-renamed.txt to 600`],
      ['FTP0022', `FTPS: User ${u} deleted file ${d}/tls-renamed.txt`],
      ['FTP0010', `FTPS: User ${u} changed directory to ${h}`],
      ['FTP0025', `FTPS: User ${u} removed directory ${d}`],
      ['FTP0030', `FTPS: User ${u} ran remote command SITE FROBNICATE`],
      ['FTP0050', `FTPS: User ${u}: SITE FROBNICATE failed: 500 Unknown SITE command.`],
      ['FTP0040', `FTPS: User ${u} ended the session`],
      // curl --ssl-reqd: list and logout
      ...logonMessages(u, 'FTPS'),
      ['FTP0011', `FTPS: User ${u} listing directory ${h}`],
      ['FTP0040', `FTPS: User ${u} ended the session`],
      // curl --ssl-reqd with a wrong password
      ...failedLogonMessages(u, 'FTPS'),
      // curl --ssl-reqd killed mid-upload
      ...logonMessages(u, 'FTPS'),
      ['FTP0050', `FTPS: User ${u}: STOR ${h}/killed.bin failed: 426 Failure reading network stream.`],
      ...(vanished ? [['FTP0041', `FTPS: Session of user ${u} from 127.0.0.1 ended without logout: Control connection terminated without SSL shutdown`]] : []),
    ]);
    expect(new Set(msgs.map((m: any) => m.session)).size).toBe(4);
    const sessions = JSON.parse(msgmon(['--home', home, 'sessions', '--json']).stdout);
    expect(sessions.map((x: any) => x.protocol)).toEqual(['ftps', 'ftps', 'ftps', 'ftps']);
  }, 60_000);
});
