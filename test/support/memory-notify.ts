// The real notify service for UI tests over sample channels and procedures: a configuration file in a temp
// home (made at first use, removed when the process ends) and a queue in an in-memory SQLite database with a
// few notifications and an escalation at fixed times, so golden screens are stable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NotifyService } from '../../src/core/notify-service.js';
import { HomeNotifyService } from '../../src/services/notify-service.js';
import { ConfigStore } from '../../src/store/config-store.js';
import { NOTIFY_MIGRATION, NotifyTables } from '../../src/store/notify-tables.js';
import { Secrets } from '../../src/notify/secrets.js';

/** Four channels, one of each type, with noise controls and secrets by reference. */
export const SAMPLE_CHANNELS = [
  {
    name: 'mail-sec',
    type: 'email',
    host: 'smtp.example.com',
    tls: 'starttls',
    user: 'msgmon',
    password: { env: 'SMTP_PASSWORD' },
    from: 'msgmon@example.com',
    to: ['security@example.com'],
    subject: 'Sensitive user &USER on &SYST from &CLIENT',
    digestSeconds: 60,
    rateLimit: { count: 10, minutes: 60 },
  },
  { name: 'pager', type: 'command', program: '/usr/local/bin/page-oncall', args: ['ops'], retry: { attempts: 3, backoffSeconds: 5 } },
  { name: 'hook', type: 'webhook', url: 'https://hooks.example.com/msgmon', hmacKey: { env: 'HOOK_KEY' }, suppressMinutes: 10 },
  {
    name: 'sms-oncall',
    type: 'sms',
    gateway: 'http',
    url: 'https://sms.example.com/send',
    method: 'POST',
    format: 'form',
    params: { to: '+491701234567', text: '&SHORT' },
    auth: { secret: 'sms_api' },
    quiet: [{ from: '22:00', to: '07:00', tz: 'Europe/Berlin' }],
  },
];

/** Two procedures: three steps with a repeat and business hours, and a one-step one. */
export const SAMPLE_PROCEDURES = [
  {
    name: 'security',
    description: 'Logon failure waves',
    steps: [
      { after: 0, channels: ['mail-sec'] },
      { after: 15, channels: ['pager'], repeat: { every: 10, times: 3 } },
      { after: 60, channels: ['sms-oncall'], hours: [{ from: '08:00', to: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], tz: 'Europe/Berlin' }] },
    ],
  },
  { name: 'edi', description: 'EDI partner uploads late', steps: [{ after: 30, channels: ['hook'] }] },
];

let home: string | null = null;

/** A notify service over the samples; `now` places the queued rows. Each call starts from the samples again. */
export function memoryNotify(now: number, readOnly = false): NotifyService & { configFile: string; queue: NotifyTables } {
  if (!home) {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-notify-ui-'));
    const dir = home;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const configFile = path.join(home, `config-${process.hrtime.bigint()}.json`);
  new ConfigStore(configFile).update((c) => {
    c.channels = structuredClone(SAMPLE_CHANNELS);
    c.escalations = structuredClone(SAMPLE_PROCEDURES);
    c.rules = [
      { id: 50, seq: 50, description: 'Logon failures 5 in 10 min', enabled: true, match: { msgId: 'FTP0003' }, actions: { escalate: 'security' } },
      { id: 70, seq: 70, description: 'Uploads by partners', enabled: true, match: { msgId: 'FTP0020' }, actions: { notify: ['hook'] } },
    ];
  });
  const db = new Database(':memory:');
  db.exec(NOTIFY_MIGRATION);
  db.exec('CREATE TABLE messages(id INTEGER PRIMARY KEY, ack INTEGER)');
  const tables = new NotifyTables(db);
  const min = 60_000;
  tables.enqueue(
    [{ key: 'msg:1201:mail-sec', channel: 'mail-sec', messageId: 1201, kind: 'message', state: 'pending', due: now - 5 * min }],
    [],
    now - 5 * min,
  );
  tables.sent(tables.get('msg:1201:mail-sec')!.id, now - 5 * min);
  tables.enqueue(
    [{ key: 'esc:1201:2:0:pager', channel: 'pager', messageId: 1201, kind: 'escalation', state: 'pending', due: now - 3 * min, step: 2 }],
    [],
    now - 3 * min,
  );
  tables.failed(tables.get('esc:1201:2:0:pager')!.id, '/usr/local/bin/page-oncall exited 1', null);
  tables.startEscalation(1201, 'security', now - 20 * min, now - 20 * min);
  tables.advance({ messageId: 1201, step: 1, round: 1, due: now + 5 * min, state: 'active' }, 'step 2 sent', [], now - 5 * min);
  const service = new HomeNotifyService(configFile, () => tables, new Secrets(path.join(home, 'secrets.json')), readOnly);
  return Object.assign(service, { configFile, queue: tables });
}
