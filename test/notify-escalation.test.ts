// Escalation procedures over the real queue on a controlled clock (step 1, no ack, step 2 after its delay; an ack
// before step 2 stops it; a defer pauses it; business hours hold a step), and across a kill -9 of a real
// `msgmon collect` between two steps: after the restart step 2 is sent exactly once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { MessageStore } from '../src/store/message-store.js';
import { NotifyTables } from '../src/store/notify-tables.js';
import { channelSchema, procedureSchema } from '../src/notify/channel-schema.js';
import { fixedSetup } from '../src/notify/notify-config.js';
import { Notifier } from '../src/notify/notifier.js';
import { NotifySender } from '../src/notify/sender.js';
import { Secrets } from '../src/notify/secrets.js';
import { storeRaiser } from '../src/notify/runtime.js';
import { Catalog } from '../src/catalog/catalog.js';
import { detailsDoc } from '../src/ui/render-details.js';
import type { NewMessage } from '../src/core/types.js';
import { msgmon, tempHome } from './support/cli.js';
import { startHookServer, uploadLines, type HookServer } from './support/notify-servers.js';
import { spawnCollector } from './support/collect-harness.js';
import { killTree, sleep, waitFor } from './support/system.js';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0); // a Wednesday
let hook: HookServer;
let home: string;
let store: MessageStore;
let now: number;
const catalog = Catalog.load();

beforeAll(async () => {
  hook = await startHookServer();
});
afterAll(async () => {
  await hook.close();
});
beforeEach(() => {
  home = tempHome();
  store = new MessageStore(path.join(home, 'messages.db'));
  now = T0;
  hook.requests.length = 0;
  return () => {
    store.close();
    fs.rmSync(home, { recursive: true, force: true });
  };
});

function alert(): NewMessage {
  return {
    time: now,
    system: 'web1',
    source: 'vsftpd',
    msgId: 'FTP0022',
    severity: 40,
    text: 'FTP: User edi_acme deleted file /in/orders.edi',
    fields: { user: 'edi_acme', path: '/in/orders.edi' },
    session: null,
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: '',
  };
}

function rig(procedure: unknown) {
  const tables = new NotifyTables(store.db);
  const setup = fixedSetup(
    [
      channelSchema.parse({ type: 'webhook', name: 'first', url: `${hook.url}/first` }),
      channelSchema.parse({ type: 'webhook', name: 'boss', url: `${hook.url}/boss` }),
    ],
    [procedureSchema.parse(procedure)],
  );
  const notifier = new Notifier(tables, setup, () => now);
  const sender = new NotifySender({
    tables,
    setup,
    secrets: new Secrets('/nonexistent'),
    message: (id) => store.get(id),
    raise: storeRaiser(store, catalog),
    now: () => now,
  });
  const start = (): number => {
    const m = alert();
    const [id] = store.commit([m]);
    notifier.enqueue([{ messageId: id!, message: m, request: { ruleId: 1, channels: [], escalation: 'oncall' } }]);
    return id!;
  };
  return { tables, sender, start };
}

const told = () => hook.requests.map((r) => `${r.url} step ${JSON.parse(r.body).step}`);
const TWO_STEPS = {
  name: 'oncall',
  steps: [
    { after: 0, channels: ['first'] },
    { after: 10, channels: ['boss'] },
  ],
};

describe('escalation procedures', () => {
  it('step 1 at once, no ack, step 2 after its delay; MON0040 for each step', async () => {
    const { sender, start, tables } = rig(TWO_STEPS);
    const id = start();
    await sender.pass();
    expect(told()).toEqual(['/first step 1']);
    now += 9 * 60_000;
    await sender.pass();
    expect(told()).toEqual(['/first step 1']);
    now += 60_000;
    await sender.pass();
    await sender.pass();
    expect(told()).toEqual(['/first step 1', '/boss step 2']);
    expect(tables.escalation(id)).toMatchObject({ state: 'done' });
    const steps = store.page({ console: true, msgId: 'MON0040' }, 10).messages.map((m) => m.text);
    expect(steps).toEqual([
      `Escalation step 2: message ${id} not acknowledged, oncall tells boss`,
      `Escalation step 1: message ${id} not acknowledged, oncall tells first`,
    ]);
  });

  it('an acknowledgement before step 2 stops it, naming who acknowledged', async () => {
    const { sender, start, tables } = rig(TWO_STEPS);
    const id = start();
    await sender.pass();
    now += 5 * 60_000;
    store.act([id], 'ack', { operator: 'anna', comment: 'called the partner' });
    now += 10 * 60_000;
    await sender.pass();
    expect(told()).toEqual(['/first step 1']);
    expect(tables.escalation(id)).toMatchObject({ state: 'stopped', reason: 'acknowledged by anna' });
    expect(tables.acts(id)).toMatchObject([{ action: 'ack', operator: 'anna', comment: 'called the partner' }]);
    // Message Details shows it: who acknowledged, what was sent, where the escalation stands.
    const h = store.history(id);
    expect(h.actions).toEqual([expect.stringMatching(/^Acknowledged \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by anna: called the partner$/)]);
    expect(h.notifications[0]).toMatch(/^first: escalation step 1, sent /);
    expect(h.notifications.at(-1)).toBe('Escalation oncall: stopped (acknowledged by anna)');
    const doc = detailsDoc({ id, message: store.get(id), help: null, top: 0, history: h }, 100)
      .map((l) => l.map((s) => s.text).join(' '))
      .join('\n');
    expect(doc).toContain('Operator actions : Acknowledged');
    expect(doc).toContain('Notifications . : first: escalation step 1, sent');
  });

  it('a defer pauses it until the defer ends; repeats run while nobody acknowledges', async () => {
    const { sender, start, tables } = rig({
      name: 'oncall',
      steps: [
        { after: 0, channels: ['first'], repeat: { every: 5, times: 1 } },
        { after: 10, channels: ['boss'] },
      ],
    });
    const id = start();
    await sender.pass();
    now += 5 * 60_000;
    await sender.pass();
    expect(told()).toEqual(['/first step 1', '/first step 1']);
    tables.record([{ messageId: id, action: 'defer', operator: 'bob', comment: null, time: now, until: now + 30 * 60_000 }]);
    now += 10 * 60_000;
    await sender.pass();
    expect(told()).toHaveLength(2);
    now += 21 * 60_000;
    await sender.pass();
    await sender.pass();
    expect(told()).toEqual(['/first step 1', '/first step 1', '/boss step 2']);
  });

  it('a step with business hours waits for them', async () => {
    const { sender, start } = rig({ name: 'oncall', steps: [{ after: 0, channels: ['first'], hours: [{ from: '14:00', to: '18:00', days: ['wed'] }] }] });
    start();
    await sender.pass();
    expect(told()).toEqual([]);
    now = Date.UTC(2026, 10, 25, 14, 0, 0);
    await sender.pass();
    await sender.pass();
    expect(told()).toEqual(['/first step 1']);
  });
});

describe('escalation across kill -9 of msgmon collect', () => {
  it('step 1 sent, collector killed between the steps, restarted: step 2 sent exactly once', async () => {
    const run = (...a: string[]) => {
      const r = msgmon(['--home', home, ...a]);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    const log = path.join(home, 'vsftpd.log');
    fs.writeFileSync(log, '');
    run('channels', 'add', 'first', '--type', 'webhook', '--url', `${hook.url}/first`);
    run('channels', 'add', 'boss', '--type', 'webhook', '--url', `${hook.url}/boss`);
    run('escalations', 'add', 'oncall', '--step', '0:first', '--step', '0.1:boss');
    fs.writeFileSync(
      path.join(home, 'rule.json'),
      JSON.stringify({ description: 'escalate uploads', match: { msgId: 'FTP0020' }, actions: { escalate: 'oncall' } }),
    );
    run('rules', 'add', '--file', path.join(home, 'rule.json'));
    run('sources', 'add', 'ftp', '--system', 'local', '--format', 'vsftpd', '--path', log);
    let d = spawnCollector(home, {});
    try {
      fs.appendFileSync(log, `${uploadLines('edi_acme', '/in/orders.edi')}\n`);
      await waitFor(() => hook.requests.length >= 1, 20_000, 'step 1');
      await killTree(d.pid!, 'SIGKILL');
      await sleep(7_000); // step 2 falls due while no collector runs
      expect(told()).toEqual(['/first step 1']);
      d = spawnCollector(home, {});
      await waitFor(() => hook.requests.length >= 2, 20_000, `step 2 after the restart: ${d.err()}`);
      await sleep(2_000);
      expect(told()).toEqual(['/first step 1', '/boss step 2']);
    } finally {
      await killTree(d.pid!, 'SIGKILL');
    }
  }, 180_000);
});
