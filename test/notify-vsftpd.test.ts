// The seed's first promise, end to end: a REAL vsftpd on 127.0.0.1, its log read by a running `msgmon collect`
// (local source), a rule on a sensitive user's logon with notify, and a REAL SMTP server (STARTTLS, self-signed
// certificate) in the test process: the login gives exactly one email, within 2 s of the log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './support/vsftpd.js';
import { connectFtp, quit } from './support/ftp-client.js';
import { msgmon, tempHome } from './support/cli.js';
import { spawnCollector, type Daemon } from './support/collect-harness.js';
import { killTree, sleep, waitFor } from './support/system.js';
import { startMailServer, type MailServer } from './support/notify-servers.js';

let ftp: VsftpdServer;
let mail: MailServer;
let home: string;
let collector: Daemon | undefined;

beforeAll(async () => {
  ftp = await startVsftpd();
  mail = await startMailServer();
  home = tempHome();
});
afterAll(async () => {
  if (collector?.pid) await killTree(collector.pid, 'SIGKILL');
  await ftp?.stop();
  await mail?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('a sensitive user on a real vsftpd', () => {
  it('logs on: one email within 2 s of the log line', async () => {
    const run = (...a: string[]) => {
      const r = msgmon(['--home', home, ...a]);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    run(
      'channels',
      'add',
      'mail-sec',
      '--type',
      'email',
      '--host',
      '127.0.0.1',
      '--port',
      String(mail.port),
      '--ca',
      mail.caFile,
      '--from',
      'msgmon@example.com',
      '--to',
      'security@example.com',
      '--subject',
      'Sensitive user &USER logged on to &SYST from &CLIENT',
    );
    fs.writeFileSync(
      path.join(home, 'rule.json'),
      JSON.stringify({ description: 'sensitive user logs on', match: { msgId: 'FTP0002', user: ftp.user }, actions: { notify: ['mail-sec'] } }),
    );
    run('rules', 'add', '--file', path.join(home, 'rule.json'));
    run('sources', 'add', 'ftp', '--system', 'local', '--format', 'vsftpd', '--path', ftp.logFile);
    collector = spawnCollector(home, {});
    await waitFor(() => JSON.parse(msgmon(['--home', home, 'status', '--json']).stdout || '{}').sources?.[0]?.state === 'connected', 30_000, 'the source read');
    const client = await connectFtp(ftp);
    const loggedOn = Date.now();
    await waitForLogLines(ftp.logFile, (lines) => lines.some((l) => l.includes(`[${ftp.user}] OK LOGIN`)));
    const seen = Math.min(loggedOn, Date.now());
    const why = () =>
      [collector!.err(), msgmon(['--home', home, 'log', '--json']).stdout.slice(0, 3000), msgmon(['--home', home, 'channels', 'show', 'mail-sec']).stdout].join(
        '\n',
      );
    await waitFor(() => mail.mails.length >= 1, 10_000, 'the email').catch((err) => {
      throw new Error(`${(err as Error).message}: ${why()}`);
    });
    const delay = mail.mails[0]!.at - seen;
    await quit(client);
    await sleep(1500);
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]!.secure).toBe(true);
    expect(mail.mails[0]!.subject).toBe(`Sensitive user ${ftp.user} logged on to local from 127.0.0.1`);
    expect(delay).toBeLessThanOrEqual(2000);
  }, 120_000);
});
