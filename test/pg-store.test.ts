// The message store's promises, checked the same way on both implementations: SQLite (MessageStore, the default) and
// PostgreSQL 15 (PgMessageStore, on a private cluster started here). Commit and cursor in one transaction, paging, the
// filters, operator actions and counts, and the hash chain's verify finding an altered and a deleted row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/core/errors.js';
import type { MessageQuery } from '../src/core/services.js';
import type { NewMessage } from '../src/core/types.js';
import { type VerifyResult, verifyChain } from '../src/store/chain-verify.js';
import { MessageStore } from '../src/store/message-store.js';
import { PgConnection } from '../src/store/pg/pg-connection.js';
import { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { type PgCluster, pgAvailable, startCluster } from './support/pg-cluster.js';

/** What these tests use of a store, and two things only a test does: verify the chain, run SQL behind its back. */
type Store = Pick<MessageStore, 'commit' | 'cursor' | 'page' | 'get' | 'count' | 'act' | 'lastId' | 'changes' | 'history' | 'close'> & {
  operator: string;
};
interface Subject {
  store: Store;
  verify(): VerifyResult;
  /** SQL outside msgmon (a tamperer), written the same for both databases. */
  tamper(sql: string): void;
  /** Another connection to the same store (another console or collector). */
  another(): Store;
}

let cluster: PgCluster | null = null;
let admin: PgConnection | null = null;
let databases = 0;
const dirs: string[] = [];

const backends: Array<[string, () => Subject]> = [
  [
    'SQLite',
    () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-store-'));
      dirs.push(d);
      const file = path.join(d, 'messages.db');
      const store = new MessageStore(file);
      return { store, verify: () => verifyChain(store.db), tamper: (sql) => store.db.exec(sql), another: () => new MessageStore(file) };
    },
  ],
];
if (pgAvailable()) {
  backends.push([
    'PostgreSQL',
    () => {
      // A database of its own for each test: no test sees another's messages.
      const name = `store_${++databases}`;
      admin!.exec(`CREATE DATABASE ${name}`);
      const url = cluster!.url.replace(/\/postgres$/, `/${name}`);
      const store = PgMessageStore.open(url);
      return { store, verify: () => store.verify(), tamper: (sql) => store.db.exec(sql), another: () => PgMessageStore.open(url) };
    },
  ]);
}

beforeAll(async () => {
  if (!pgAvailable()) return;
  cluster = await startCluster();
  admin = PgConnection.open(cluster.url);
}, 180_000);
afterAll(() => {
  admin?.close();
  cluster?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

/** Waits until `cond` holds (generous: a loaded CI machine), else fails naming `what`. */
async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Message `i`: two systems, three users, alternating msgIds and severities, over three days (three partitions). */
function message(i: number, extra: Partial<NewMessage> = {}): NewMessage {
  const user = ['alice', 'bob', 'carol'][i % 3]!;
  const msgId = ['FTP0020', 'FTP0021', 'FTP0002', 'SEC0003'][i % 4]!;
  return {
    time: T0 + (i % 3) * 86_400_000 + i * 1000,
    system: i % 2 ? 'web2' : 'web1',
    source: 'vsftpd',
    msgId,
    severity: msgId === 'SEC0003' ? 80 : 20,
    text: `FTP: User ${user} did ${msgId} on /srv/file_${i}.csv word${i}`,
    fields: { user, path: `/srv/file_${i}.csv`, pid: 4000 + i },
    session: null,
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: `raw line ${i} "quoted" \\ back`,
    ...extra,
  };
}

const batch = (from: number, n: number): NewMessage[] => Array.from({ length: n }, (_, k) => message(from + k));

/** Ids of every message matching `q`, newest first by log time (ties by id): what page() must give. */
function expectedIds(all: NewMessage[], q: (m: NewMessage) => boolean): number[] {
  return all
    .map((m, i) => ({ m, id: i + 1 }))
    .filter(({ m }) => q(m))
    .sort((a, b) => b.m.time - a.m.time || b.id - a.id)
    .map(({ id }) => id);
}

describe.each(backends)('message store on %s', (_name, open) => {
  it('commits messages and the cursor together: a failing commit leaves neither', () => {
    const { store, verify } = open();
    expect(store.commit(batch(0, 5), { source: 'web1:vsftpd', inode: '7:1', offset: 500 })).toEqual([1, 2, 3, 4, 5]);
    // The cursor's update fails after the messages were inserted (inode NOT NULL): the whole batch rolls back.
    const bad = { source: 'web1:vsftpd', inode: null as unknown as string, offset: 900 };
    expect(() => store.commit(batch(5, 4), bad)).toThrow();
    expect(store.lastId()).toBe(5);
    expect(store.count({})).toBe(5);
    expect(store.cursor('web1:vsftpd')).toEqual({ source: 'web1:vsftpd', inode: '7:1', offset: 500 });
    // The chain goes on from the last good batch.
    expect(store.commit(batch(5, 4), { source: 'web1:vsftpd', inode: '7:1', offset: 900 })).toEqual([6, 7, 8, 9]);
    expect(store.cursor('web1:vsftpd')?.offset).toBe(900);
    expect(verify()).toMatchObject({ ok: true, checked: 9, problemCount: 0 });
    store.close();
  });

  it('chains the commits of two connections one after another (collectors on several machines)', () => {
    const { store, another, verify } = open();
    const other = another();
    expect(store.commit(batch(0, 3))).toEqual([1, 2, 3]);
    expect(other.commit(batch(3, 2))).toEqual([4, 5]);
    expect(store.commit(batch(5, 2))).toEqual([6, 7]);
    expect(verify()).toMatchObject({ ok: true, checked: 7 });
    other.close();
    store.close();
  });

  it('pages newest first by log time, down with before and back up with after', () => {
    const { store } = open();
    const all = batch(0, 25);
    store.commit(all.slice(0, 10));
    store.commit(all.slice(10));
    const want = expectedIds(all, () => true);
    const p1 = store.page({}, 10);
    expect(p1.messages.map((m) => m.id)).toEqual(want.slice(0, 10));
    expect(p1.more).toBe(true);
    const p2 = store.page({}, 10, { before: p1.messages.at(-1)!.id });
    expect(p2.messages.map((m) => m.id)).toEqual(want.slice(10, 20));
    const p3 = store.page({}, 10, { before: p2.messages.at(-1)!.id });
    expect(p3.messages.map((m) => m.id)).toEqual(want.slice(20));
    expect(p3.more).toBe(false);
    expect(store.page({}, 10, { after: p3.messages[0]!.id }).messages.map((m) => m.id)).toEqual(want.slice(10, 20));
    // The oldest page from the bottom, and the whole message back as it was committed.
    expect(store.page({}, 5, { after: 0 }).messages.map((m) => m.id)).toEqual(want.slice(20));
    const m7 = store.get(7)!;
    expect(m7).toEqual({ id: 7, ...all[6]! });
    expect(store.get(999)).toBeNull();
    store.close();
  });

  it('filters by system, user, severity, msgId wildcard, time range, text and console', () => {
    const { store } = open();
    const all = batch(0, 24);
    store.commit(all);
    const check = (q: MessageQuery, pred: (m: NewMessage) => boolean) => {
      const want = expectedIds(all, pred);
      expect(
        store.page(q, 100).messages.map((m) => m.id),
        JSON.stringify(q),
      ).toEqual(want);
      expect(store.count(q), JSON.stringify(q)).toBe(want.length);
    };
    check({ system: 'web2' }, (m) => m.system === 'web2');
    check({ user: 'bob' }, (m) => m.fields.user === 'bob');
    check({ minSeverity: 50 }, (m) => m.severity >= 50);
    check({ msgId: 'ftp002*' }, (m) => m.msgId.startsWith('FTP002'));
    check({ msgId: 'FTP0002' }, (m) => m.msgId === 'FTP0002');
    check({ msgId: 'FTP00?0' }, (m) => /^FTP00.0$/.test(m.msgId));
    // LIKE's own wildcards are plain characters in a msgId pattern, as in SQLite's GLOB.
    check({ msgId: 'FTP_0*' }, () => false);
    check({ msgId: 'FTP%' }, () => false);
    check({ since: T0 + 86_400_000, until: T0 + 2 * 86_400_000 }, (m) => m.time >= T0 + 86_400_000 && m.time <= T0 + 2 * 86_400_000);
    check({ system: 'web1', user: 'alice', since: T0 }, (m) => m.system === 'web1' && m.fields.user === 'alice');
    check({ path: '/srv/file_1*.csv' }, (m) => /^\/srv\/file_1.*\.csv$/.test(String(m.fields.path)));
    // Text search: every word must occur; results newest id first.
    const byId = (pred: (m: NewMessage) => boolean) =>
      all
        .map((m, i) => ({ m, id: i + 1 }))
        .filter(({ m }) => pred(m))
        .map(({ id }) => id)
        .reverse();
    expect(store.page({ text: 'carol FTP0021' }, 100).messages.map((m) => m.id)).toEqual(byId((m) => m.fields.user === 'carol' && m.msgId === 'FTP0021'));
    expect(store.count({ text: 'word7' })).toBe(1);
    expect(store.count({ text: 'nosuchword' })).toBe(0);
    expect(store.count({ text: 'carol', system: 'web1' })).toBe(byId((m) => m.fields.user === 'carol' && m.system === 'web1').length);
    check({ console: true }, () => true);
    store.close();
  });

  it('acknowledges and removes by operator, keeps counts exact, and records who did it', async () => {
    const { store, another } = open();
    store.operator = 'console-user';
    const other = another();
    const inquiry = message(3, { inquiry: true });
    const needsWhy = message(4, { tags: ['comment-required'] });
    store.commit([...batch(0, 3), inquiry, needsWhy, message(5, { console: 'logonly' })]);
    expect(store.count({ console: true })).toBe(5);
    // Another console notices the acknowledgement (changes() moves: on PostgreSQL when the notification arrives) and sees it.
    const before = other.changes();
    expect(store.act([1, 2], 'ack', { operator: 'alice' })).toEqual([1, 2]);
    await until(() => other.changes() !== before, "the other connection's changes() to move");
    expect(other.count({ console: true })).toBe(3);
    expect(store.get(1)!.ack).toEqual(expect.any(Number));
    expect(store.count({ console: true })).toBe(3);
    // Twice is harmless: nothing left to change.
    expect(store.act([1], 'ack', { operator: 'bob' })).toEqual([]);
    expect(store.act([3, 4], 'remove')).toEqual([3]);
    expect(store.get(3)!.console).toBe('removed');
    expect(store.get(4)!.console).toBe('shown');
    expect(store.count({ console: true })).toBe(2);
    expect(() => store.act([5], 'ack')).toThrow(UserError);
    expect(() => store.act([5], 'ack')).toThrow(/message 5 needs a comment/);
    expect(store.act([5], 'ack', { operator: 'carol', comment: 'checked with the owner' })).toEqual([5]);
    expect(store.act([6], 'remove')).toEqual([]);
    expect(store.count({ console: true })).toBe(1);
    expect(store.page({ console: true }, 10).messages.map((m) => m.id)).toEqual([4]);
    expect(store.history(1).actions).toEqual([expect.stringMatching(/^Acknowledged \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by alice$/)]);
    expect(store.history(3).actions).toEqual([expect.stringMatching(/^Removed .* by console-user$/)]);
    expect(store.history(5).actions).toEqual([expect.stringMatching(/by carol: checked with the owner$/)]);
    other.close();
    store.close();
  });

  it('verify passes on an untouched chain and names an altered row and a deleted row', () => {
    const { store, verify, tamper } = open();
    store.commit(batch(0, 6));
    store.commit(batch(6, 6));
    // An operator's acknowledgement is not evidence: the chain still verifies.
    store.act([2], 'ack');
    expect(verify()).toMatchObject({ ok: true, first: 1, last: 12, checked: 12, from: { kind: 'genesis', id: 0 } });
    tamper("UPDATE messages SET text = 'nothing happened' WHERE id = 4");
    const altered = verify();
    expect(altered.ok).toBe(false);
    expect(altered.problems).toEqual([expect.objectContaining({ kind: 'altered', id: 4 })]);
    tamper('DELETE FROM messages WHERE id = 8');
    const deleted = verify();
    expect(deleted.problems.map((p) => [p.kind, p.id])).toEqual([
      ['altered', 4],
      ['deleted', 8],
    ]);
    expect(deleted.problems[1]!.detail).toBe('row 8 deleted: row 9 does not chain to row 7');
    tamper('DELETE FROM messages WHERE id >= 11');
    expect(verify().problems.at(-1)).toMatchObject({ kind: 'deleted', id: 11, to: 12 });
    // The next commit goes on after the head: the ids of the deleted rows are not reused.
    expect(store.commit(batch(12, 1))).toEqual([13]);
    store.close();
  });
});

describe.skipIf(!pgAvailable())('PostgreSQL layout', () => {
  it('partitions messages by day of their log time, created by the commits that need them', () => {
    const name = `layout_${++databases}`;
    admin!.exec(`CREATE DATABASE ${name}`);
    const store = PgMessageStore.open(cluster!.url.replace(/\/postgres$/, `/${name}`));
    store.commit(batch(0, 2));
    const parts = () =>
      store.db.query<{ name: string }>(
        "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'messages' ORDER BY 1",
      );
    expect(parts().map((r) => r.name)).toEqual(['messages_20261124', 'messages_20261125']);
    store.commit(batch(2, 4));
    expect(parts().map((r) => r.name)).toEqual(['messages_20261124', 'messages_20261125', 'messages_20261126']);
    // Each day's rows are in that day's partition.
    expect(store.db.query('SELECT count(*)::int AS n FROM messages_20261126')).toEqual([{ n: 2 }]);
    // PostgreSQL text cannot hold NUL: the batch is refused whole, with a reason, and the chain is untouched.
    expect(() => store.commit([message(6), message(7, { raw: 'a\0b' })])).toThrow(/holds a NUL character, which PostgreSQL text cannot store/);
    expect(store.lastId()).toBe(6);
    expect(store.verify().ok).toBe(true);
    store.close();
  });
});
