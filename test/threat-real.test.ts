// The built-in detections on real servers: a real vsftpd session deleting 30 files in a loop raises the mass-delete
// alert; an SFTP session through a real sshd from an address the user never came from raises the new-client alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './support/vsftpd.js';
import { connectFtp, putText, quit } from './support/ftp-client.js';
import { startRsyslog, type Rsyslog } from './support/rsyslog.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { sftpBatch } from './support/sftp-client.js';
import { msgmon, tempHome } from './support/cli.js';

let ftp: VsftpdServer;
let syslog: Rsyslog;
let sshd: SshdServer;

beforeAll(async () => {
  ftp = await startVsftpd();
  syslog = await startRsyslog({ hostname: 'sec1' });
  sshd = await startSshd({ syslogSocket: syslog.socket, extra: { Subsystem: 'sftp internal-sftp -l INFO -f AUTH' } });
}, 60_000);
afterAll(async () => {
  await ftp?.stop();
  await sshd?.stop();
  await syslog?.stop();
});

/** A home with the starter set and the built-in detections. */
function homeWithDefaults(): string {
  const home = tempHome();
  const r = msgmon(['--home', home, 'rules', 'import', '--defaults']);
  expect(r.code, r.stderr).toBe(0);
  return home;
}

const log = (home: string, ...args: string[]) => JSON.parse(msgmon(['--home', home, 'log', '--limit', '1000', '--json', ...args]).stdout);

describe('built-in detections on real servers', () => {
  it('vsftpd: a session deleting 30 files in a loop raises one mass-delete alert with its evidence', async () => {
    const c = await connectFtp(ftp);
    for (let i = 0; i < 30; i++) await putText(c, `f${i}.txt`, `file ${i}\n`);
    for (let i = 0; i < 30; i++) await c.remove(`f${i}.txt`);
    await quit(c);
    await waitForLogLines(ftp.logFile, (ls) => ls.filter((l) => l.includes('OK DELETE')).length === 30, 15_000);
    const home = homeWithDefaults();
    const ing = msgmon(['--home', home, 'ingest', '--system', 'ftp1', '--format', 'vsftpd', ftp.logFile, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    const alerts = log(home, '--msgid', 'SEC*');
    expect(alerts.map((m: any) => [m.msgId, m.fields.user, m.fields.wave_count, m.tags])).toEqual([['SEC0006', ftp.user, 20, ['security', 'mass-delete']]]);
    expect(alerts[0].text).toMatch(new RegExp(`^Mass delete or overwrite by ${ftp.user}: 20 files in \\d+ s$`));
    expect(alerts[0].severity).toBe(80);
  }, 120_000);

  it('sshd: an SFTP session from an address the user never came from raises one new-client alert', async () => {
    const home = homeWithDefaults();
    // The user's history: a logon from 127.0.0.1 ten days ago (an older auth.log).
    const past = new Date(Date.now() - 10 * 86_400_000);
    const stamp = past.toUTCString().slice(8, 11) + ' ' + String(past.getUTCDate()).padStart(2, ' ') + ' ' + past.toISOString().slice(11, 19);
    const old = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sec-')), 'auth.log.1');
    fs.writeFileSync(old, `${stamp} sec1 sshd[100]: Accepted publickey for ${sshd.user} from 127.0.0.1 port 40000 ssh2\n`);
    const first = msgmon(['--home', home, 'ingest', '--system', 'sec1', '--format', 'sshd,sftp', old, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(log(home, '--msgid', 'FTP0002').map((m: any) => m.fields.client)).toEqual(['127.0.0.1']);

    expect((await sftpBatch(sshd, ['ls', 'bye'])).code).toBe(0);
    expect((await sftpBatch(sshd, ['ls', 'bye'], { bindAddress: '127.0.0.2' })).code).toBe(0);
    await waitForLogLines(syslog.logFile, (ls) => ls.filter((l) => l.includes(' Disconnected from user ')).length === 2, 15_000);
    const ing = msgmon(['--home', home, 'ingest', '--system', 'sec1', '--format', 'sshd,sftp', syslog.logFile, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    expect(log(home, '--msgid', 'FTP0002').map((m: any) => m.fields.client)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.2']);
    const alerts = log(home, '--msgid', 'SEC*');
    expect(alerts.map((m: any) => [m.msgId, m.fields.user, m.fields.client, m.fields.last_seen, m.fields.protocol])).toEqual([
      ['SEC0001', sshd.user, '127.0.0.2', 'never', 'ssh'],
    ]);
    expect(alerts[0].fields.known_since.slice(0, 10)).toBe(past.toISOString().slice(0, 10));
  }, 120_000);
});
