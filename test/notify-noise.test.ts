// Noise control and failures with the real queue (SQLite store) and real receivers, on a controlled clock:
// 1,000 matching messages in 10 s give at most the rate limit, one digest counting all 1,000; the same message is
// not notified twice within its window; quiet hours hold and then send one digest; a dead SMTP server, an HTTP 500
// and a command that exits 1 are retried with a doubling wait, then end as MON0050 with the row kept as failed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MessageStore } from '../src/store/message-store.js';
import { NotifyTables } from '../src/store/notify-tables.js';
import { channelSchema } from '../src/notify/channel-schema.js';
import { fixedSetup } from '../src/notify/notify-config.js';
import { Notifier } from '../src/notify/notifier.js';
import { NotifySender } from '../src/notify/sender.js';
import { Secrets } from '../src/notify/secrets.js';
import { storeRaiser } from '../src/notify/runtime.js';
import { Catalog } from '../src/catalog/catalog.js';
import type { NewMessage } from '../src/core/types.js';
import { tempHome } from './support/cli.js';
import { startHookServer, type HookServer } from './support/notify-servers.js';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
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
  hook.status = 200;
  return () => {
    store.close();
    fs.rmSync(home, { recursive: true, force: true });
  };
});

function upload(i: number): NewMessage {
  const user = `user${i % 7}`;
  return {
    time: now,
    system: 'web1',
    source: 'vsftpd',
    msgId: 'FTP0020',
    severity: 10,
    text: `FTP: User ${user} uploaded file /in/f${i}.csv (10 bytes)`,
    fields: { user, path: `/in/f${i}.csv`, bytes: 10 },
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

/** Queue, noise control and sender over the store, with channels given as config JSON. */
function rig(channels: unknown[]) {
  const tables = new NotifyTables(store.db);
  const setup = fixedSetup(channels.map((c) => channelSchema.parse(c)));
  const notifier = new Notifier(tables, setup, () => now);
  const sender = new NotifySender({
    tables,
    setup,
    secrets: new Secrets(path.join(home, 'secrets.json')),
    message: (id) => store.get(id),
    raise: storeRaiser(store, catalog),
    now: () => now,
  });
  const feed = (msgs: NewMessage[], channel: string) => {
    const ids = store.commit(msgs);
    notifier.enqueue(ids.map((id, i) => ({ messageId: id, message: msgs[i]!, request: { ruleId: 1, channels: [channel], escalation: null } })));
  };
  return { tables, notifier, sender, feed };
}

const bodies = () => hook.requests.map((r) => JSON.parse(r.body));
const mon = (id: string) => store.page({ console: true, msgId: id }, 100).messages;

describe('noise control', () => {
  it('1,000 matching messages in 10 s: at most the rate limit, and one digest counting all 1,000', async () => {
    const { sender, feed } = rig([{ type: 'webhook', name: 'hook', url: hook.url, rateLimit: { count: 3, minutes: 60 }, digestSeconds: 30 }]);
    for (let i = 0; i < 1000; i++) {
      feed([upload(i)], 'hook');
      now += 10; // 1,000 messages over 10 s
      if (i % 100 === 99) await sender.pass();
    }
    now = T0 + 31_000;
    await sender.pass();
    const got = bodies();
    expect(got.length).toBeLessThanOrEqual(3);
    const digests = got.filter((b) => b.kind === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0].count).toBe(1000);
    expect(digests[0].firstTexts).toHaveLength(5);
    expect(digests[0].firstTexts[0]).toBe('FTP: User user0 uploaded file /in/f0.csv (10 bytes)');
    expect(got.filter((b) => b.kind === 'message')).toHaveLength(1);
  });

  it('without a digest window the rate limit still folds the rest into one digest', async () => {
    const { sender, feed } = rig([{ type: 'webhook', name: 'hook', url: hook.url, rateLimit: { count: 4, minutes: 1 } }]);
    feed(
      Array.from({ length: 50 }, (_, i) => upload(i)),
      'hook',
    );
    await sender.pass();
    now += 61_000;
    await sender.pass();
    const got = bodies();
    expect(got.filter((b) => b.kind === 'message')).toHaveLength(3);
    expect(got.filter((b) => b.kind === 'digest').map((b) => b.count)).toEqual([47]);
  });

  it('the same message is not notified twice within the window; after it, it is', async () => {
    const { sender, feed } = rig([{ type: 'webhook', name: 'hook', url: hook.url, suppressMinutes: 10 }]);
    feed([upload(1)], 'hook');
    now += 60_000;
    feed([upload(1)], 'hook');
    await sender.pass();
    expect(bodies()).toHaveLength(1);
    now += 10 * 60_000;
    feed([upload(1)], 'hook');
    await sender.pass();
    expect(bodies()).toHaveLength(2);
  });

  it('quiet hours hold what comes and send one digest when they end', async () => {
    const { sender, feed } = rig([{ type: 'webhook', name: 'hook', url: hook.url, quiet: [{ from: '11:00', to: '13:00' }] }]);
    feed([upload(1), upload(2), upload(3)], 'hook');
    await sender.pass();
    expect(bodies()).toHaveLength(0);
    now = Date.UTC(2026, 10, 25, 13, 0, 30);
    await sender.pass();
    expect(bodies().map((b) => [b.kind, b.count])).toEqual([['digest', 3]]);
  });

  it('nothing is sent twice when a second process (a restart) takes over the queue', async () => {
    const a = rig([{ type: 'webhook', name: 'hook', url: hook.url, digestSeconds: 60 }]);
    a.feed([upload(1)], 'hook');
    await a.sender.pass();
    a.feed([upload(2), upload(3)], 'hook');
    // A new process: noise state rebuilt from the queue; the digest window and the sent row are remembered.
    const b = rig([{ type: 'webhook', name: 'hook', url: hook.url, digestSeconds: 60 }]);
    b.feed([upload(4)], 'hook');
    await b.sender.pass();
    expect(bodies()).toHaveLength(1);
    now += 61_000;
    await b.sender.pass();
    await a.sender.pass();
    expect(bodies().map((x) => [x.kind, x.count])).toEqual([
      ['message', 1],
      ['digest', 4],
    ]);
  });
});

describe('failures', () => {
  const retry = { attempts: 3, backoffSeconds: 1 };

  async function untilFailed(sender: NotifySender, steps: number): Promise<void> {
    for (let i = 0; i < steps; i++) {
      await sender.pass();
      now += 5_000;
    }
  }

  it('HTTP 500: retried with a doubling wait, then MON0050 on the console; the row stays, failed', async () => {
    hook.status = 500;
    const { sender, feed, tables } = rig([{ type: 'webhook', name: 'hook', url: hook.url, retry }]);
    feed([upload(1)], 'hook');
    await sender.pass();
    expect(hook.requests).toHaveLength(1);
    await sender.pass(); // not due yet: the wait is 1 s
    expect(hook.requests).toHaveLength(1);
    await untilFailed(sender, 4);
    expect(hook.requests).toHaveLength(3);
    const row = tables.list('hook')[0]!;
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row.error).toContain('HTTP 500');
    const m = mon('MON0050');
    expect(m).toHaveLength(1);
    expect(m[0]!.text).toMatch(/^Notification on hook failed after 3 attempts: .*HTTP 500/);
    expect(m[0]!.system).toBe('web1');
  });

  it('a dead SMTP server: retries, then MON0050', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const { sender, feed, tables } = rig([{ type: 'email', name: 'mail', host: '127.0.0.1', port, from: 'a@b.c', to: ['d@e.f'], retry, timeoutSeconds: 2 }]);
    feed([upload(1)], 'mail');
    await untilFailed(sender, 5);
    expect(tables.list('mail')[0]).toMatchObject({ state: 'failed', attempts: 3 });
    expect(tables.list('mail')[0]!.error).toMatch(/ECONNREFUSED/);
    expect(mon('MON0050')[0]!.text).toContain('Notification on mail failed after 3 attempts');
  });

  it('a command that exits 1: retries, then MON0050 with its last stderr line', async () => {
    const script = path.join(home, 'fail.sh');
    fs.writeFileSync(script, '#!/bin/sh\necho "pager gateway down" >&2\nexit 1\n', { mode: 0o755 });
    const { sender, feed } = rig([{ type: 'command', name: 'cmd', program: script, retry }]);
    feed([upload(1)], 'cmd');
    await untilFailed(sender, 5);
    expect(mon('MON0050')[0]!.text).toBe(`Notification on cmd failed after 3 attempts: ${script} exited 1: pager gateway down`);
  });
});
