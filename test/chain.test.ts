// The tamper-evident Activity Log: every writer chains its messages, and `log verify` names the row that was
// altered, deleted or inserted directly in SQLite.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CLI, msgmon, tempHome } from './support/cli.js';
import { MIGRATIONS } from '../src/store/schema.js';
import { CHAIN_MIGRATION } from '../src/store/chain.js';
import { MessageStore } from '../src/store/message-store.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');

function run(home: string, ...args: string[]) {
  return msgmon(['--home', home, ...args]);
}

/** A home with the fixture ingested (ids 1-N). */
function ingested(): string {
  const home = tempHome();
  const r = run(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE);
  expect(r.code, r.stderr).toBe(0);
  return home;
}

/** How many messages the home's store holds. */
function count(home: string): number {
  const db = new Database(path.join(home, 'messages.db'), { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  db.close();
  return n;
}

/** Runs SQL on the home's store as an attacker with the sqlite file would. */
function tamper(home: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path.join(home, 'messages.db'));
  db.prepare(sql).run(...params);
  db.close();
}

function verify(home: string, ...args: string[]): { code: number; result: any; stderr: string } {
  const r = run(home, 'log', 'verify', '--json', ...args);
  return { code: r.code, result: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

describe('log verify', () => {
  it('says intact, from where, and the chain head', () => {
    const home = ingested();
    const n = count(home);
    expect(n).toBeGreaterThan(30);
    const r = run(home, 'log', 'verify');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^Activity Log intact: ${n} messages checked \\(ids 1-${n}\\), from the start of the log\\.\\nChain head: row ${n} [0-9a-f]{64}\\n$`),
    );
    const j = verify(home);
    expect(j.result).toMatchObject({ ok: true, checked: n, first: 1, last: n, from: { kind: 'genesis', id: 0 }, problems: [] });
    expect(j.result.chain.head.id).toBe(n);
  });

  it('names a row whose text was changed with UPDATE, exit 1; the rows after it still verify', () => {
    const home = ingested();
    tamper(home, "UPDATE messages SET text = 'FTP: nothing happened' WHERE id = 12");
    const r = run(home, 'log', 'verify');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^Activity Log chain BROKEN at row 12: row 12 was altered: its content does not match its hash/);
    expect(verify(home).result.problems).toEqual([expect.objectContaining({ kind: 'altered', id: 12 })]);
  });

  it('names changes to any evidence column: time, fields, raw, severity, rules', () => {
    for (const [col, value] of [
      ['time', 0],
      ['fields', '{}'],
      ['raw', 'x'],
      ['severity', 99],
      ['rules', '["#9 forged"]'],
      ['user', 'mallory'],
    ] as const) {
      const home = ingested();
      tamper(home, `UPDATE messages SET ${col} = ? WHERE id = 20`, value);
      const v = verify(home);
      expect(v.code, col).toBe(1);
      expect(
        v.result.problems.map((p: any) => [p.kind, p.id]),
        col,
      ).toEqual([['altered', 20]]);
    }
  });

  it('names a deleted row, and rows deleted at the end (the chain head remembers them)', () => {
    const home = ingested();
    const n = count(home);
    tamper(home, 'DELETE FROM messages WHERE id = 7');
    const v = verify(home);
    expect(v.code).toBe(1);
    expect(v.result.problems).toEqual([expect.objectContaining({ kind: 'deleted', id: 7, to: 7 })]);
    tamper(home, 'DELETE FROM messages WHERE id >= ?', n - 1);
    expect(verify(home).result.problems.map((p: any) => [p.kind, p.id, p.to])).toEqual([
      ['deleted', 7, 7],
      ['deleted', n - 1, n],
    ]);
    // The next message does not reuse the deleted ids: the gap stays visible.
    run(home, 'ingest', '--system', 'web2', '--format', 'vsftpd', FIXTURE);
    const after = verify(home).result;
    expect(after.problems.map((p: any) => [p.kind, p.id, p.to])).toEqual([
      ['deleted', 7, 7],
      ['deleted', n - 1, n],
    ]);
    expect(after.last).toBe(2 * n);
  });

  it('names an inserted row, with or without a made-up hash, and one inserted between later messages', () => {
    const home = ingested();
    const n = count(home);
    tamper(
      home,
      `INSERT INTO messages(time, system, source, msg_id, severity, text, fields, user, session, console, raw, hash)
      VALUES (1764072000000, 'web1', 'vsftpd', 'FTP0020', 20, 'FTP: User thomask uploaded file /etc/passwd (1 bytes)', '{}', 'thomask', NULL, 0, 'forged', NULL)`,
    );
    const v = verify(home);
    expect(v.code).toBe(1);
    expect(v.result.problems).toEqual([expect.objectContaining({ kind: 'inserted', id: n + 1 })]);
    expect(run(home, 'log', 'verify').stdout).toMatch(
      new RegExp(`^Activity Log chain BROKEN at row ${n + 1}: row ${n + 1} has no hash: it was inserted outside msgmon`),
    );
    // msgmon stores more after it: the forged row stays named, the new messages verify.
    run(home, 'ingest', '--system', 'web2', '--format', 'vsftpd', FIXTURE);
    expect(verify(home).result.problems.map((p: any) => [p.kind, p.id])).toEqual([['inserted', n + 1]]);
    tamper(
      home,
      `INSERT INTO messages(id, time, system, source, msg_id, severity, text, fields, console, raw, hash)
      VALUES (500, 1, 'w', 's', 'FTP0001', 0, 't', '{}', 0, 'r', '${'ab'.repeat(32)}')`,
    );
    expect(verify(home).result.problems.map((p: any) => [p.kind, p.id])).toEqual([
      ['inserted', n + 1],
      ['inserted', 500],
    ]);
  });

  it('leaves operator state out: ack and remove do not break the chain', () => {
    const home = ingested();
    expect(run(home, 'ack', '3').code).toBe(0);
    expect(run(home, 'remove', '4', '5').code).toBe(0);
    expect(verify(home).code).toBe(0);
  });

  it('--since starts at the first message at or after the time, anchored on the row before it', () => {
    const home = ingested();
    const t = new Date(JSON.parse(run(home, 'log', '--json', '--limit', '1000').stdout)[20].time).toISOString();
    const v = verify(home, '--since', t);
    expect(v.code, v.stderr).toBe(0);
    expect(v.result.from.kind).toBe('since');
    expect(v.result.first).toBe(v.result.from.id + 1);
    expect(run(home, 'log', 'verify', '--since', t).stdout).toMatch(
      new RegExp(`from row ${v.result.from.id} [0-9a-f]{64} \\(the row before the first message of --since\\)`),
    );
    expect(run(home, 'log', 'verify', '--since', 'yesterday').code).toBe(2);
  });

  it('--help has examples; an unknown option is a usage error', () => {
    const home = tempHome();
    const h = run(home, 'log', 'verify', '--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Examples:\n {2}msgmon log verify /);
    expect(run(home, 'log', 'verify', '--bogus').code).toBe(2);
  });
});

describe('every writer chains', () => {
  it('ingest, collect of a local file, rules raising messages, demo', () => {
    const home = tempHome();
    // A watch rule raises MON0030 for every logon not followed by an upload within a minute (a later line moves the clock).
    const watch = { description: 'Upload after logon', watch: { type: 'sequence', after: { msgId: 'FTP0002' }, expect: { msgId: 'FTP0099' }, within: 1 } };
    fs.writeFileSync(path.join(home, 'w.json'), JSON.stringify([watch]));
    expect(run(home, 'rules', 'add', '--file', path.join(home, 'w.json')).code).toBe(0);
    const later = path.join(home, 'later.log');
    fs.writeFileSync(later, fs.readFileSync(FIXTURE, 'utf8') + 'Wed Nov 25 12:30:00 2026 [pid 9999] CONNECT: Client "10.0.0.9"\n');
    const counts = JSON.parse(run(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', later, '--json').stdout);
    expect(counts.raised).toBeGreaterThan(0);
    const file = path.join(home, 'local.log');
    fs.copyFileSync(FIXTURE, file);
    expect(run(home, 'sources', 'add', 'loc', '--system', 'local', '--format', 'vsftpd', '--path', file).code).toBe(0);
    const c = run(home, 'collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    const log = JSON.parse(run(home, 'log', '--json', '--limit', '1000').stdout) as any[];
    expect(log.filter((m) => m.msgId === 'MON0030').length).toBeGreaterThan(0);
    expect(log.filter((m) => m.system === 'local').length).toBeGreaterThanOrEqual(34);
    const v = verify(home);
    expect(v.result).toMatchObject({ ok: true, checked: log.length });

    const demo = tempHome();
    expect(run(demo, 'demo', '--no-tui', '--speed', '0').code).toBe(0);
    const d = verify(demo);
    expect(d.code, JSON.stringify(d.result?.problems)).toBe(0);
    expect(d.result.checked).toBeGreaterThan(100);
  });

  it('two ingests writing at the same time make one chain', async () => {
    const home = ingested();
    const files = [1, 2, 3].map((i) => {
      const f = path.join(home, `v${i}.log`);
      fs.writeFileSync(f, fs.readFileSync(FIXTURE, 'utf8').repeat(30));
      return f;
    });
    await Promise.all(
      files.map(
        (f, i) =>
          new Promise<void>((resolve, reject) => {
            const p = spawn(process.execPath, [CLI, '--home', home, 'ingest', '--system', `web${i + 2}`, '--format', 'vsftpd', f], { stdio: 'ignore' });
            p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ingest exit ${code}`))));
          }),
      ),
    );
    const v = verify(home);
    expect(count(home)).toBeGreaterThan(3 * 30 * 30);
    expect(v.result).toMatchObject({ ok: true, checked: count(home) });
  });

  it('a store from before the chain is chained when it is opened, and then verifies', () => {
    const home = tempHome();
    const file = path.join(home, 'messages.db');
    const db = new Database(file);
    const before = MIGRATIONS.indexOf(CHAIN_MIGRATION);
    for (const m of MIGRATIONS.slice(0, before)) db.exec(m);
    db.pragma(`user_version = ${before}`);
    const ins = db.prepare(
      "INSERT INTO messages(time, system, source, msg_id, severity, text, fields, user, session, console, raw) VALUES (?, 'w', 'vsftpd', 'FTP0020', 20, ?, '{}', NULL, NULL, 0, 'r')",
    );
    for (let i = 0; i < 50; i++) ins.run(1764072000000 + i, `text ${i}`);
    db.close();
    new MessageStore(file).close();
    expect(verify(home).result).toMatchObject({ ok: true, checked: 50 });
    tamper(home, "UPDATE messages SET text = 'other' WHERE id = 30");
    expect(verify(home).result.problems.map((p: any) => p.id)).toEqual([30]);
  });
});
