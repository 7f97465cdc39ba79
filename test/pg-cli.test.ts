// `--store postgres://…` end to end (issue 18): the real CLI on a private PostgreSQL 15 cluster queries the Activity
// Log with filters, acknowledges and removes with who and why, verifies the hash chain (and finds an altered row), and
// refuses the commands that still need the SQLite store with a message naming what works.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_REQUIRED, type NewMessage } from '../src/core/types.js';
import { PgConnection } from '../src/store/pg/pg-connection.js';
import { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { msgmon, tempHome } from './support/cli.js';
import { type PgCluster, pgAvailable, startCluster } from './support/pg-cluster.js';

type Logged = {
  id: number;
  system: string;
  msgId: string;
  ack: string | null;
  console: string;
  actions?: { action: string; operator: string; comment: string | null }[];
};

let cluster: PgCluster | null = null;
let admin: PgConnection | null = null;
let url = '';
const home = path.join(tempHome(), 'h');

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const USERS = ['alice', 'bob', 'carol'];
const IDS = ['FTP0020', 'FTP0021', 'FTP0002', 'SEC0003'];

/** Message `i` (id i+1): two systems, three users, four msgIds, over two days; message 5 needs a comment. */
function message(i: number): NewMessage {
  const user = USERS[i % 3]!;
  const msgId = IDS[i % 4]!;
  return {
    time: T0 + (i % 2) * 86_400_000 + i * 1000,
    system: i % 2 ? 'web2' : 'web1',
    source: 'vsftpd',
    msgId,
    severity: msgId === 'SEC0003' ? 80 : 20,
    text: `FTP: User ${user} did ${msgId} on /srv/file_${i}.csv`,
    fields: { user, path: `/srv/file_${i}.csv` },
    session: null,
    console: i % 6 === 5 ? 'logonly' : 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: i === 4 ? [COMMENT_REQUIRED] : [],
    raw: `raw line ${i}`,
  };
}
const ALL = Array.from({ length: 24 }, (_, i) => message(i));

/** msgmon on the PostgreSQL store. */
const pg = (args: string[], env: NodeJS.ProcessEnv = {}) => msgmon(['--home', home, '--store', url, ...args], { env: { MSGMON_OPERATOR: 'tester', ...env } });
const logJson = (args: string[]): Logged[] => {
  const r = pg(['log', ...args, '--limit', '1000', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Logged[];
};
/** Ids matching, oldest first (log prints the newest N oldest first: log time, then id). */
const expected = (q: (m: NewMessage) => boolean): number[] =>
  ALL.map((m, i) => ({ m, id: i + 1 }))
    .filter(({ m }) => q(m))
    .sort((a, b) => a.m.time - b.m.time || a.id - b.id)
    .map(({ id }) => id);

beforeAll(async () => {
  if (!pgAvailable()) return;
  cluster = await startCluster();
  admin = PgConnection.open(cluster.url);
  admin.exec('CREATE DATABASE cli');
  url = cluster.url.replace(/\/postgres$/, '/cli');
  const store = PgMessageStore.open(url);
  store.commit(ALL.slice(0, 10));
  store.commit(ALL.slice(10));
  store.close();
}, 180_000);
afterAll(() => {
  admin?.close();
  cluster?.stop();
});

// Each test runs the CLI a dozen times: on a loaded machine that can take minutes.
describe.skipIf(!pgAvailable())('msgmon --store postgres://', () => {
  it('log returns exactly the rows its filters select, as text and as JSON', () => {
    expect(logJson([]).map((m) => m.id)).toEqual(expected(() => true));
    expect(logJson(['--system', 'web1', '--user', 'alice']).map((m) => m.id)).toEqual(expected((m) => m.system === 'web1' && m.fields.user === 'alice'));
    expect(logJson(['--msgid', 'FTP002*', '--system', 'web2']).map((m) => m.id)).toEqual(expected((m) => m.msgId.startsWith('FTP002') && m.system === 'web2'));
    // Words through PostgreSQL's text search: all must occur.
    expect(logJson(['--text', 'carol FTP0021']).map((m) => m.id)).toEqual(expected((m) => m.fields.user === 'carol' && m.msgId === 'FTP0021'));
    expect(logJson(['--path', '/srv/file_1*']).map((m) => m.id)).toEqual(expected((m) => /^\/srv\/file_1/.test(String(m.fields.path))));
    expect(logJson(['--since', new Date(T0 + 86_400_000).toISOString()]).map((m) => m.id)).toEqual(expected((m) => m.time >= T0 + 86_400_000));
    const text = pg(['log', '--user', 'bob', '--limit', '2']);
    expect(text.code, text.stderr).toBe(0);
    const bobs = expected((m) => m.fields.user === 'bob').slice(-2);
    for (const id of bobs) expect(text.stdout).toContain(`User bob did ${ALL[id - 1]!.msgId} on /srv/file_${id - 1}.csv`);
    expect(text.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('ack, remove and defer record who and why, shown by log --json; messages lists what is left; a rule-held message needs a comment', () => {
    const shown = (JSON.parse(pg(['messages', '--limit', '1000', '--json']).stdout) as Logged[]).map((m) => m.id);
    expect(shown.sort((a, b) => a - b)).toEqual(expected((m) => m.console === 'shown').sort((a, b) => a - b));

    const held = pg(['ack', '5']);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain('a rule requires a comment to acknowledge message 5');

    const ack = pg(['ack', '1', '5', '--operator', 'anna', '--comment', 'called the partner', '--json']);
    expect(ack.code, ack.stderr).toBe(0);
    expect(JSON.parse(ack.stdout)).toEqual({ changed: [1, 5], unchanged: [] });
    const again = pg(['ack', '1']);
    expect(again.stdout).toContain('Already acknowledged: 1');
    const rm = pg(['remove', '3', '--comment', 'noise'], { MSGMON_OPERATOR: 'bert' });
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain('Removed from the console: 3');
    const defer = pg(['defer', '2', '--minutes', '30', '--comment', 'partner restarts', '--json'], { MSGMON_OPERATOR: 'carl' });
    expect(defer.code, defer.stderr).toBe(0);
    expect(JSON.parse(defer.stdout)).toMatchObject({ deferred: [2], operator: 'carl' });

    const log = logJson([]);
    const byId = (id: number) => log.find((m) => m.id === id)!;
    expect(byId(1).actions).toEqual([expect.objectContaining({ action: 'ack', operator: 'anna', comment: 'called the partner' })]);
    expect(byId(1).ack).not.toBeNull();
    expect(byId(3).actions).toEqual([expect.objectContaining({ action: 'remove', operator: 'bert', comment: 'noise' })]);
    expect(byId(3).console).toBe('removed');
    expect(byId(2).actions).toEqual([expect.objectContaining({ action: 'defer', operator: 'carl', comment: 'partner restarts', until: expect.any(String) })]);
    expect(byId(4).actions).toBeUndefined();
    const left = (JSON.parse(pg(['messages', '--limit', '1000', '--json']).stdout) as Logged[]).map((m) => m.id);
    expect(left).not.toContain(1);
    expect(left).not.toContain(3);
    // 1 and 5 acknowledged, 3 removed; 2 deferred stays on the console.
    expect(left).toContain(2);
    expect(left).toHaveLength(shown.length - 3);
    expect(pg(['ack', '999']).stderr).toContain('no message with id 999');
  }, 240_000);

  it('log export writes the whole log and a filtered part with their chain, and log verify --export checks both', () => {
    const dir = tempHome();
    const whole = path.join(dir, 'all.csv');
    const w = pg(['log', 'export', '--format', 'csv', '--out', whole, '--json']);
    expect(w.code, w.stderr).toBe(0);
    expect(JSON.parse(w.stdout)).toMatchObject({ rows: 24, head: { id: 24 } });
    const alice = path.join(dir, 'alice.jsonl');
    const a = pg(['log', 'export', '--format', 'jsonl', '--user', 'alice', '--out', alice]);
    expect(a.code, a.stderr).toBe(0);
    const lines = fs.readFileSync(alice, 'utf8').trim().split('\n');
    const ids = lines.slice(0, -1).map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toEqual(expected((m) => m.fields.user === 'alice').sort((x, y) => x - y));
    for (const file of [whole, alice]) {
      const v = msgmon(['log', 'verify', '--export', file]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toContain('Export intact');
    }
  }, 240_000);

  it('log verify finds the chain intact, then names the row altered behind its back', () => {
    const ok = pg(['log', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Activity Log intact: 24 messages checked (ids 1-24)');
    const j = pg(['log', 'verify', '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, checked: 24 });
    const tamperer = PgConnection.open(url);
    tamperer.exec("UPDATE messages SET text = 'FTP: nothing happened' WHERE id = 17");
    tamperer.close();
    const bad = pg(['log', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Activity Log chain BROKEN at row 17');
  }, 240_000);

  it('refuses the commands that still need the SQLite store, naming what works; a bad --store is a usage error', () => {
    const refused: Array<[string, string[]]> = [
      ['ingest', ['ingest', '--system', 'web1', '--format', 'vsftpd', '-']],
      ['status', ['status']],
      ['sessions list', ['sessions']],
      ['log prune', ['log', 'prune', '--days', '30']],
      ['reply', ['reply', '1']],
    ];
    for (const [name, args] of refused) {
      const r = pg(args);
      expect(r.code, `${args.join(' ')}: ${r.stdout}`).toBe(1);
      expect(r.stderr).toContain(`msgmon: ${name} is not supported on PostgreSQL yet`);
      expect(r.stderr).toContain('log, log verify, log export, messages, ack, remove and defer');
    }
    // MSGMON_STORE chooses the store as --store does.
    const viaEnv = msgmon(['--home', home, 'investigate', '--user', 'alice'], { env: { MSGMON_STORE: url } });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toContain('investigate is not supported on PostgreSQL yet');
    const fromEnv = msgmon(['--home', home, 'log', '--limit', '1', '--json'], { env: { MSGMON_STORE: url } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect((JSON.parse(fromEnv.stdout) as Logged[])[0]!.id).toBe(24);
    const bad = msgmon(['--home', home, '--store', 'mysql://x@127.0.0.1/db', 'log']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--store 'mysql://x@127.0.0.1/db' is not a store: give postgres://USER@HOST:PORT/DATABASE");
  }, 240_000);
});
