// vsftpd's own ("vsftpd-style") transfer log without the protocol lines (xferlog_std_format=NO, log_ftp_protocol=NO):
// the same vsftpd format reads it; logons, transfers and directory changes that vsftpd reports become messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './support/vsftpd.js';
import { connectFtp, curlFailedLogin, getText, putText, quit } from './support/ftp-client.js';
import { msgmon, tempHome } from './support/cli.js';

let srv: VsftpdServer;

beforeAll(async () => {
  srv = await startVsftpd({ extra: { dual_log_enable: 'NO', xferlog_std_format: 'NO', log_ftp_protocol: 'NO' } });
}, 30_000);
afterAll(async () => {
  await srv?.stop();
});

describe('vsftpd-style transfer log', () => {
  it('a session and a failed logon become the messages vsftpd logs without the protocol lines', async () => {
    const c = await connectFtp(srv);
    await c.send('MKD out');
    await c.cd('out');
    await putText(c, 'a.csv', 'id;amount\n1;100\n');
    expect(await getText(c, 'a.csv')).toBe('id;amount\n1;100\n');
    await c.rename('a.csv', 'b.csv');
    await c.remove('b.csv');
    await c.cdup();
    await c.removeEmptyDir('out');
    await quit(c);
    expect((await curlFailedLogin(srv)).code).toBe(67);
    const lines = await waitForLogLines(srv.logFile, (ls) => ls.some((l) => l.includes('FAIL LOGIN')), 15_000);
    expect(lines.some((l) => l.includes('FTP command'))).toBe(false);

    const home = tempHome();
    const ing = msgmon(['--home', home, 'ingest', '--system', 'ftp3', '--format', 'vsftpd', srv.logFile, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout)).toMatchObject({ unparsed: 0, lines: lines.length });
    const msgs = JSON.parse(msgmon(['--home', home, 'log', '--json']).stdout);
    const u = srv.user;
    const h = srv.home;
    expect(msgs.map((m: any) => [m.msgId, m.text])).toEqual([
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0002', `FTP: User ${u} logged on from 127.0.0.1`],
      ['FTP0024', `FTP: User ${u} created directory ${h}/out`],
      ['FTP0020', `FTP: User ${u} uploaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0021', `FTP: User ${u} downloaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0023', `FTP: User ${u} renamed ${h}/out/a.csv to ${h}/out/b.csv`],
      ['FTP0022', `FTP: User ${u} deleted file ${h}/out/b.csv`],
      ['FTP0025', `FTP: User ${u} removed directory ${h}/out`],
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0003', `FTP: Logon failed for user ${u} from 127.0.0.1`],
    ]);
    expect(new Set(msgs.slice(0, 8).map((m: any) => m.session)).size).toBe(1);
  }, 60_000);
});
