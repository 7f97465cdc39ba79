// Channels against real receivers in this process: an SMTP server that requires STARTTLS (self-signed
// certificate, checked through --ca, password from the environment), an HTTP server for webhooks (HMAC-SHA256
// signature) and an SMS API, and a command channel's program. Messages come from `msgmon ingest` of vsftpd
// lines and a rule with notify, as a user would set it up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempHome } from './support/cli.js';
import { msgmonAsync, startHookServer, startMailServer, uploadLines, type HookServer, type MailServer } from './support/notify-servers.js';

let mail: MailServer;
let hook: HookServer;
const homes: string[] = [];

beforeAll(async () => {
  mail = await startMailServer({ msgmon: 's3cret' });
  hook = await startHookServer();
});
afterAll(async () => {
  await mail.close();
  await hook.close();
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

/** A home with one rule that notifies `channels` about uploads (FTP0020). */
async function homeWithRule(channels: string[]): Promise<{ home: string; run: (...a: string[]) => ReturnType<typeof msgmonAsync> }> {
  const home = tempHome();
  homes.push(home);
  const run = (...a: string[]) => msgmonAsync(['--home', home, ...a], { env: { SMTP_PASSWORD: 's3cret', HOOK_KEY: 'k3y', SMS_AUTH: 'Bearer t0ken' } });
  const rule = path.join(home, 'rule.json');
  fs.writeFileSync(rule, JSON.stringify({ description: 'tell about uploads', enabled: true, match: { msgId: 'FTP0020' }, actions: { notify: channels } }));
  return { home, run: async (...a) => run(...a) };
}

async function ingest(run: (...a: string[]) => ReturnType<typeof msgmonAsync>, home: string, lines: string): Promise<any> {
  const log = path.join(home, 'vsftpd.log');
  fs.writeFileSync(log, `${lines}\n`);
  const r = await run('ingest', '--system', 'web1', '--format', 'vsftpd', log, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** A mail's body, quoted-printable decoded. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

describe('channels', () => {
  it('email: the rendered subject and body reach a real SMTP server over STARTTLS, authenticated, certificate checked', async () => {
    const { home, run } = await homeWithRule(['mail-ops']);
    const add = await run(
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
      '--user',
      'msgmon',
      '--password-env',
      'SMTP_PASSWORD',
      '--subject',
      'Upload on &SYST by &USER',
      '--body',
      '&MSGID &SEV &DATE &TIME &USER from &CLIENT: &PATH (&BYTES bytes)',
    );
    expect(add.code, add.stderr).toBe(0);
    // The password is a reference in config.json, never its value.
    expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).not.toContain('s3cret');
    expect((await run('rules', 'add', '--file', path.join(home, 'rule.json'))).code).toBe(0);
    const before = mail.mails.length;
    const r = await ingest(run, home, uploadLines('thomask', '/home/thomask/q3.csv'));
    expect(r.notifications).toMatchObject({ asked: 1, sent: 1, failed: 0 });
    const got = mail.mails.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.secure).toBe(true);
    expect(got[0]!.user).toBe('msgmon');
    expect(got[0]!.to).toEqual(['ops@example.com']);
    expect(got[0]!.subject).toBe('Upload on web1 by thomask');
    expect(bodyOf(got[0]!.raw)).toContain('FTP0020 10 2026-11-25 12:04:00 thomask from 10.0.0.5: /home/thomask/q3.csv (1234 bytes)');
    const show = await run('channels', 'show', 'mail-ops', '--json');
    expect(JSON.parse(show.stdout).notifications[0]).toMatchObject({ kind: 'message', state: 'sent', attempts: 1 });
  });

  it('email: a server certificate that does not chain to --ca is refused (no mail in clear text)', async () => {
    const { run } = await homeWithRule([]);
    expect(
      (await run('channels', 'add', 'm', '--type', 'email', '--host', '127.0.0.1', '--port', String(mail.port), '--from', 'a@b.c', '--to', 'd@e.f')).code,
    ).toBe(0);
    const before = mail.mails.length;
    const t = await run('channels', 'test', 'm', '--json');
    expect(t.code).toBe(1);
    expect(JSON.parse(t.stdout).error).toMatch(/self[- ]signed|certificate/i);
    expect(mail.mails.length).toBe(before);
  });

  it('webhook: a JSON POST with a valid HMAC-SHA256 signature of the body', async () => {
    const { home, run } = await homeWithRule(['hook']);
    expect((await run('channels', 'add', 'hook', '--type', 'webhook', '--url', `${hook.url}/msgmon`, '--hmac-env', 'HOOK_KEY')).code).toBe(0);
    expect((await run('rules', 'add', '--file', path.join(home, 'rule.json'))).code).toBe(0);
    const before = hook.requests.length;
    await ingest(run, home, uploadLines('anna', '/home/anna/x.edi'));
    const req = hook.requests.slice(before);
    expect(req).toHaveLength(1);
    expect(req[0]!.method).toBe('POST');
    expect(req[0]!.url).toBe('/msgmon');
    const expected = `sha256=${crypto.createHmac('sha256', 'k3y').update(req[0]!.body).digest('hex')}`;
    expect(req[0]!.headers['x-msgmon-signature']).toBe(expected);
    const body = JSON.parse(req[0]!.body);
    expect(body).toMatchObject({
      channel: 'hook',
      kind: 'message',
      count: 1,
      message: { msgId: 'FTP0020', system: 'web1', fields: { user: 'anna', path: '/home/anna/x.edi' } },
    });
  });

  it('sms: an HTTP API gets the short form (≤ 160 characters) as a form parameter, with the Authorization header', async () => {
    const { home, run } = await homeWithRule(['sms']);
    const add = await run(
      'channels',
      'add',
      'sms',
      '--type',
      'sms',
      '--gateway',
      'http',
      '--url',
      `${hook.url}/sms`,
      '--param',
      'to=+4917012345678',
      '--param',
      'text=&SHORT',
      '--auth-env',
      'SMS_AUTH',
    );
    expect(add.code, add.stderr).toBe(0);
    expect((await run('rules', 'add', '--file', path.join(home, 'rule.json'))).code).toBe(0);
    const before = hook.requests.length;
    await ingest(run, home, uploadLines('bob', `/home/bob/${'very-long-name-'.repeat(15)}.csv`));
    const req = hook.requests.slice(before);
    expect(req).toHaveLength(1);
    expect(req[0]!.headers.authorization).toBe('Bearer t0ken');
    const form = new URLSearchParams(req[0]!.body);
    expect(form.get('to')).toBe('+4917012345678');
    const text = form.get('text')!;
    expect(text.startsWith('web1 FTP0020 FTP: User bob uploaded file /home/bob/very-long-name-')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(160);
  });

  it('command: the program runs without a shell and gets the notification as JSON on stdin and MSGMON_* variables', async () => {
    const { home, run } = await homeWithRule(['cmd']);
    const out = path.join(home, 'got');
    const script = path.join(home, 'receive.sh');
    fs.writeFileSync(script, `#!/bin/sh\ncat > "${out}.json"\nenv | grep '^MSGMON_' | sort > "${out}.env"\n`, { mode: 0o755 });
    expect((await run('channels', 'add', 'cmd', '--type', 'command', '--program', script)).code).toBe(0);
    expect((await run('rules', 'add', '--file', path.join(home, 'rule.json'))).code).toBe(0);
    await ingest(run, home, uploadLines('carl', '/home/carl/$(reboot);.csv'));
    const json = JSON.parse(fs.readFileSync(`${out}.json`, 'utf8'));
    expect(json.message).toMatchObject({ msgId: 'FTP0020', fields: { user: 'carl', path: '/home/carl/$(reboot);.csv' } });
    const env = fs.readFileSync(`${out}.env`, 'utf8');
    expect(env).toContain('MSGMON_MSGID=FTP0020');
    expect(env).toContain('MSGMON_SYSTEM=web1');
    expect(env).toContain('MSGMON_FIELD_USER=carl');
    expect(env).toContain('MSGMON_FIELD_PATH=/home/carl/$(reboot);.csv');
  });

  it('channels list/show/remove; a channel used by a rule is not removed; secrets file must be 0600', async () => {
    const { home, run } = await homeWithRule(['hook2']);
    expect((await run('channels', 'add', 'hook2', '--type', 'webhook', '--url', `${hook.url}/2`, '--hmac-secret', 'hook2')).code).toBe(0);
    expect((await run('rules', 'add', '--file', path.join(home, 'rule.json'))).code).toBe(0);
    const list = await run('channels', 'list');
    expect(list.stdout).toMatch(/hook2\s+webhook/);
    const rm = await run('channels', 'remove', 'hook2');
    expect(rm.code).toBe(1);
    expect(rm.stderr).toContain('used by rule #1');
    fs.writeFileSync(path.join(home, 'secrets.json'), JSON.stringify({ hook2: 'k' }), { mode: 0o644 });
    fs.chmodSync(path.join(home, 'secrets.json'), 0o644);
    const t = await run('channels', 'test', 'hook2');
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('chmod 600');
    fs.chmodSync(path.join(home, 'secrets.json'), 0o600);
    const before = hook.requests.length;
    expect((await run('channels', 'test', 'hook2')).code).toBe(0);
    const req = hook.requests[before]!;
    expect(req.headers['x-msgmon-signature']).toBe(`sha256=${crypto.createHmac('sha256', 'k').update(req.body).digest('hex')}`);
    expect(JSON.parse(req.body).kind).toBe('test');
  });
  it('a rule naming a channel or procedure that does not exist is refused with the name and the command that creates it', async () => {
    const { home, run } = await homeWithRule(['nope']);
    const r = await run('rules', 'add', '--file', path.join(home, 'rule.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('actions.notify: no channel nope: create it first (msgmon channels add nope --type');
    fs.writeFileSync(path.join(home, 'esc.json'), JSON.stringify({ description: 'e', match: { msgId: 'FTP0022' }, actions: { escalate: 'night' } }));
    const e = await run('rules', 'add', '--file', path.join(home, 'esc.json'));
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('no escalation procedure night: create it first (msgmon escalations add night');
    expect(JSON.parse((await run('rules', 'list', '--json')).stdout)).toEqual([]);
  });
  it('a send that fails for good ends as MON0050 on the console and a WARNING in status', async () => {
    const { home, run } = await homeWithRule(['down']);
    expect((await run('channels', 'add', 'down', '--type', 'webhook', '--url', `${hook.url}/down`, '--retry', '1')).code).toBe(0);
    expect((await run('rules', 'add', '--file', path.join(home, 'rule.json'))).code).toBe(0);
    hook.status = 500;
    try {
      const r = await ingest(run, home, uploadLines('dora', '/home/dora/a.csv'));
      expect(r.notifications).toMatchObject({ asked: 1, sent: 0, failed: 1 });
    } finally {
      hook.status = 200;
    }
    const console = JSON.parse((await run('messages', '--json')).stdout) as Array<{ msgId: string; text: string }>;
    expect(console.filter((m) => m.msgId === 'MON0050').map((m) => m.text)).toEqual([
      `Notification on down failed after 1 attempts: ${hook.url}/down answered HTTP 500: broken`,
    ]);
    const st = await run('status', '--json');
    expect(st.code).toBe(1);
    expect(JSON.parse(st.stdout)).toMatchObject({ verdict: 'WARNING', notifications: { failedLastDay: [{ channel: 'down', n: 1 }] } });
  });
});
