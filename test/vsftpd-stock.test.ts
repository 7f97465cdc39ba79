// vsftpd as the distributions ship it, driven by REAL clients (basic-ftp, curl): Debian's /etc/vsftpd.conf as the
// package installed it on this machine (only what a private run needs appended: listen address and port, passive
// ports, log folder, homes; and write_enable=YES, which Debian ships commented out, so uploads can happen), then
// RHEL's logging (xferlog_std_format=YES), each as shipped and after the one change `msgmon doctor` proposes.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './support/vsftpd.js';
import { connectFtp, curlFailedLogin, curlUpload, failedTransfers, getText, putText, quit } from './support/ftp-client.js';
import { msgmon, tempHome } from './support/cli.js';
import { sleep } from './support/system.js';

const DEBIAN_CONF = fs.readFileSync('/etc/vsftpd.conf', 'utf8');
const servers: VsftpdServer[] = [];
const local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-stock-'));
fs.writeFileSync(path.join(local, 'b.csv'), 'id;amount\n2;200\n');
afterAll(async () => {
  for (const s of servers) await s.stop();
  fs.rmSync(local, { recursive: true, force: true });
});

/** Starts vsftpd on Debian's shipped config plus `extra`. */
async function stock(extra: Record<string, string> = {}): Promise<VsftpdServer> {
  const srv = await startVsftpd({ base: DEBIAN_CONF, extra: { write_enable: 'YES', ...extra } });
  servers.push(srv);
  return srv;
}

/** One working session with basic-ftp (MKD, CWD, STOR, RETR, CDUP, LIST, QUIT), a curl upload, a refused logon. */
async function sessions(srv: VsftpdServer): Promise<void> {
  const c = await connectFtp(srv);
  await c.send('MKD out');
  await c.cd('out');
  await putText(c, 'a.csv', 'id;amount\n1;100\n');
  expect(await getText(c, 'a.csv')).toBe('id;amount\n1;100\n');
  await c.cdup();
  await c.list();
  await quit(c);
  await curlUpload(srv, path.join(local, 'b.csv'), 'b.csv');
  expect((await curlFailedLogin(srv)).code).toBe(67);
}

/** Ingests a log file into a fresh home and returns the Activity Log and the sessions. */
function ingest(file: string, format: string, ...more: string[]) {
  const home = tempHome();
  const r = msgmon(['--home', home, 'ingest', '--system', 'stock', '--format', format, ...more, file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const counts = JSON.parse(r.stdout);
  const msgs = JSON.parse(msgmon(['--home', home, 'log', '--json']).stdout) as any[];
  const sess = JSON.parse(msgmon(['--home', home, 'sessions', '--json']).stdout) as any[];
  return { counts, msgs, sess, pick: (id: string) => msgs.filter((m) => m.msgId === id) };
}

describe("Debian's shipped vsftpd.conf", () => {
  it('writes vsftpd.log without protocol lines: logons, refused logons, uploads and downloads with user, client, path and bytes', async () => {
    const srv = await stock();
    await sessions(srv);
    const lines = await waitForLogLines(srv.logFile, (ls) => ls.some((l) => l.includes('FAIL LOGIN')), 15_000);
    expect(lines.some((l) => l.includes('FTP command'))).toBe(false);
    expect(fs.existsSync(srv.xferLog)).toBe(false);
    // No QUIT in this log: sessions end by the server's idle timeout in log time, and at the end of the file by the
    // clock: 5 s here instead of vsftpd's 300 (more than the ~2 s PAM delay before a FAIL LOGIN).
    await sleep(5500);
    const { counts, msgs, sess, pick } = ingest(srv.logFile, 'vsftpd', '--session-idle', '5');
    expect(counts).toMatchObject({ lines: lines.length, unparsed: 0 });
    const u = srv.user,
      h = srv.home;
    expect(sess.map((x) => [x.user, x.endedBy, x.active])).toEqual([
      [u, 'idle', false],
      [u, 'idle', false],
      [u, 'idle', false],
    ]);
    expect(pick('FTP0041')).toHaveLength(3);
    expect(pick('FTP0002').map((m) => m.fields)).toEqual([
      expect.objectContaining({ user: u, client: '127.0.0.1' }),
      expect.objectContaining({ user: u, client: '127.0.0.1' }),
    ]);
    expect(pick('FTP0003').map((m) => m.text)).toEqual([`FTP: Logon failed for user ${u} from 127.0.0.1`]);
    expect(pick('FTP0020').map((m) => [m.fields.user, m.fields.client, m.fields.path, m.fields.bytes])).toEqual([
      [u, '127.0.0.1', `${h}/out/a.csv`, 16],
      [u, '127.0.0.1', `${h}/b.csv`, 16],
    ]);
    expect(pick('FTP0021').map((m) => [m.fields.user, m.fields.client, m.fields.path, m.fields.bytes])).toEqual([[u, '127.0.0.1', `${h}/out/a.csv`, 16]]);
    // No protocol lines: no directory change, listing or logout messages.
    expect(msgs.filter((m) => ['FTP0010', 'FTP0011', 'FTP0040'].includes(m.msgId))).toEqual([]);
  }, 60_000);

  it('after the one change doctor proposes (log_ftp_protocol=YES): directory changes, listings and logouts too', async () => {
    const srv = await stock({ log_ftp_protocol: 'YES' });
    await sessions(srv);
    await waitForLogLines(srv.logFile, (ls) => ls.some((l) => l.includes('FAIL LOGIN')), 15_000);
    const { counts, pick } = ingest(srv.logFile, 'vsftpd');
    expect(counts.unparsed).toBe(0);
    expect(pick('FTP0010').map((m) => m.fields.path)).toEqual([`${srv.home}/out`, srv.home]);
    expect(pick('FTP0011')).toHaveLength(1);
    expect(pick('FTP0040')).toHaveLength(2);
    expect(pick('FTP0020')).toHaveLength(2);
  }, 60_000);
});

describe("RHEL's logging (xferlog_std_format=YES)", () => {
  it('writes the xferlog only: uploads and downloads with user, client, path, bytes and completion', async () => {
    const srv = await stock({ xferlog_std_format: 'YES' });
    await sessions(srv);
    await failedTransfers(srv, 4 * 1024 * 1024);
    // Every transfer's line: 3 uploads, 1 download and 3 failed (vsftpd writes the cut-off download's line last).
    const lines = await waitForLogLines(srv.xferLog, (ls) => ls.length >= 7 && ls.filter((l) => / i$/.test(l)).length >= 3, 15_000);
    expect(fs.existsSync(srv.logFile)).toBe(false);
    const { counts, pick } = ingest(srv.xferLog, 'xferlog');
    expect(counts).toMatchObject({ lines: lines.length, unparsed: 0 });
    const u = srv.user,
      h = srv.home;
    const row = (m: any) => [m.fields.user, m.fields.client, m.fields.path, m.fields.bytes];
    expect(pick('FTP0020').map(row)).toEqual([
      [u, '127.0.0.1', `${h}/out/a.csv`, 16],
      [u, '127.0.0.1', `${h}/b.csv`, 16],
      [u, '127.0.0.1', `${h}/big.bin`, 4 * 1024 * 1024],
    ]);
    expect(pick('FTP0021').map(row)).toEqual([[u, '127.0.0.1', `${h}/out/a.csv`, 16]]);
    expect(pick('FTP0020').every((m) => m.fields.completion === 'complete')).toBe(true);
    // Failed transfers (a missing file, a missing folder, a download cut off) say which file and how far it got.
    expect(pick('FTP0050').map((m) => [m.text, m.fields.bytes, m.fields.completion])).toEqual([
      [`FTP: User ${u}: ${h}/no-such-file.txt failed: download incomplete`, 0, 'incomplete'],
      [`FTP: User ${u}: ${h}/no-such-dir/x.txt failed: upload incomplete`, 0, 'incomplete'],
      [`FTP: User ${u}: ${h}/big.bin failed: download incomplete`, expect.any(Number), 'incomplete'],
    ]);
    expect(pick('FTP0050')[2].fields.bytes).toBeLessThan(4 * 1024 * 1024);
  }, 60_000);

  it('after the change doctor proposes (dual_log_enable=YES, log_ftp_protocol=YES): the xferlog stays and vsftpd.log has every command', async () => {
    const srv = await stock({ xferlog_std_format: 'YES', dual_log_enable: 'YES', log_ftp_protocol: 'YES' });
    await sessions(srv);
    await waitForLogLines(srv.logFile, (ls) => ls.some((l) => l.includes('FAIL LOGIN')), 15_000);
    const xfer = await waitForLogLines(srv.xferLog, (ls) => ls.length >= 3, 15_000);
    expect(xfer).toHaveLength(3);
    const { counts, pick } = ingest(srv.logFile, 'vsftpd');
    expect(counts.unparsed).toBe(0);
    expect(pick('FTP0002')).toHaveLength(2);
    expect(pick('FTP0010')).toHaveLength(2);
    expect(pick('FTP0040')).toHaveLength(2);
    expect(pick('FTP0020')).toHaveLength(2);
  }, 60_000);
});
