// Live updates on PostgreSQL by LISTEN/NOTIFY (issue 18): another connection's commit, acknowledgement and defer
// reach a listening store as notifications (no polling query), a store of schema version 1 gains the trigger when
// opened, and what one changes() call costs once it listens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../src/core/types.js';
import { PgConnection } from '../src/store/pg/pg-connection.js';
import { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { type PgCluster, pgAvailable, startCluster } from './support/pg-cluster.js';

let cluster: PgCluster | null = null;
let admin: PgConnection | null = null;
let databases = 0;

beforeAll(async () => {
  if (!pgAvailable()) return;
  cluster = await startCluster();
  admin = PgConnection.open(cluster.url);
}, 180_000);
afterAll(() => {
  admin?.close();
  cluster?.stop();
});

/** A new empty database's URL. */
function database(): string {
  const name = `notify_${++databases}`;
  admin!.exec(`CREATE DATABASE ${name}`);
  return cluster!.url.replace(/\/postgres$/, `/${name}`);
}

const message = (i: number): NewMessage => ({
  time: Date.UTC(2026, 10, 24, 10, 0, i),
  system: 'web1',
  source: 'vsftpd',
  msgId: 'FTP0020',
  severity: 20,
  text: `FTP: User alice uploaded file /srv/in/file_${i}.csv`,
  fields: { user: 'alice' },
  session: null,
  console: 'shown',
  ack: null,
  rules: [],
  highlight: null,
  inquiry: false,
  tags: [],
  raw: `upload ${i}`,
});

/** Waits until `cond` holds (generous: a loaded CI machine), else fails naming `what`. */
async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!pgAvailable())('PostgreSQL live updates (LISTEN/NOTIFY)', () => {
  it("a listening store is notified of another connection's commit, acknowledgement and defer", async () => {
    const url = database();
    const screen = PgMessageStore.open(url);
    const collector = PgMessageStore.open(url);
    const start = screen.changes();
    expect(screen.db.notifications()).toBe(0);

    collector.commit([message(1), message(2)]);
    await until(() => screen.db.notifications() === 1, 'the commit notification');
    collector.act([1], 'ack', { operator: 'anna' });
    await until(() => screen.db.notifications() === 2, 'the acknowledgement notification');
    collector.defer([2], 10, { operator: 'anna' });
    await until(() => screen.db.notifications() === 3, 'the defer notification');
    expect(screen.changes()).toBeGreaterThan(start);
    // A connection that never asked for changes() does not listen.
    expect(collector.db.notifications()).toBe(0);

    // Once listening, a call is a shared-memory read and, once a second, one query.
    const calls = 2000;
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) screen.changes();
    const perCall = (performance.now() - t0) / calls;
    const q0 = performance.now();
    for (let i = 0; i < 200; i++) screen.db.query("SELECT value FROM counters WHERE name = 'changes'");
    const perQuery = (performance.now() - q0) / 200;
    process.stderr.write(`pg-notify: changes() ${(perCall * 1000).toFixed(1)} µs a call; the counter query it replaces ${(perQuery * 1000).toFixed(0)} µs\n`);
    screen.close();
    collector.close();
  });

  it('a store of schema version 1 gets the notifying trigger when opened', async () => {
    const url = database();
    const old = PgConnection.open(url);
    PgMessageStore.open(url).close();
    old.exec('DROP TRIGGER counters_changes ON counters; DROP FUNCTION msgmon_notify_changes(); UPDATE msgmon_schema SET version = 1');
    old.close();
    const listener = PgMessageStore.open(url);
    listener.changes();
    const writer = PgMessageStore.open(url);
    writer.commit([message(1)]);
    await until(() => listener.db.notifications() === 1, 'the notification after the upgrade');
    const [v] = listener.db.query<{ version: number }>('SELECT version FROM msgmon_schema');
    expect(v!.version).toBe(2);
    listener.close();
    writer.close();
  });
});
