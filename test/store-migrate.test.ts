// `msgmon store migrate --to postgres://…` through the real CLI into a real PostgreSQL 15: a vsftpd log ingested,
// acknowledged and removed in SQLite is copied as stored (ids, hash chain, actions) and proved equal; a non-empty or
// unreachable target, a running collector, a NUL character and an altered row are each refused or reported.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, collectorLockFile } from '../src/store/collector-lock.js';
import { MessageStore } from '../src/store/message-store.js';
import { PgConnection } from '../src/store/pg/pg-connection.js';
import { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { CLI, msgmon, tempHome } from './support/cli.js';
import { type PgCluster, pgAvailable, startCluster } from './support/pg-cluster.js';
import { freePort } from './support/system.js';

const DEMO = path.resolve(__dirname, '../data/demo/vsftpd.log');
/** Twenty days of November 2026 as vsftpd spells them ("Mon Nov  9"): the demo log is copied onto each. */
const DAYS = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 10, 9 + i)).toUTCString()).map((s) => {
  const [wd, d, mon] = s.replace(',', '').split(' ');
  return `${wd} ${mon} ${String(Number(d)).padStart(2, ' ')}`;
});

let cluster: PgCluster | null = null;
let admin: PgConnection | null = null;
let databases = 0;
const homes: string[] = [];

/** A new empty database on the cluster, and its URL. */
function newDatabase(): string {
  const name = `migrate_${++databases}`;
  admin!.exec(`CREATE DATABASE ${name}`);
  return cluster!.url.replace(/\/postgres$/, `/${name}`);
}

/** A home with the demo vsftpd log ingested once per day of `days` (each copy on its own day: one partition each). */
function ingestedHome(days: string[]): string {
  const home = tempHome();
  homes.push(home);
  const demo = fs.readFileSync(DEMO, 'utf8').split('\n').filter(Boolean);
  const lines = days.flatMap((d) => demo.map((l) => d + l.slice(10)));
  const file = path.join(home, 'vsftpd.log');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file]);
  expect(r.code, r.stderr).toBe(0);
  return home;
}

/** SQL on a home's SQLite store behind msgmon's back. */
function sqlite(home: string, sql: string): void {
  const db = new Database(path.join(home, 'messages.db'));
  db.exec(sql);
  db.close();
}

const migrate = (home: string, url: string, ...more: string[]) => msgmon(['--home', home, 'store', 'migrate', '--to', url, ...more]);

beforeAll(async () => {
  if (!pgAvailable()) return;
  cluster = await startCluster();
  admin = PgConnection.open(cluster.url);
}, 180_000);
afterAll(() => {
  admin?.close();
  cluster?.stop();
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

describe.skipIf(!pgAvailable())('store migrate', () => {
  it('copies a store as stored, in batches, and proves it: counts, chain, head; PostgreSQL pages show the same messages', () => {
    const home = ingestedHome(DAYS);
    const local = new MessageStore(path.join(home, 'messages.db'), { readonly: true });
    const ids = local.page({}, 10_000).messages.map((m) => m.id);
    expect(ids.length).toBeGreaterThan(1500);
    local.close();
    const [a, b, c, d] = [ids[3]!, ids[40]!, ids[700]!, ids[1400]!];
    expect(msgmon(['--home', home, 'ack', String(a), String(b), '--operator', 'anna', '--comment', 'called the partner']).code).toBe(0);
    expect(msgmon(['--home', home, 'remove', String(c), String(d), '--operator', 'ben']).code).toBe(0);
    const url = newDatabase();
    const r = migrate(home, url, '--json', '--batch', '300');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.countsEqual).toBe(true);
    expect(out.counts.postgres).toEqual(out.counts.sqlite);
    expect(out.counts.sqlite.messages).toBe(ids.length);
    expect(out.counts.sqlite.actions).toBe(4);
    expect(out.counts.sqlite.cursors).toBe(1);
    expect(out.verify.ok).toBe(true);
    expect(out.verify.checked).toBe(ids.length);
    expect(out.verify.chain.head).toEqual(out.head);
    expect(out.to).not.toContain('postgres://');

    // The same messages, read through each store's own paging: ids, texts, hashes' evidence, ack and console state.
    const sq = new MessageStore(path.join(home, 'messages.db'), { readonly: true });
    const pg = PgMessageStore.open(url);
    try {
      for (const q of [{}, { console: true }, { text: 'Goodbye' }, { system: 'web1', msgId: 'FTP002*' }]) {
        expect(pg.page(q, 10_000).messages).toEqual(sq.page(q, 10_000).messages);
        expect(pg.count(q)).toBe(sq.count(q));
      }
      const partitions = pg.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'messages'::regclass")[0]!.n;
      expect(partitions).toBe(DAYS.length);
      expect(pg.get(a)!.ack).toBe(sq.get(a)!.ack);
      expect(pg.get(c)!.console).toBe('removed');
      expect(pg.history(a).actions).toEqual(sq.history(a).actions);
      expect(pg.history(a).actions.join(' ')).toContain('anna');
      expect(pg.cursor(sq.db.prepare('SELECT source FROM cursors').pluck().get() as string)).not.toBeNull();
      // Work goes on on PostgreSQL after the copy: the next message chains after the copied head, the next action gets a new id.
      expect(pg.act([ids[5]!], 'ack', { operator: 'cara' })).toEqual([ids[5]]);
      const { id: _first, ...copy } = sq.get(ids[0]!)!;
      const [next] = pg.commit([{ ...copy, console: 'shown', ack: null }]);
      expect(next).toBe(out.head.id + 1);
      expect(pg.verify().ok).toBe(true);
    } finally {
      sq.close();
      pg.close();
    }

    // A second migrate into the same target is refused, and says what to do.
    const again = migrate(home, url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds \d+ messages.*nothing was changed.*empty database/s);
  }, 300_000);

  it('says in words what it copied and that it verified', () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    const r = migrate(home, newDatabase());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^migrated \d+ messages \(0 operator actions, 1 cursors, .*\) to 127\.0\.0\.1:\d+\/migrate_\d+; counts equal; chain verified \(head [0-9a-f]{12}\)\n$/,
    );
  }, 120_000);

  it('shows a progress bar when stderr is a terminal, and nothing but the result with --json there', () => {
    const home = ingestedHome(DAYS.slice(0, 2));
    // script(1) gives the CLI a pseudo-terminal: the way an operator runs it.
    const inTerminal = (...more: string[]) =>
      spawnSync('script', ['-qec', [process.execPath, CLI, '--home', home, 'store', 'migrate', '--to', newDatabase(), ...more].join(' '), '/dev/null'], {
        encoding: 'utf8',
        timeout: 120_000,
      });
    const text = inTerminal('--batch', '50');
    expect(text.status, text.stdout).toBe(0);
    expect(text.stdout).toMatch(/Copying \[[#.]+\] +\d+%/);
    expect(text.stdout).toMatch(/Verifying \[[#.]+\] +100%/);
    expect(text.stdout).toMatch(/counts equal; chain verified/);
    const json = inTerminal('--json');
    expect(json.status, json.stdout).toBe(0);
    expect(json.stdout).not.toMatch(/Copying|Verifying/);
    expect(JSON.parse(json.stdout).ok).toBe(true);
  }, 120_000);

  it('logs on with the password from PGPASSWORD, says where it comes from when it is wrong, and refuses one in the URL', () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    const db = `owned_${++databases}`;
    admin!.exec("CREATE ROLE mover LOGIN PASSWORD 'right horse'");
    admin!.exec(`CREATE DATABASE ${db} OWNER mover`);
    const url = `postgres://mover@127.0.0.1:${cluster!.port}/${db}`;
    const wrong = msgmon(['--home', home, 'store', 'migrate', '--to', url], { env: { PGPASSWORD: 'wrong' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused user mover: .*password.*PGPASSWORD or ~\/\.pgpass/);
    const inUrl = migrate(home, cluster!.urlFor('mover', 'right horse', db));
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain('leave the password out of the URL');
    expect(inUrl.stderr).not.toContain('right horse');
    const r = msgmon(['--home', home, 'store', 'migrate', '--to', url], { env: { PGPASSWORD: 'right horse' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('chain verified');
  }, 120_000);

  it('refuses a target where an earlier migrate stopped part-way, saying so', () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    const url = newDatabase();
    expect(migrate(home, url).code).toBe(0);
    // What an interrupted copy leaves: messages, and the head (written last) still at the start.
    const pg = PgConnection.open(url);
    pg.exec(`UPDATE chain SET id = 0, hash = '${'0'.repeat(64)}' WHERE name = 'head'; DELETE FROM message_actions; DELETE FROM cursors`);
    pg.close();
    const r = migrate(home, url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already holds \d+ messages.*an earlier migrate stopped part-way.*drop and create this one/s);
  }, 120_000);

  it('refuses a target that cannot be reached, naming it; and a bad URL', async () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    const port = await freePort();
    const r = migrate(home, `postgres://postgres@127.0.0.1:${port}/msgmon`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port}`);
    const bad = migrate(home, 'mysql://x@127.0.0.1/db');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a PostgreSQL URL');
  }, 120_000);

  it('refuses while a collector holds the home', () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    const release = acquireLock(collectorLockFile(home));
    try {
      const r = migrate(home, newDatabase());
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/another collector .* runs on this home/);
    } finally {
      release();
    }
  }, 120_000);

  it('refuses a store holding a NUL character, naming the message, before copying anything', () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    sqlite(home, "UPDATE messages SET raw = raw || char(0) || 'x' WHERE id = 7");
    const url = newDatabase();
    const r = migrate(home, url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/message 7 \(\w+ of web1\) holds a NUL character.*nothing was copied/);
    const pg = PgMessageStore.open(url);
    expect(pg.lastId()).toBe(0);
    pg.close();
  }, 120_000);

  it('copies an altered store as it is and reports the broken chain (SQLite shows the same break), exit 1', () => {
    const home = ingestedHome(DAYS.slice(0, 1));
    sqlite(home, "UPDATE messages SET text = 'nothing happened' WHERE id = 12");
    const r = migrate(home, newDatabase());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('counts equal; chain verify FAILED (1 problem)');
    expect(r.stdout).toContain('row 12 was altered');
    expect(r.stdout).toContain('The SQLite store shows the same break');
  }, 120_000);
});
