// A real ProFTPD on 127.0.0.1 driven by real clients (basic-ftp, curl) through a full session, a failed logon and a
// client killed mid-upload: its ExtendedLog (msgmon's LogFormat), ingested, gives exactly the expected messages in
// order, one session per connection; its TransferLog tells the same transfers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProftpd, type ProftpdServer } from './support/proftpd.js';
import { curlFailedLogin, curlKilledUpload, curlList, productSession } from './support/ftp-client.js';
import { waitForLogLines } from './support/vsftpd.js';
import { failedLogonMessages, killedUploadMessages, logonMessages } from './support/ftp-messages.js';
import { msgmon, tempHome } from './support/cli.js';

let srv: ProftpdServer;
let local: string;
const BIG = 4 * 1024 * 1024;

beforeAll(async () => {
  srv = await startProftpd();
  for (const f of ['out', 'killed.bin']) fs.rmSync(path.join(srv.home, f), { recursive: true, force: true });
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-proftpd-test-'));
  fs.writeFileSync(path.join(local, 'big.bin'), Buffer.alloc(BIG, 0x43));
}, 30_000);
afterAll(async () => {
  await srv?.stop();
  if (local) fs.rmSync(local, { recursive: true, force: true });
  if (srv) fs.rmSync(path.join(srv.home, 'killed.bin'), { force: true });
});

describe('ProFTPD, real server and clients', () => {
  it('a full session, a failed logon and a killed client become the expected messages', async () => {
    await productSession(srv, { refused: (c) => c.remove('missing.csv'), beforeRmd: (c) => c.send('SITE HELP') });
    expect((await curlFailedLogin(srv)).code).toBe(67);
    await curlKilledUpload(srv, path.join(local, 'big.bin'), 'killed.bin', path.join(srv.home, 'killed.bin'));
    await curlList({ ...srv, tls: true }); // explicit FTPS: AUTH TLS, then the same commands
    // The killed session's end (ExtendedLog class EXIT) is its last line.
    const lines = await waitForLogLines(
      srv.extendedLog,
      (ls) => ls.filter((l) => / - - "Read EOF from client" /.test(l)).length >= 2 && ls.some((l) => / ftps "" .* - - "Quit" /.test(l)),
      20_000,
    );
    fs.copyFileSync(srv.extendedLog, '/tmp/msgmon-last-proftpd-test.log');

    const home = tempHome();
    const ing = msgmon(['--home', home, 'ingest', '--system', 'pftp1', '--format', 'proftpd', srv.extendedLog, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    const counts = JSON.parse(ing.stdout);
    expect(counts.unparsed, lines.join('\n')).toBe(0);
    expect(counts.lines).toBe(lines.length);
    const msgs = JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json']).stdout);

    const u = srv.user;
    const h = srv.home;
    const partial = fs.statSync(path.join(h, 'killed.bin')).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(BIG);
    expect(msgs.map((m: any) => [m.msgId, m.text])).toEqual([
      ...logonMessages(u),
      ['FTP0011', `FTP: User ${u} listing directory ${h}`],
      ['FTP0024', `FTP: User ${u} created directory ${h}/out`],
      ['FTP0010', `FTP: User ${u} changed directory to ${h}/out`],
      ['FTP0020', `FTP: User ${u} uploaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0021', `FTP: User ${u} downloaded file ${h}/out/a.csv (16 bytes)`],
      ['FTP0023', `FTP: User ${u} renamed ${h}/out/a.csv to ${h}/out/b.csv`],
      ['FTP0026', `FTP: User ${u} changed permissions of ${h}/out/b.csv to 600`],
      ['FTP0022', `FTP: User ${u} deleted file ${h}/out/b.csv`],
      ['FTP0050', `FTP: User ${u}: DELE missing.csv failed: 550 missing.csv: No such file or directory`],
      ['FTP0010', `FTP: User ${u} changed directory to ${h}`],
      ['FTP0030', `FTP: User ${u} ran remote command SITE HELP`],
      ['FTP0025', `FTP: User ${u} removed directory ${h}/out`],
      ['FTP0040', `FTP: User ${u} ended the session`],
      ...failedLogonMessages(u), // curl
      // curl killed mid-upload: the part that arrived is an upload; the session end says the connection was lost.
      ...killedUploadMessages(u, `${h}/killed.bin`, partial),
      ['FTP0041', `FTP: Session of user ${u} from 127.0.0.1 ended without logout: Read EOF from client`],
      // curl --ssl-reqd: ProFTPD's %{protocol} says ftps from AUTH TLS on, so the texts do too
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0002', `FTPS: User ${u} logged on from 127.0.0.1`],
      ['FTP0011', `FTPS: User ${u} listing directory ${h}`],
      ['FTP0040', `FTPS: User ${u} ended the session`],
    ]);
    // One session per connection, named after the server process.
    const sessions = msgs.map((m: any) => m.session);
    expect(new Set(sessions.slice(0, 15)).size).toBe(1);
    expect(new Set(sessions.slice(15, 17)).size).toBe(1);
    expect(new Set(sessions.slice(17, 21)).size).toBe(1);
    expect(new Set(sessions.slice(21)).size).toBe(1);
    expect(new Set([sessions[0], sessions[15], sessions[17], sessions[21]]).size).toBe(4);
    expect(msgs[23].fields.protocol).toBe('ftps');
    msgs.forEach((m: any) =>
      expect(m.session).toBe(`pftp1:${m.fields.pid}:${Math.floor(Date.parse(msgs.find((x: any) => x.session === m.session).time) / 1000).toString(36)}`),
    );
    expect(msgs[5].fields).toMatchObject({ protocol: 'ftp', user: u, client: '127.0.0.1', path: `${h}/out/a.csv`, bytes: 16, code: 226 });
    expect(msgs[14].fields.session_end).toBe('logout');
    expect(msgs[20].fields).toMatchObject({ session_end: 'dropped', reason: 'Read EOF from client' });
    expect(msgs.every((m: any) => m.system === 'pftp1' && m.source === 'extended' && lines.includes(m.raw))).toBe(true);

    // The TransferLog (xferlog format) of the same server tells the same transfers.
    const xhome = tempHome();
    expect(msgmon(['--home', xhome, 'ingest', '--system', 'pftp1', '--format', 'xferlog', srv.transferLog]).code).toBe(0);
    const xfer = JSON.parse(msgmon(['--home', xhome, 'log', '--json']).stdout);
    expect(xfer.map((m: any) => [m.msgId, m.fields.path, m.fields.user])).toEqual([
      ['FTP0020', `${h}/out/a.csv`, u],
      ['FTP0021', `${h}/out/a.csv`, u],
      ['FTP0022', `${h}/out/b.csv`, u],
      ['FTP0020', `${h}/killed.bin`, u],
    ]);
    expect(xfer[3].fields.bytes).toBe(partial);
  }, 90_000);
});
