// Work with Channels in a real terminal (tmux): main menu 9, 8=Test on an email channel sends a real mail to a
// real SMTP server in this process (STARTTLS, self-signed certificate) and says so on the message line; a server
// that refuses gives the reason there; F6 creates a command channel that `msgmon channels list` then shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { startMailServer, type MailServer } from './support/notify-servers.js';
import { startTerm } from './support/tmux-term.js';

let mail: MailServer;
let dir: string;

beforeAll(async () => {
  mail = await startMailServer();
  dir = tempHome();
});
afterAll(async () => {
  await mail?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Work with Channels in a real terminal (tmux)', () => {
  it('8=Test mails through a real SMTP server; a refusal shows its reason; F6 creates a channel', async () => {
    const home = path.join(dir, 'h');
    const ok = (...a: string[]) => {
      const r = msgmon(['--home', home, ...a]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    ok(
      'channels',
      'add',
      'mail-ops',
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
      'ops@example.com',
      '--timeout',
      '5',
      '--retry',
      '1',
    );
    const term = startTerm('channels', 80, 24, '', {}, home);
    await term.wait((s) => s.includes('Work with Messages'), 'the console');
    term.keys('F12');
    await term.wait((s) => s.includes('msgmon Main Menu'), 'the main menu');
    term.keys('9', 'Enter');
    await term.wait((s) => s.includes('Work with Channels') && /mail-ops +email +ops@example\.com via 127\.0\.0\.1/.test(s), 'the channel list');

    term.keys('8', 'Enter');
    await term.wait((s) => s.includes('Test notification sent on mail-ops.'), 'the test result');
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]!.secure).toBe(true);
    expect(mail.mails[0]!.to).toEqual(['ops@example.com']);
    expect(mail.mails[0]!.subject).toBe('Test: msgmon msgmon MON0000 (severity 0): Test notification from msgmon on channel mail-ops');

    mail.refuse = true;
    term.keys('8', 'Enter');
    await term.wait((s) => s.includes('Test of mail-ops FAILED:'), 'the refusal');
    expect(mail.mails).toHaveLength(1);
    mail.refuse = false;

    term.keys('F6');
    await term.wait((s) => s.includes('Create Channel') && s.includes('Channel name'), 'the create prompt');
    term.keys('pager', 'Down', 'command', 'Enter');
    await term.wait((s) => s.includes('Program (absolute path)'), 'the command settings');
    term.keys('/usr/bin/logger', 'Down', '-t msgmon', 'Enter');
    await term.wait((s) => s.includes('Channel pager added: command to /usr/bin/logger -t msgmon.'), 'the channel added');
    expect(JSON.parse(ok('channels', 'list', '--json'))).toContainEqual({ name: 'pager', type: 'command', program: '/usr/bin/logger', args: ['-t', 'msgmon'] });
    term.keys('F3');
    expect(await term.exited()).toBe('0');
  }, 60_000);
});
