// The store rows: console first page, Page Down, Activity Log user+time and free-text search on stores of
// 1M and 10M messages, p50 with p95, plus the console process's peak RSS. Each store is measured by a
// separate probe process (bench/store-probe.ts) so the RSS is the console's, not the benchmark's.
import { join } from 'node:path';
import { firstErrorLine, runTimed } from './measure.js';
import { fillStore, type FilledStore } from './store-fill.js';
import type { ProbeResult, Latency } from './store-probe.js';
import { num, type Cell, type Row, type Target } from './table.js';
import { investigateRows, investigateRuns, type InvestigateRun } from './investigate-rows.js';

/** What the store rows need to know about the run. */
export interface StoreCtx {
  quick: boolean;
  /** False with --no-store10m: the 10M store takes minutes to build (once) and 5.6 GB of disk. */
  store10m: boolean;
  seed: number;
  workDir: string;
  root: string;
  log: (s: string) => void;
}

/** One store's raw results, kept in results.json. */
export interface StoreRun {
  n: number;
  fill?: FilledStore;
  probe?: ProbeResult;
  rssMb?: number;
  /** `msgmon log verify` over the whole store: messages per second, or why there is none. */
  verify?: Cell;
  /** `msgmon investigate --user` of the median and the busiest person (investigate-rows.ts), or why there is none. */
  investigate?: InvestigateRun[] | string;
  status?: string;
}

/** Repetitions per measure (after one warm-up): enough for a p95 that is not the maximum. */
export const PROBE_REPS = 30;

/** The issue's targets by store size: [first page, Page Down, user+time, text, RSS] in ms and MB. */
const TARGETS: Record<string, (number | undefined)[]> = {
  '1M': [300, 20, undefined, undefined, 150],
  '10M': [300, 20, 100, 500, 200],
};
/** Issue 13: `investigate --user` over 10M messages within a second (the 1M store shows the figure unjudged). */
const INVESTIGATE_TARGET_MS: Record<string, number | undefined> = { '1M': 1000, '10M': 1000 };
const MEASURES = ['console first page', 'Page Down', 'Activity Log user+time', 'free-text search'] as const;
const KEYS = ['firstPaint', 'pageDown', 'userTime', 'text'] as const;

/** A latency as a table cell: p50 is the figure judged, p95 is shown beside it. */
export function latencyCell(l: Latency): Cell {
  return { median: l.p50, min: l.min, max: l.max, unit: 'ms', p95: l.p95 };
}

/** "1M", "10M", "100k": the size as the row labels say it. */
export const sizeLabel = (n: number): string => num(n);

/** Build (or reuse) the store and run the probe on it under GNU time. */
async function measure(n: number, ctx: StoreCtx): Promise<StoreRun> {
  let fill: FilledStore;
  try {
    fill = fillStore({ n, seed: ctx.seed, workDir: ctx.workDir, root: ctx.root, log: ctx.log });
  } catch (e) {
    return { n, status: `error: ${(e as Error).message.slice(0, 100)}` };
  }
  ctx.log(`store ${sizeLabel(n)}: probing (${PROBE_REPS} reps per measure)`);
  const probeJs = join(ctx.root, 'dist', 'bench', 'store-probe.js');
  const t = await runTimed(process.execPath, [probeJs, '--home', fill.home, '--reps', String(PROBE_REPS), '--seed', String(ctx.seed)]);
  if (t.code !== 0) return { n, fill, status: `error: ${firstErrorLine(t.stderr, `exit ${t.code}`)}` };
  let probe: ProbeResult;
  try {
    probe = JSON.parse(t.stdout.trim().split('\n').pop() ?? '') as ProbeResult;
  } catch {
    return { n, fill, status: `error: probe printed no JSON (${firstErrorLine(t.stdout, 'empty')})` };
  }
  if (probe.lastId !== n) return { n, fill, status: `error: probe saw ${probe.lastId} messages, expected ${n}` };
  const verify = await verifyRate(fill.home, n, ctx);
  ctx.log(`store ${sizeLabel(n)}: msgmon investigate --user`);
  const investigate = await investigateRuns(ctx.root, fill.home);
  return { n, fill, probe, rssMb: t.maxRssKb === undefined ? undefined : t.maxRssKb / 1024, verify, investigate };
}

/** Times `msgmon log verify --json` over the whole store (the hash chain recomputed): messages per second. */
async function verifyRate(home: string, n: number, ctx: StoreCtx): Promise<Cell> {
  ctx.log(`store ${sizeLabel(n)}: msgmon log verify`);
  const t = await runTimed(process.execPath, [join(ctx.root, 'dist', 'src', 'cli.js'), '--home', home, 'log', 'verify', '--json']);
  let r: { ok?: boolean; checked?: number };
  try {
    r = JSON.parse(t.stdout) as typeof r;
  } catch {
    return { status: `error: ${firstErrorLine(t.stderr, `exit ${t.code}`)}` };
  }
  if (!r.ok || r.checked !== n) return { status: `error: verify ok=${String(r.ok)}, checked ${r.checked} of ${n}` };
  const rate = n / (t.wallMs / 1000);
  return { median: rate, min: rate, max: rate, unit: 'l/s' };
}

/** The rows of one store size with the targets of `targetsOf`; unjudged rows show them without a verdict. */
function rowsFor(label: string, run: StoreRun, targetsOf: string, judged: boolean): Row[] {
  const t = TARGETS[targetsOf]!;
  const target = (v: number | undefined, unit: string): Target | undefined =>
    v === undefined ? undefined : { on: 'msgmon', op: '<=', value: v, label: `<= ${v} ${unit}`, ...(judged ? {} : { skip: `target is for ${targetsOf}` }) };
  const why: Cell = { status: run.status ?? 'error: no result' };
  const rows: Row[] = MEASURES.map((q, i) => ({
    work: `store ${label}: ${q} p50 (p95)`,
    msgmon: run.probe ? latencyCell(run.probe[KEYS[i]!]) : why,
    baseline: null,
    target: target(t[i], 'ms'),
  }));
  const rss: Cell =
    run.rssMb !== undefined ? { median: run.rssMb, min: run.rssMb, max: run.rssMb, unit: 'MB' } : run.probe ? { status: 'no RSS: /usr/bin/time missing' } : why;
  rows.push({ work: `store ${label}: peak RSS`, msgmon: rss, baseline: null, target: target(t[4], 'MB') });
  rows.push({ work: `log verify, ${label} messages (hash chain)`, msgmon: run.verify ?? why, baseline: null });
  rows.push(...investigateRows(label, run.investigate ?? run.status, INVESTIGATE_TARGET_MS[targetsOf], judged && targetsOf === '10M'));
  return rows;
}

/** All store rows: 100k with --quick (judged against nothing), else 1M and 10M (unless --no-store10m). */
export async function storeRows(ctx: StoreCtx): Promise<{ rows: Row[]; stores: StoreRun[] }> {
  if (ctx.quick) {
    const run = await measure(100_000, ctx);
    return { rows: rowsFor('100k', run, '1M', false), stores: [run] };
  }
  const one = await measure(1_000_000, ctx);
  const ten: StoreRun = ctx.store10m ? await measure(10_000_000, ctx) : { n: 10_000_000, status: 'skipped (--no-store10m)' };
  return { rows: [...rowsFor('1M', one, '1M', true), ...rowsFor('10M', ten, '10M', true)], stores: [one, ten] };
}

/** Lines under the table: how each store was built (the 10M build is minutes) and its cold first paint. */
export function storeNotes(stores: StoreRun[]): string {
  const note = (s: StoreRun): string => {
    if (!s.fill) return s.status ?? '';
    const built = `built in ${s.fill.builtSeconds.toFixed(0)} s${s.fill.reused ? ' (cached)' : ''}`;
    if (!s.probe) return built;
    const p = s.probe;
    // A search that found nothing is a cheap one: say so rather than let it flatter the latency.
    const empty = p.empty.userTime + p.empty.text ? `; searches that found nothing: ${p.empty.userTime} user+time, ${p.empty.text} text` : '';
    return `${built}; the probe opened it in ${num(p.openMs)} ms, its first paint took ${num(p.coldPaintMs)} ms${empty}`;
  };
  return stores.map((s) => `store ${sizeLabel(s.n)}: ${note(s)}\n`).join('') + '\n';
}
