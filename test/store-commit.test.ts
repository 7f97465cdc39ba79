// The store's commit path made cheaper (issue 17) keeps what it promised: each message's hash is the chain's
// definition (SHA-256 of the previous hash and the JSON of its evidence) whether its evidence was sealed in advance or
// at commit, and text search finds every message once its batch commits.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../src/core/types.js';
import { GENESIS } from '../src/store/chain.js';
import { verifyChain } from '../src/store/chain-verify.js';
import { sealEvidence } from '../src/store/message-row.js';
import { MessageStore } from '../src/store/message-store.js';
import { DROP_CONSOLE_INDEX, MESSAGE_INDEXES, MIGRATIONS } from '../src/store/schema.js';
import Database from 'better-sqlite3';

const made: string[] = [];
const dir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-commit-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A message with evidence that is awkward to serialize: quotes, backslashes, a lone surrogate, non-ASCII, rules' effects. */
function message(i: number, extra: Partial<NewMessage> = {}): NewMessage {
  return {
    time: Date.UTC(2026, 10, 24, 10, 0, i),
    system: 'web1',
    source: 'vsftpd',
    msgId: 'FTP0020',
    severity: 20,
    text: `FTP: User jürgen uploaded file /srv/"q"\\${i}.csv \ud800 (12 bytes)`,
    fields: { user: 'jürgen', path: `/srv/"q"\\${i}.csv \ud800`, bytes: 12, pid: 4000 + i },
    session: `web1:${4000 + i}:1`,
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: `Tue Nov 24 10:00:0${i % 10} 2026 [pid ${4000 + i}] [jürgen] OK UPLOAD: Client "10.0.0.5", "/srv/\\"q\\".csv", 12 bytes`,
    ...extra,
  };
}

const batch = (from: number, n: number): NewMessage[] =>
  Array.from({ length: n }, (_, k) =>
    message(from + k, k % 3 === 0 ? { rules: ['7'], highlight: { color: 'red' }, inquiry: true, tags: ['audit'], console: 'logonly' } : {}),
  );

/** The chain's definition, written out independently of the store's code. */
function definedHash(prev: string, row: Record<string, unknown>): string {
  const v = [row.id, row.time, row.system, row.source, row.msg_id, row.severity, row.text, row.fields, row.user, row.session, row.rules, row.raw].concat([
    row.highlight,
    row.inquiry,
    row.tags,
  ]);
  return crypto
    .createHash('sha256')
    .update(prev + JSON.stringify(v))
    .digest('hex');
}

describe('store commit', () => {
  it('hashes each message as the chain defines, with evidence sealed in advance or at commit', () => {
    const d = dir();
    const a = new MessageStore(path.join(d, 'a.db'));
    const b = new MessageStore(path.join(d, 'b.db'));
    for (let k = 0; k < 3; k++) {
      const msgs = batch(k * 10, 10);
      a.commit(msgs);
      b.commit(msgs, null, [], null, msgs.map(sealEvidence));
    }
    const rows = (s: MessageStore) => s.db.prepare('SELECT * FROM messages ORDER BY id').all() as Array<Record<string, unknown>>;
    const ra = rows(a);
    expect(ra).toHaveLength(30);
    expect(rows(b)).toEqual(ra);
    let prev = GENESIS;
    for (const r of ra) {
      expect(r.hash).toBe(definedHash(prev, r));
      prev = r.hash as string;
    }
    // The lone surrogate was stored (and hashed) as U+FFFD.
    expect(ra[0]!.text).toContain('\ufffd');
    expect(verifyChain(a.db, {}).ok).toBe(true);
    a.close();
    b.close();
  });

  it('refuses sealed evidence that does not match the batch, and stores nothing of it', () => {
    const d = dir();
    const s = new MessageStore(path.join(d, 'messages.db'));
    const msgs = batch(0, 3);
    expect(() => s.commit(msgs, { source: 'x', inode: '1:1', offset: 10 }, [], null, msgs.slice(1).map(sealEvidence))).toThrow(/2 sealed evidences for 3/);
    expect(s.lastId()).toBe(0);
    expect(s.cursor('x')).toBeNull();
    s.close();
  });

  it('text search finds every message of a batch as soon as it commits, across batches', () => {
    const d = dir();
    const s = new MessageStore(path.join(d, 'messages.db'));
    const reader = new MessageStore(path.join(d, 'messages.db'), { readonly: true });
    let total = 0;
    for (let k = 0; k < 4; k++) {
      const n = 5 + k;
      s.commit(batch(total, n).map((m, j) => ({ ...m, text: `${m.text} word${k} unique${total + j}` })));
      total += n;
      // Another process (a read-only console) sees the batch in the text index at once.
      expect(reader.count({ text: `word${k}` })).toBe(n);
      expect(reader.count({ text: 'uploaded' })).toBe(total);
      expect(reader.page({ text: `unique${total - 1}` }, 5).messages.map((m) => m.id)).toEqual([total]);
    }
    reader.close();
    s.close();
  });

  it('keeps only the indexes a query needs: an older store loses the arrival-order console index, the console pages by log time', () => {
    const d = dir();
    const file = path.join(d, 'messages.db');
    // A store as the msgmon before this migration left it.
    const old = new Database(file);
    const before = MIGRATIONS.indexOf(DROP_CONSOLE_INDEX);
    for (const m of MIGRATIONS.slice(0, before)) old.exec(m);
    old.pragma(`user_version = ${before}`);
    expect(old.prepare("SELECT 1 FROM sqlite_master WHERE name = 'messages_console'").get()).toBeTruthy();
    old.close();
    const s = new MessageStore(file);
    const indexes = (
      s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL").pluck().all() as string[]
    ).sort();
    expect(indexes).toEqual([...MESSAGE_INDEXES].sort());
    s.commit(batch(0, 30));
    s.act([3, 4], 'ack');
    const page = s.page({ console: true }, 5);
    // Every third message went to the log only (ids 1, 4, ..., 28); id 3 was acknowledged.
    expect(page.messages.map((m) => m.id)).toEqual([30, 29, 27, 26, 24]);
    expect(s.count({ console: true })).toBe(30 - 10 - 1);
    const plan = s.db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM messages m WHERE m.console = 0 AND m.ack IS NULL ORDER BY m.time DESC, m.id DESC LIMIT 20')
      .all();
    expect(JSON.stringify(plan)).toContain('messages_console_time');
    s.close();
  });
});
