// The PostgreSQL rows (issue 18's Speed): the store commit in the pipeline's batch size, PostgreSQL beside SQLite on the
// same messages, and the console's first page (Work with Messages: the console subset, newest first) on a PostgreSQL
// store of 1M and 10M messages (--quick: 100k) beside SQLite's on its store of the same count. A private cluster with
// PostgreSQL's default durability (fsync on, unlike the tests' cluster). Without PostgreSQL 15 the rows say so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageService } from '../src/core/services.js';
import { MessageStore } from '../src/store/message-store.js';
import { PgConnection } from '../src/store/pg/pg-connection.js';
import { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { percentile, spread } from './measure.js';
import { pgAvailable, startCluster, type PgCluster } from './pg-cluster.js';
import { COMMIT_BATCH, commitAll, growPg, readMessages } from './pg-fill.js';
import { fillStore } from './store-fill.js';
import { latency, type Latency } from './store-probe.js';
import { latencyCell, PROBE_REPS, sizeLabel, type StoreCtx } from './store-rows.js';
import { num, type Cell, type Figure, type Row } from './table.js';

/** What the rows need: the store rows' context and the runs per figure. */
export interface PgCtx extends StoreCtx {
  runs: number;
}

/** Raw results, kept in results.json. */
export interface PgRun {
  status?: string;
  commit?: { messages: number; batch: number; pg: number[]; sqlite: number[] };
  pages: { n: number; pg?: Latency; sqlite?: Latency; fillSeconds?: number; status?: string }[];
}

/** Rows the console's first page asks for (a 132x27 screen shows fewer: an upper bound). */
const PAGE_ROWS = 20;
/** The issue's target for the first page on 10M messages in PostgreSQL. */
const PAGE_TARGET_MS = 50;

const rate = (n: number, ms: number[]): Figure => {
  const s = spread(ms.map((t) => n / (t / 1000)));
  return { median: s.median, min: s.min, max: s.max, unit: 'msg/s' };
};

/** One untimed warm-up, then PROBE_REPS timed first pages of the console subset. */
function timePage(m: MessageService): Latency {
  m.page({ console: true }, PAGE_ROWS);
  const ms: number[] = [];
  for (let i = 0; i < PROBE_REPS; i++) {
    const t = performance.now();
    m.page({ console: true }, PAGE_ROWS);
    ms.push(performance.now() - t);
  }
  return latency(ms);
}

/** A fresh database in the cluster, opened as a store. */
function freshStore(admin: PgConnection, cluster: PgCluster, name: string): PgMessageStore {
  admin.exec(`DROP DATABASE IF EXISTS ${name}`);
  admin.exec(`CREATE DATABASE ${name}`);
  return PgMessageStore.open(cluster.url.replace(/\/postgres$/, `/${name}`));
}

/** The same messages committed into fresh SQLite and PostgreSQL stores, `runs` times each: milliseconds per run. */
function commitRuns(ctx: PgCtx, admin: PgConnection, cluster: PgCluster, msgs: ReturnType<typeof readMessages>): NonNullable<PgRun['commit']> {
  const out = { messages: msgs.length, batch: COMMIT_BATCH, pg: [] as number[], sqlite: [] as number[] };
  for (let r = 0; r < ctx.runs; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'msgmon-commit-'));
    try {
      const s = new MessageStore(join(dir, 'messages.db'));
      out.sqlite.push(commitAll(s, msgs));
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const p = freshStore(admin, cluster, 'bench_commit');
    try {
      out.pg.push(commitAll(p, msgs));
    } finally {
      p.close();
    }
    ctx.log(`pg: commit run ${r + 1}: SQLite ${num(msgs.length / (out.sqlite[r]! / 1000))} msg/s, PostgreSQL ${num(msgs.length / (out.pg[r]! / 1000))} msg/s`);
  }
  admin.exec('DROP DATABASE IF EXISTS bench_commit');
  return out;
}

/** A PostgreSQL store of n messages (the base committed, the rest copied) and SQLite's of the same count: first pages. */
function pageRun(ctx: PgCtx, admin: PgConnection, cluster: PgCluster, msgs: ReturnType<typeof readMessages>, n: number): PgRun['pages'][number] {
  const t0 = Date.now();
  const name = `bench_page_${n}`;
  const p = freshStore(admin, cluster, name);
  let pg: Latency;
  try {
    ctx.log(`pg: store ${sizeLabel(n)}: committing ${num(Math.min(n, msgs.length))} messages, then copying in SQL`);
    commitAll(p, msgs.slice(0, n));
    growPg(p, n, ctx.log);
    const [c] = p.db.query<{ c: number }>('SELECT count(*) AS c FROM messages');
    if (c!.c !== n) return { n, status: `error: the PostgreSQL store holds ${c!.c} messages, expected ${n}` };
    ctx.log(`pg: store ${sizeLabel(n)}: filled in ${((Date.now() - t0) / 1000).toFixed(0)} s; timing the first page`);
    pg = timePage(p);
    ctx.log(`pg: store ${sizeLabel(n)}: PostgreSQL first page p50 ${num(pg.p50)} ms, p95 ${num(pg.p95)} ms`);
  } finally {
    p.close();
  }
  admin.exec(`DROP DATABASE IF EXISTS ${name}`);
  const fillSeconds = (Date.now() - t0) / 1000;
  // SQLite's first page on the bench's own store of the same count (built by the store rows, or now).
  const fill = fillStore({ n, seed: ctx.seed, workDir: ctx.workDir, root: ctx.root, log: ctx.log });
  const s = new MessageStore(join(fill.home, 'messages.db'), { readonly: true });
  try {
    return { n, pg, sqlite: timePage(s), fillSeconds };
  } finally {
    s.close();
  }
}

/** Runs the measures (the cluster is started for them and removed after); a failure becomes the rows' status. */
export async function pgRuns(ctx: PgCtx): Promise<PgRun> {
  const sizes = ctx.quick ? [100_000] : ctx.store10m ? [1_000_000, 10_000_000] : [1_000_000];
  if (!pgAvailable()) return { status: 'not installed: PostgreSQL 15 (apt-get install postgresql-15)', pages: sizes.map((n) => ({ n })) };
  try {
    return await measureAll(ctx, sizes);
  } catch (e) {
    return { status: `error: ${(e as Error).message.split('\n')[0]!.slice(0, 100)}`, pages: sizes.map((n) => ({ n })) };
  }
}

async function measureAll(ctx: PgCtx, sizes: number[]): Promise<PgRun> {
  // Real messages: those `msgmon ingest` made of the bench's generated vsftpd log (the store rows' SQLite store).
  const src = fillStore({ n: sizes[0]!, seed: ctx.seed, workDir: ctx.workDir, root: ctx.root, log: ctx.log });
  const msgs = readMessages(join(src.home, 'messages.db'), ctx.quick ? 20_000 : 100_000);
  ctx.log('pg: starting a private PostgreSQL 15 cluster (fsync on)');
  const cluster = await startCluster({ noFsync: false });
  const admin = PgConnection.open(cluster.url);
  try {
    const commit = commitRuns(ctx, admin, cluster, msgs);
    const pages = sizes.map((n) => {
      try {
        return pageRun(ctx, admin, cluster, msgs, n);
      } catch (e) {
        return { n, status: `error: ${(e as Error).message.slice(0, 100)}` };
      }
    });
    return { commit, pages };
  } finally {
    admin.close();
    cluster.stop();
  }
}

/** The table rows of a run. */
export function pgRows(run: PgRun, quick: boolean): Row[] {
  const why: Cell = { status: run.status ?? 'error: no result' };
  const c = run.commit;
  const rows: Row[] = [
    {
      work: `PostgreSQL store commit (not the whole ingest), ${c ? num(c.messages) : ''} msgs in ${num(COMMIT_BATCH)}-msg batches, fsync on, vs SQLite`,
      msgmon: c ? rate(c.messages, c.pg) : why,
      baseline: c ? rate(c.messages, c.sqlite) : why,
      target: { on: 'ratio', op: '>=', value: 0.5, label: '>= 0.5x SQLite' },
    },
  ];
  for (const p of run.pages) {
    const label = sizeLabel(p.n);
    const judged = p.n >= 10_000_000;
    const miss: Cell = { status: p.status ?? why.status };
    rows.push({
      work: `PostgreSQL ${label} (copied in SQL): console first page p50 (p95) vs SQLite ${label}`,
      msgmon: p.pg ? latencyCell(p.pg) : miss,
      baseline: p.sqlite ? latencyCell(p.sqlite) : miss,
      target: {
        on: 'msgmon',
        op: '<=',
        value: PAGE_TARGET_MS,
        label: `<= ${PAGE_TARGET_MS} ms`,
        ...(judged ? {} : { skip: quick ? 'target is for 10M (--quick)' : 'target is for 10M' }),
      },
    });
  }
  return rows;
}

/** The line under the table: how the PostgreSQL stores were made. */
export function pgNote(run: PgRun): string {
  if (!run.commit) return `PostgreSQL rows: ${run.status ?? 'not run'}\n\n`;
  const fills = run.pages
    .filter((p) => p.fillSeconds !== undefined)
    .map((p) => `${sizeLabel(p.n)} in ${p.fillSeconds!.toFixed(0)} s`)
    .join(', ');
  const med = percentile(run.commit.pg, 0.5);
  return (
    `PostgreSQL: a private 15 cluster, default durability (fsync on); commit of ${num(run.commit.messages)} ingested messages took ${num(med)} ms (median); ` +
    `page stores: ${num(run.commit.messages)} messages committed, the rest copied in SQL as more servers and days (chain not re-hashed)${fills ? `, filled ${fills}` : ''}\n\n`
  );
}
