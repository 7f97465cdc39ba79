// A real vsftpd on 127.0.0.1 driven by real clients (basic-ftp, curl); its real log, ingested, gives
// exactly the expected messages in order, with the right fields and one session id per login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './support/vsftpd.js';
import { connectFtp, curlFailedLogin, getText, putText, quit } from './support/ftp-client.js';
import { msgmon, tempHome } from './support/cli.js';

let srv: VsftpdServer;

beforeAll(async () => {
  srv = await startVsftpd();
});
afterAll(async () => {
  await srv?.stop();
});

/** The scripted session: every action the product card names, plus a failing delete. */
async function scriptedSession(): Promise<void> {
  const c = await connectFtp(srv);
  await c.pwd(); // as curl, lftp and FileZilla do after logon
  await c.list();
  await c.send('MKD out');
  await c.cd('out');
  await putText(c, 'a.csv', 'id;amount\n1;100\n');
  expect(await getText(c, 'a.csv')).toBe('id;amount\n1;100\n');
  await c.rename('a.csv', 'b.csv');
  await c.send('SITE CHMOD 600 b.csv');
  await c.remove('b.csv');
  await expect(c.remove('missing.csv')).rejects.toThrow(/550/);
  await c.cdup();
  await putText(c, 'done.flag', ''); // vsftpd logs no byte count for an empty file
  await c.removeEmptyDir('out');
  await quit(c);
}

describe('vsftpd, real server and clients', () => {
  it('a full session and a failed logon become the expected messages', async () => {
    await scriptedSession();
    const failed = await curlFailedLogin(srv);
    expect(failed.code).not.toBe(0);
    await waitForLogLines(srv.logFile, (ls) => ls.some((l) => l.includes('FAIL LOGIN')), 10_000);

    const home = tempHome();
    fs.copyFileSync(srv.logFile, '/tmp/msgmon-last-vsftpd-test.log');
    const ing = msgmon(['--home', home, 'ingest', '--system', 'ftp1', '--format', 'vsftpd', srv.logFile, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout).unparsed).toBe(0);
    const msgs = JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json']).stdout);

    const h = srv.home;
    const u = srv.user;
    expect(msgs.map((m: any) => [m.msgId, m.text])).toEqual([
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0002', `FTP: User ${u} logged on from 127.0.0.1`],
      ['FTP0011', `FTP: User ${u} listing directory ${h}`],
      ['FTP0024', `FTP: User ${u} created directory ${h}/out`],
      ['FTP0010', `FTP: User ${u} changed directory to ${h}/out`],
      ['FTP0020', `FTP: User ${u} uploaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0021', `FTP: User ${u} downloaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0023', `FTP: User ${u} renamed ${h}/out/a.csv to ${h}/out/b.csv`],
      ['FTP0026', `FTP: User ${u} changed permissions of ${h}/out/b.csv to 600`],
      ['FTP0022', `FTP: User ${u} deleted file ${h}/out/b.csv`],
      ['FTP0050', `FTP: User ${u}: DELE ${h}/out/missing.csv failed: 550 Delete operation failed.`],
      ['FTP0010', `FTP: User ${u} changed directory to ${h}`],
      ['FTP0020', `FTP: User ${u} uploaded file ${h}/done.flag (0 bytes)`],
      ['FTP0025', `FTP: User ${u} removed directory ${h}/out`],
      ['FTP0040', `FTP: User ${u} ended the session`],
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0003', `FTP: Logon failed for user ${u} from 127.0.0.1`],
    ]);
    const first = msgs.slice(0, 15);
    expect(new Set(first.map((m: any) => m.session)).size).toBe(1);
    expect(first[0].session).toMatch(/^ftp1:\d+:[0-9a-z]+$/);
    expect(msgs[15].session).not.toBe(first[0].session);
    expect(msgs[16].session).toBe(msgs[15].session);
    expect(msgs[5].fields).toMatchObject({ protocol: 'ftp', user: u, client: '127.0.0.1', path: `${h}/out/a.csv`, bytes: 16 });
    expect(msgs[5].raw).toMatch(/\] OK UPLOAD: Client "127.0.0.1", ".*a.csv", 16 bytes, /);
    expect(msgs.every((m: any) => m.system === 'ftp1' && m.source === 'vsftpd' && m.console === 'shown')).toBe(true);

    // The standard xferlog of the same server tells the same transfers.
    const xhome = tempHome();
    expect(msgmon(['--home', xhome, 'ingest', '--system', 'ftp1', '--format', 'xferlog', srv.xferLog]).code).toBe(0);
    const xfer = JSON.parse(msgmon(['--home', xhome, 'log', '--json']).stdout);
    expect(xfer.map((m: any) => [m.msgId, m.fields.path, m.fields.bytes])).toEqual([
      ['FTP0020', `${h}/out/a.csv`, 16],
      ['FTP0021', `${h}/out/a.csv`, 16],
      ['FTP0020', `${h}/done.flag`, 0],
    ]);
  });
});
