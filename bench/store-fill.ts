// Builds a message store of N messages for the store rows: `msgmon ingest` of a generated vsftpd log (real
// parser, real schema, real text), then grown to N by copying those rows in SQL as eight more servers and
// later days, so 10M messages take minutes instead of an hour of ingest. Cached under bench/.work by N and seed.
//   node dist/bench/store-fill.js --n N [--seed S]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { generateFile } from './gen.js';
import { firstErrorLine } from './measure.js';
import { num } from './table.js';
import { MIGRATIONS } from '../src/store/schema.js';
import { MessageStore } from '../src/store/message-store.js';
import { backfillChain } from '../src/store/chain.js';

/** Share of vsftpd lines that become messages (measured 17.3% on seed 1; the rest are FTP chatter). */
export const MESSAGES_PER_LINE = 0.17;
/** Messages really ingested before copying: about one simulated day of one busy server. */
export const BASE_MESSAGES = 100_000;

/** What to build and where. */
export interface FillOptions {
  n: number;
  seed: number;
  /** bench/.work: the store goes to store-<n>-s<seed>/ inside it. */
  workDir: string;
  /** Repository root (dist/src/cli.js is run from it). */
  root: string;
  /** Messages to ingest before copying (tests use a small one); BASE_MESSAGES by default. */
  base?: number;
  log?: (s: string) => void;
}

/** A store ready for the probe. */
export interface FilledStore {
  home: string;
  n: number;
  /** Seconds spent building it now (0 when the cache was reused). */
  fillSeconds: number;
  /** Seconds the build took when it was made, from the cache record. */
  builtSeconds: number;
  reused: boolean;
}

/** Bumped whenever the way a store is built changes, so cached stores of the old shape are rebuilt. */
const FILL_VERSION = 4;

interface FillRecord {
  fill: number;
  n: number;
  seed: number;
  base: number;
  userVersion: number;
  seconds: number;
}

/** Lines to generate so that ingest gives at least min(n, base) messages (5% spare). */
export function baseLines(n: number, base = BASE_MESSAGES): number {
  return Math.ceil((Math.min(n, base) / MESSAGES_PER_LINE) * 1.05);
}

/** Sets the lead's `counters` row 'console' (when the table exists) from a real count: copies bypass it. */
export function syncCounters(db: Database.Database): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counters'").get()) return;
  db.prepare(`INSERT INTO counters(name, value) VALUES ('console', (SELECT count(*) FROM messages WHERE console = 0 AND ack IS NULL))
    ON CONFLICT(name) DO UPDATE SET value = excluded.value`).run();
}

/** The cached store when it is complete, of this size and schema; otherwise undefined. */
function reuse(dir: string, o: FillOptions): FilledStore | undefined {
  const recFile = join(dir, 'fill.json');
  const dbFile = join(dir, 'messages.db');
  if (!existsSync(recFile) || !existsSync(dbFile)) return undefined;
  const rec = JSON.parse(readFileSync(recFile, 'utf8')) as FillRecord;
  if (rec.fill !== FILL_VERSION || rec.n !== o.n || rec.seed !== o.seed || rec.base !== (o.base ?? BASE_MESSAGES)) return undefined;
  if (rec.userVersion !== MIGRATIONS.length) {
    // The schema moved on since the build: upgrade in place as a user's store would be, then recount.
    o.log?.(`store ${num(o.n)}: schema ${rec.userVersion} -> ${MIGRATIONS.length}, upgrading the cached store`);
    new MessageStore(dbFile).close();
    const db = new Database(dbFile);
    syncCounters(db);
    db.close();
    writeFileSync(recFile, JSON.stringify({ ...rec, userVersion: MIGRATIONS.length }) + '\n');
  }
  const db = new Database(dbFile, { readonly: true });
  const { c } = db.prepare('SELECT count(*) AS c FROM messages').get() as { c: number };
  db.close();
  if (c !== o.n) return (o.log?.(`store ${num(o.n)}: cached store has ${c} rows, rebuilding`), undefined);
  return { home: dir, n: o.n, fillSeconds: 0, builtSeconds: rec.seconds, reused: true };
}

/** Ingest the base log with the real CLI into a fresh home. */
function ingestBase(o: FillOptions, home: string): void {
  const file = join(home, 'base.log');
  const lines = baseLines(o.n, o.base);
  o.log?.(`store ${num(o.n)}: generating ${lines} vsftpd lines`);
  generateFile({ kind: 'vsftpd', lines, seed: o.seed }, file);
  o.log?.(`store ${num(o.n)}: msgmon ingest`);
  const cli = join(o.root, 'dist', 'src', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'ingest', '--home', home, '--system', 'web1', '--format', 'vsftpd', file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  rmSync(file, { force: true });
  if (r.status !== 0) throw new Error(`ingest failed: ${firstErrorLine(r.stderr ?? '', `exit ${String(r.status)}`)}`);
}

/** Copy the first rows as web2..web9 over the same day, then all nine again a day later, … until n rows. */
function grow(db: Database.Database, n: number, log?: (s: string) => void): void {
  const base = db.prepare('SELECT count(*) AS c, min(time) AS lo, max(time) AS hi FROM messages').get() as { c: number; lo: number; hi: number };
  // Trim instead when the ingest gave more than asked (small stores); FTS is rebuilt afterwards anyway.
  if (base.c >= n) return void db.prepare('DELETE FROM messages WHERE id > ?').run(n);
  // Every column the schema has today, so a column added later is copied too; only these three change.
  const cols = (db.prepare('PRAGMA table_info(messages)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const expr: Record<string, string> = {
    time: 'time + @shift',
    system: '@system',
    session: "CASE WHEN session IS NULL THEN NULL ELSE @system || substr(session, instr(session, ':')) || '.' || @round END",
  };
  const copy = db.prepare(`INSERT INTO messages(${cols.join(', ')}) SELECT ${cols.map((c) => expr[c] ?? c).join(', ')}
    FROM messages WHERE id <= @k ORDER BY id`);
  // The copied messages' sessions get their summaries too (FTP Sessions, investigate read them), renamed the same way.
  const baseSessions = (db.prepare('SELECT max(rowid) AS r FROM sessions').get() as { r: number | null }).r ?? 0;
  const sessionCols = (db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((c) => c.name);
  const sessionExpr: Record<string, string> = {
    id: "@system || substr(id, instr(id, ':')) || '.' || @round",
    system: '@system',
    start: 'start + @shift',
    last: 'last + @shift',
    end: 'end + @shift',
  };
  const copySessions = db.prepare(`INSERT INTO sessions(${sessionCols.join(', ')}) SELECT ${sessionCols.map((c) => sessionExpr[c] ?? c).join(', ')}
    FROM sessions WHERE rowid <= @r`);
  const span = base.hi - base.lo + 1000;
  let have = base.c;
  // Nine servers busy at the same time, as a site would have them: an hour holds nine servers' messages,
  // each batch reads like one server's log ingested after another's.
  for (let round = 1; have < n; round++) {
    const k = Math.min(base.c, n - have);
    const at = { shift: Math.floor(round / 9) * span, system: `web${(round % 9) + 1}`, round };
    db.transaction(() => {
      copy.run({ ...at, k });
      copySessions.run({ ...at, r: baseSessions });
    })();
    have += k;
    if (round % 10 === 0 || have === n) log?.(`  ${have.toLocaleString('en')} / ${n.toLocaleString('en')} rows`);
  }
}

/** The store of `n` messages for this seed: reused when cached and complete, else built now. */
export function fillStore(o: FillOptions): FilledStore {
  const dir = join(o.workDir, `store-${o.n}-s${o.seed}`);
  const cached = reuse(dir, o);
  if (cached) return (o.log?.(`store ${num(o.n)}: reusing ${dir} (built in ${cached.builtSeconds.toFixed(0)} s)`), cached);
  const t0 = Date.now();
  // Every step says how long the build has run: the 10M build is minutes, and the reader wants to know where.
  const step = (what: string): void => o.log?.(`store ${num(o.n)}: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ingestBase(o, dir);
  const db = new Database(join(dir, 'messages.db'));
  try {
    // A scratch build: no WAL (it would write every page twice), no fsync, a big page cache. A crash only
    // means the next run rebuilds (fill.json is written last). SQLite refuses WAL -> OFF, so DELETE it is.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000');
    step('copying rows');
    grow(db, o.n, o.log);
    // Copied rows carry their originals' hashes: chain them again, as msgmon would have stored them.
    step('chaining the copied rows');
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chain'").get()) backfillChain(db);
    step('rebuilding the full-text index');
    db.exec("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')");
    step('counting the console');
    syncCounters(db);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  const seconds = (Date.now() - t0) / 1000;
  const rec: FillRecord = { fill: FILL_VERSION, n: o.n, seed: o.seed, base: o.base ?? BASE_MESSAGES, userVersion: MIGRATIONS.length, seconds };
  writeFileSync(join(dir, 'fill.json'), JSON.stringify(rec) + '\n');
  o.log?.(`store ${num(o.n)}: built in ${seconds.toFixed(1)} s`);
  return { home: dir, n: o.n, fillSeconds: seconds, builtSeconds: seconds, reused: false };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, dflt: number): number => {
    const i = process.argv.indexOf(name);
    return i < 0 ? dflt : Number(process.argv[i + 1]);
  };
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const s = fillStore({
    n: arg('--n', 1_000_000),
    seed: arg('--seed', 1),
    workDir: join(root, 'bench', '.work'),
    root,
    log: (m) => void process.stderr.write(`[store-fill] ${m}\n`),
  });
  process.stdout.write(JSON.stringify(s) + '\n');
}
