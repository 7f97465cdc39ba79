// Retention (settings.retentionDays): old messages are pruned in small batches, the chain stays verifiable from
// the stored checkpoint, a row that does not verify stops pruning, and the process's event loop is never held long.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { msgmon, tempHome } from './support/cli.js';
import { MessageStore } from '../src/store/message-store.js';
import { verifyChain } from '../src/store/chain-verify.js';
import { Retention } from '../src/pipeline/retention.js';
import type { NewMessage } from '../src/core/types.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log'); // 2026-11-25: days old
const DAY = 86_400_000;

function run(home: string, ...args: string[]) {
  return msgmon(['--home', home, ...args]);
}
function json(home: string, ...args: string[]): any {
  const r = run(home, ...args, '--json');
  return { code: r.code, ...JSON.parse(r.stdout || 'null'), stderr: r.stderr };
}
function count(home: string): number {
  const db = new Database(path.join(home, 'messages.db'), { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  db.close();
  return n;
}
/** vsftpd lines stamped now (vsftpd's own ctime format, UTC). */
function youngLog(file: string, n: number): void {
  const d = new Date();
  const day = d.toUTCString().slice(0, 3);
  const mon = d.toUTCString().slice(8, 11);
  const t = `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
  fs.writeFileSync(file, Array.from({ length: n }, (_, i) => `${t} [pid ${7000 + i}] CONNECT: Client "10.0.0.${i % 250}"\n`).join(''));
}
/** A home with the old fixture, then `young` fresh connects, and settings.retentionDays = days. */
function home(days: number | null, young = 20): { home: string; old: number } {
  const h = tempHome();
  expect(run(h, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE).code).toBe(0);
  const old = count(h);
  youngLog(path.join(h, 'young.log'), young);
  expect(run(h, 'ingest', '--system', 'web2', '--format', 'vsftpd', path.join(h, 'young.log')).code).toBe(0);
  fs.writeFileSync(path.join(h, 'config.json'), JSON.stringify({ version: 1, settings: { retentionDays: days } }), { mode: 0o600 });
  // A source for collect to read (empty: collect's own messages do not change the counts).
  fs.writeFileSync(path.join(h, 'empty.log'), '');
  expect(run(h, 'sources', 'add', 'empty', '--system', 'local', '--format', 'vsftpd', '--path', path.join(h, 'empty.log')).code).toBe(0);
  return { home: h, old };
}

describe('retention', () => {
  it('log prune deletes what is older than retentionDays; verify starts at the checkpoint and still names tampering', () => {
    const { home: h, old } = home(3);
    const total = count(h);
    const p = json(h, 'log', 'prune');
    expect(p).toMatchObject({ code: 0, days: 3, deleted: old, checkpoint: old });
    expect(count(h)).toBe(total - old);
    const v = json(h, 'log', 'verify');
    expect(v).toMatchObject({ code: 0, ok: true, from: { kind: 'checkpoint', id: old }, first: old + 1, checked: total - old });
    expect(run(h, 'log', 'verify').stdout).toMatch(
      new RegExp(
        `^Activity Log intact: ${total - old} messages checked \\(ids ${old + 1}-${total}\\), from the retention checkpoint: row ${old} [0-9a-f]{64} \\(rows up to ${old} pruned, ${old} messages, last on `,
      ),
    );
    // Pruned messages are gone from searches and the console count too.
    expect(JSON.parse(run(h, 'log', '--json', '--text', 'uploaded').stdout)).toEqual([]);
    expect(JSON.parse(run(h, 'messages', '--json', '--limit', '1000').stdout).every((m: any) => m.id > old)).toBe(true);
    // A whole export after pruning starts at the checkpoint and verifies offline.
    const file = path.join(h, 'after.csv');
    expect(run(h, 'log', 'export', '--format', 'csv', '--out', file).code).toBe(0);
    expect(run(h, 'log', 'verify', '--export', file).stdout).toMatch(/^Export intact: .*the whole Activity Log from the retention checkpoint/);
    // Nothing left to prune: a second run deletes nothing.
    expect(json(h, 'log', 'prune')).toMatchObject({ code: 0, deleted: 0, checkpoint: old });
    const db = new Database(path.join(h, 'messages.db'));
    db.prepare('DELETE FROM messages WHERE id = ?').run(old + 1);
    db.prepare(
      `INSERT INTO messages(id, time, system, source, msg_id, severity, text, fields, console, raw) VALUES (3, 1, 'w', 's', 'FTP0001', 0, 't', '{}', 0, 'r')`,
    ).run();
    db.close();
    expect(json(h, 'log', 'verify').problems.map((x: any) => [x.kind, x.id])).toEqual([
      ['inserted', 3],
      ['deleted', old + 1],
    ]);
  });

  it('a row that does not verify stops pruning there, and says so', () => {
    const { home: h } = home(3);
    const db = new Database(path.join(h, 'messages.db'));
    db.prepare("UPDATE messages SET text = 'edited' WHERE id = 5").run();
    db.close();
    const p = run(h, 'log', 'prune');
    expect(p.code).toBe(1);
    expect(p.stdout).toBe(
      'Pruned 4 messages older than 3 days; the chain verifies from row 4 on.\n' +
        'retention stopped at row 5: it does not verify (msgmon log verify names the problem); nothing after row 4 is pruned\n',
    );
    expect(json(h, 'log', 'verify').problems.map((x: any) => [x.kind, x.id])).toEqual([['altered', 5]]);
  });

  it('collect prunes (here --once, as a cron run does); no retentionDays keeps everything; bad --days is a usage error', () => {
    const { home: h, old } = home(3);
    const total = count(h);
    const c = run(h, 'collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(new RegExp(`retention: pruned ${old} messages older than 3 days \\(checkpoint: row ${old}\\)`));
    expect(count(h)).toBe(total - old);
    expect(json(h, 'log', 'verify').ok).toBe(true);

    const keep = home(null);
    expect(run(keep.home, 'collect', '--once').code).toBe(0);
    expect(count(keep.home)).toBe(keep.old + 20);
    const p = run(keep.home, 'log', 'prune');
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/settings\.retentionDays is not set in .*config\.json: everything is kept; set it .* or give --days N/);
    expect(run(keep.home, 'log', 'prune', '--days', '0').code).toBe(2);
    expect(run(keep.home, 'log', 'prune', '--help').stdout).toMatch(/Examples:\n {2}msgmon log prune /);
  });

  it('in the background it prunes 20,000 messages in small batches without holding the event loop', async () => {
    const dir = tempHome();
    const store = new MessageStore(path.join(dir, 'messages.db'));
    const msg = (i: number, time: number): NewMessage => ({
      time,
      system: 'web1',
      source: 'vsftpd',
      msgId: 'FTP0020',
      severity: 20,
      text: `FTP: User u${i % 50} uploaded file /d/f${i}.csv (10 bytes)`,
      fields: { user: `u${i % 50}`, path: `/d/f${i}.csv`, bytes: 10 },
      session: `web1:${i % 300}:s`,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw: `line ${i}`,
    });
    const now = Date.now();
    for (let b = 0; b < 20; b++) store.commit(Array.from({ length: 1000 }, (_, i) => msg(b * 1000 + i, now - 30 * DAY + b * 1000 + i)));
    store.commit(Array.from({ length: 100 }, (_, i) => msg(i, now - i)));
    const notes: string[] = [];
    const retention = new Retention({ db: store.db, days: () => 7, note: (s) => notes.push(s), batch: 200, pauseMs: 20 });
    const start = performance.now();
    let last = start;
    let worst = 0;
    let ticks = 0;
    const probe = setInterval(() => {
      const t = performance.now();
      worst = Math.max(worst, t - last);
      last = t;
      ticks++;
    }, 5);
    const r = await retention.pass();
    clearInterval(probe);
    const elapsed = performance.now() - start;
    expect(r).toMatchObject({ days: 7, deleted: 20_000, checkpoint: 20_000 });
    // 100 batches of 200 with a pause between them: the loop runs all along, and its longest wait is one batch,
    // never the whole prune. Relative to the pass's own duration, so a busy CI machine does not make it flaky.
    expect(ticks).toBeGreaterThanOrEqual(50);
    expect(worst).toBeLessThan(elapsed / 5);
    expect(notes).toEqual(['retention: pruned 20000 messages older than 7 days (checkpoint: row 20000)']);
    expect(store.count({ console: true })).toBe(100);
    expect(verifyChain(store.db)).toMatchObject({ ok: true, checked: 100, from: { kind: 'checkpoint', id: 20_000 } });
    store.close();
  });
});
