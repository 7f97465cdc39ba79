// Work with Channels and Work with Escalation Procedures (main menu 9 and 10) over the real notify service and
// configuration file: golden screens at 80x24 and 132x27, then create, change, display, remove and test through
// the navigator as an operator would type it.
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../src/store/config-store.js';
import { Navigator } from '../src/ui/navigator.js';
import { golden } from './support/golden-file.js';
import { memoryServices } from './support/memory-services.js';
import { startHookServer } from './support/notify-servers.js';
import { waitFor } from './support/system.js';

const open = (cols = 80, rows = 24, readOnly = false) => {
  const services = memoryServices({ readOnly });
  const nav = Navigator.console(services, { cols, rows });
  const keys = (...k: string[]) => k.forEach((x) => nav.key(x));
  const text = () => nav.render().toText();
  return { services, nav, keys, text, line: (r: number) => nav.render().line(r) };
};
const CHANNELS = ['f12', '9', 'enter'];
const PROCEDURES = ['f12', '1', '0', 'enter'];
const channelsOf = (file: string) => new ConfigStore(file).data.channels as Array<Record<string, unknown>>;

const SCREENS: Record<string, string[]> = {
  channels: CHANNELS,
  'channel-display': [...CHANNELS, '5', 'enter'],
  'channel-change': [...CHANNELS, '2', 'enter'],
  'channel-create': [...CHANNELS, 'f6', ...'hook2', 'down', ...'webhook', 'enter'],
  escalations: PROCEDURES,
  'escalation-display': [...PROCEDURES, 'down', '5', 'enter'],
  'escalation-change': [...PROCEDURES, 'down', '2', 'enter'],
};

describe('golden notification screens', () => {
  for (const [cols, rows] of [
    [80, 24],
    [132, 27],
  ] as const) {
    for (const [name, k] of Object.entries(SCREENS)) {
      it(`${name} ${cols}x${rows}`, () => {
        const { nav, keys } = open(cols, rows);
        keys(...k);
        const grid = nav.render();
        golden(`${name}-${cols}x${rows}.txt`, grid.toText());
        golden(`${name}-${cols}x${rows}.attr.txt`, grid.toAttrText());
      });
    }
  }
});

describe('Work with Channels', () => {
  it('F6 creates a webhook channel: name and type, then its settings; a bad field is named and keeps the prompt', () => {
    const { services, nav, keys, line } = open();
    keys(...CHANNELS, 'f6', ...'ops-hook', 'down', ...'webhook', 'enter');
    expect(nav.current.id).toBe('channel-editor');
    expect(line(0)).toContain('Create Channel');
    keys(...'ftp://nope', 'enter');
    expect(line(23)).toMatch(/url/);
    keys('C-u', ...'https://hooks.example.com/ops', 'down', ...'HOOK_KEY', 'enter');
    expect(line(23)).toContain('hmac: type env:VARIABLE or secret:KEY');
    keys('C-u', ...'env:HOOK_KEY', 'down', 'down', ...'5/60', 'enter');
    expect(nav.current.id).toBe('work-with-channels');
    expect(line(23)).toContain('Channel ops-hook added: webhook to https://hooks.example.com/ops.');
    expect(channelsOf(services.notify.configFile).find((c) => c.name === 'ops-hook')).toEqual({
      name: 'ops-hook',
      type: 'webhook',
      url: 'https://hooks.example.com/ops',
      hmacKey: { env: 'HOOK_KEY' },
      rateLimit: { count: 5, minutes: 60 },
    });
    expect(nav.render().toText()).toMatch(/ops-hook +webhook +https:\/\/hooks\.example\.com\/ops/);
  });

  it('2=Change keeps what the editor has no field for, and the name cannot be taken twice', () => {
    const { services, nav, keys, line } = open();
    new ConfigStore(services.notify.configFile).update((c) => {
      c.channels[0]!.body = 'Custom body &MSG';
    });
    keys(...CHANNELS, '2', 'enter');
    expect(line(0)).toContain('Change Channel');
    // The Digest field (10th): 60 → 120.
    for (let i = 0; i < 9; i++) keys('down');
    keys('C-u', ...'120', 'enter');
    expect(nav.current.id).toBe('work-with-channels');
    const mail = channelsOf(services.notify.configFile).find((c) => c.name === 'mail-sec')!;
    expect(mail).toMatchObject({ digestSeconds: 120, body: 'Custom body &MSG', password: { env: 'SMTP_PASSWORD' }, rateLimit: { count: 10, minutes: 60 } });
    keys('f6', ...'pager', 'down', ...'command', 'enter');
    expect(line(23)).toContain('Channel pager exists already');
  });

  it('4=Remove is refused while a procedure names the channel, and removes one nothing names', () => {
    const { services, keys, line } = open();
    keys(...CHANNELS, 'down', '4', 'enter');
    expect(line(23)).toContain('Channel pager is used by escalation procedure security: change those first');
    services.notify.saveChannel({ name: 'spare', type: 'command', program: '/bin/true' }, null);
    // The cursor stays on pager (row 2); spare is row 5.
    keys('f5', 'down', 'down', 'down', '4', 'enter');
    expect(line(23)).toContain('Channel spare removed.');
    expect(channelsOf(services.notify.configFile).map((c) => c.name)).not.toContain('spare');
  });

  it('--read-only refuses every change', () => {
    const { keys, line } = open(80, 24, true);
    keys(...CHANNELS, 'f6');
    expect(line(23)).toMatch(/read-only/);
    keys('4', 'enter');
    expect(line(23)).toMatch(/read-only/);
  });

  it('8=Test sends on a real local HTTP server and says so on the message line; a failure says why', async () => {
    const hook = await startHookServer();
    try {
      const { services, nav, keys, line } = open();
      services.notify.saveChannel({ name: 'local', type: 'webhook', url: `${hook.url}/t`, timeout: '5' }, null);
      keys(...CHANNELS, 'f5', 'down', 'down', 'down', 'down', '8', 'enter');
      expect(line(23)).toContain('Testing local...');
      await waitFor(() => nav.tick() || undefined, 10_000, 'the test result');
      expect(line(23)).toContain('Test notification sent on local.');
      expect(hook.requests).toHaveLength(1);
      expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ channel: 'local', kind: 'test' });
      hook.status = 500;
      keys('8', 'enter');
      await waitFor(() => nav.tick() || undefined, 10_000, 'the failed test');
      expect(line(23)).toContain('Test of local FAILED:');
      expect(line(23)).toContain('HTTP 500');
    } finally {
      await hook.close();
    }
  });
});

describe('Work with Escalation Procedures', () => {
  it('F6 creates a procedure; a step naming no channel is refused on its field', () => {
    const { services, nav, keys, line } = open();
    keys(...PROCEDURES, 'f6', ...'night', 'down', ...'Night shift', 'down', ...'0:mail-sec', 'down', ...'30:nosuch', 'enter');
    expect(line(23)).toContain('No channel nosuch: create it first on Work with Channels (F6).');
    keys('C-u', ...'30:pager:every=15,times=2;hours=18:00-08:00', 'enter');
    expect(nav.current.id).toBe('work-with-escalations');
    expect(line(23)).toContain('Escalation procedure night added: 2 steps.');
    const saved = (new ConfigStore(services.notify.configFile).data.escalations as Array<{ name: string }>).find((p) => p.name === 'night');
    expect(saved).toEqual({
      name: 'night',
      description: 'Night shift',
      steps: [
        { after: 0, channels: ['mail-sec'] },
        { after: 30, channels: ['pager'], repeat: { every: 15, times: 2 }, hours: [{ from: '18:00', to: '08:00' }] },
      ],
    });
  });

  it('2=Change shows the steps in the --step form and saves them back unchanged', () => {
    const { services, keys, nav } = open(132, 27);
    const before = new ConfigStore(services.notify.configFile).data.escalations;
    keys(...PROCEDURES, '2', 'enter');
    expect(nav.render().toText()).toContain('60:sms-oncall:hours=08:00-18:00,mon,tue,wed,thu,fri@Europe/Berlin');
    keys('enter');
    expect(nav.current.id).toBe('work-with-escalations');
    expect(new ConfigStore(services.notify.configFile).data.escalations).toEqual(before);
  });

  it('4=Remove is refused while a rule starts the procedure', () => {
    const { keys, line } = open();
    keys(...PROCEDURES, '4', 'enter');
    expect(line(23)).toContain('is started by rule #');
  });
});
