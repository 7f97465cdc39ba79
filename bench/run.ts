// `npm run bench [-- --lines N --quick --runs R --seed S --no-store10m --store-only --ssh-only --live-only --pg-only]`: generate a vsftpd log,
// measure the baselines and msgmon on that same file in this one run, print one table, write results.json.
// --quick (CI smoke test, well under 2 minutes on 2 cores) only proves the benchmark itself works.
// The store rows build 1M- and 10M-message stores once (about 3 minutes for 10M on 2 cores) and reuse them;
// --no-store10m skips the 10M store, --store-only runs just the store rows, --ssh-only just the SSH collector
// rows (with the local ingest they are compared with), --live-only just the two live console rows (a line appended
// to a followed log, local and over SSH, to its row on the console; needs tmux, and root for the sshd),
// --pg-only just the PostgreSQL rows (pg-rows.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateFile } from './gen.js';
import { catBaseline, fail2banBaseline, grepBaseline, nodeLoopBaseline, secBaseline, wcBaseline, type BaselineCtx } from './baselines.js';
import { ingestCell, msgmonRows, runIngest, sshAppends } from './msgmon-rows.js';
import { sshNote, sshRows, sshRuns } from './ssh-rows.js';
import { storeNotes, storeRows, type StoreCtx } from './store-rows.js';
import { consoleRows } from './console-rows.js';
import { liveRows } from './live-rows.js';
import { pgNote, pgRows, pgRuns, type PgCtx } from './pg-rows.js';
import { formatTable, writeResults } from './table.js';
import { GNU_TIME, onPath } from './measure.js';

/** Parsed command line. */
export interface BenchArgs {
  lines: number;
  quick: boolean;
  runs: number;
  seed: number;
  store10m: boolean;
  storeOnly: boolean;
  sshOnly: boolean;
  liveOnly: boolean;
  pgOnly: boolean;
}

/** Parse argv; defaults are 1,000,000 lines (100,000 with --quick), 3 runs (the minimum for a median). */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const quick = argv.includes('--quick');
  const val = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number`);
    return n;
  };
  const runs = val('--runs') ?? 3;
  if (runs < 3) throw new Error('--runs must be at least 3 (rows are medians of >= 3 runs)');
  return {
    lines: val('--lines') ?? (quick ? 100_000 : 1_000_000),
    quick,
    runs,
    seed: val('--seed') ?? 1,
    store10m: !argv.includes('--no-store10m'),
    storeOnly: argv.includes('--store-only'),
    sshOnly: argv.includes('--ssh-only'),
    liveOnly: argv.includes('--live-only'),
    pgOnly: argv.includes('--pg-only'),
  };
}

const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

function version(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      ?.trim();
  } catch {
    return undefined;
  }
}

/** --store-only: just the store rows (their stores are cached, so this is the quick way to re-measure). */
async function storeOnly(args: BenchArgs, ctx: StoreCtx, t0: number): Promise<void> {
  const { rows, stores } = await storeRows(ctx);
  process.stdout.write(
    `msgmon store bench, seed ${args.seed}${args.quick ? ', --quick' : ''}; node ${process.version}, ` +
      `${cpus().length} cores\n\n${formatTable(rows, args.lines)}\n\n${storeNotes(stores)}`,
  );
  const out = join(ctx.workDir, 'results-store.json');
  writeResults(out, rows, args.lines, { meta: { date: new Date().toISOString(), ...args, seconds: (Date.now() - t0) / 1000 }, stores });
  log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** --live-only: the live console rows alone (no generated log, no store), the quick way to re-measure them. */
async function liveOnly(args: BenchArgs, workDir: string, root: string, t0: number): Promise<void> {
  const rows = onPath('tmux')
    ? await liveRows({ quick: args.quick, workDir, root, log })
    : [{ work: 'live rows (tmux)', msgmon: { status: 'tmux not installed' }, baseline: null }];
  process.stdout.write(
    `msgmon live bench${args.quick ? ', --quick' : ''}; node ${process.version}, ${cpus().length} cores\n\n${formatTable(rows, args.lines)}\n`,
  );
  const out = join(workDir, 'results-live.json');
  writeResults(out, rows, args.lines, { meta: { date: new Date().toISOString(), ...args, seconds: (Date.now() - t0) / 1000 } });
  log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** --pg-only: just the PostgreSQL rows (store commit and console first page, PostgreSQL beside SQLite). */
async function pgOnly(args: BenchArgs, ctx: PgCtx, t0: number): Promise<void> {
  const run = await pgRuns(ctx);
  process.stdout.write(
    `msgmon PostgreSQL bench, seed ${args.seed}, median of ${args.runs} runs${args.quick ? ', --quick' : ''}; node ${process.version}, ` +
      `${cpus().length} cores\n\n${formatTable(pgRows(run, args.quick), args.lines)}\n\n${pgNote(run)}`,
  );
  const out = join(ctx.workDir, 'results-pg.json');
  writeResults(out, pgRows(run, args.quick), args.lines, { meta: { date: new Date().toISOString(), ...args, seconds: (Date.now() - t0) / 1000 }, pg: run });
  log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** --ssh-only: the SSH collector rows and the local ingest of the same file they are compared with. */
async function sshOnly(args: BenchArgs, file: string, workDir: string, root: string, t0: number): Promise<void> {
  const base = { file, lines: args.lines, runs: args.runs, workDir, root };
  log("msgmon ingest (the SSH rows' baseline)");
  const ingest = await runIngest(base);
  log('SSH collector (private sshd on 127.0.0.1)');
  const ssh = await sshRuns({ ...base, appends: sshAppends(args.quick), quick: args.quick, log });
  const rows = sshRows(ssh, ingestCell(ingest));
  process.stdout.write(
    `msgmon SSH bench: ${args.lines.toLocaleString('en')} vsftpd lines, seed ${args.seed}, median of ${args.runs} runs` +
      `${args.quick ? ', --quick' : ''}; node ${process.version}, ${cpus().length} cores\n\n${formatTable(rows, args.lines)}\n\n${sshNote(ssh)}`,
  );
  const out = join(workDir, 'results-ssh.json');
  writeResults(out, rows, args.lines, { meta: { date: new Date().toISOString(), ...args, seconds: (Date.now() - t0) / 1000 }, ingest, ssh });
  log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const args = parseBenchArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const workDir = join(root, 'bench', '.work');
  mkdirSync(workDir, { recursive: true });
  const storeCtx: StoreCtx = { quick: args.quick, store10m: args.store10m, seed: args.seed, workDir, root, log };
  if (args.storeOnly) return storeOnly(args, storeCtx, t0);
  if (args.liveOnly) return liveOnly(args, workDir, root, t0);
  if (args.pgOnly) return pgOnly(args, { ...storeCtx, runs: args.runs }, t0);
  const file = join(workDir, `vsftpd-${args.lines}-s${args.seed}.log`);
  log(`generating ${args.lines} vsftpd lines (seed ${args.seed})`);
  generateFile({ kind: 'vsftpd', lines: args.lines, seed: args.seed }, file);
  if (args.sshOnly) return sshOnly(args, file, workDir, root, t0);
  if (!existsSync(GNU_TIME)) log(`${GNU_TIME} missing: no RSS figures (apt-get install time)`);
  const ctx: BaselineCtx = { file, lines: args.lines, runs: args.runs, workDir, benchDist: join(root, 'dist', 'bench') };
  log('cat / wc / grep');
  const cat = await catBaseline(ctx);
  const wc = await wcBaseline(ctx);
  const grep = await grepBaseline(ctx);
  log('plain Node loop');
  const { result: loop, counts } = await nodeLoopBaseline(ctx);
  log('fail2ban-regex');
  const fail2ban = await fail2banBaseline(ctx, counts?.kinds['login-fail']);
  log('SEC');
  const sec = await secBaseline(ctx);
  log('msgmon ingest');
  const baselines = { cat, wc, grep, loop, fail2ban, sec };
  const { rows, ingest, stores, ssh, profile, notify } = await msgmonRows({
    file,
    lines: args.lines,
    runs: args.runs,
    workDir,
    root,
    baselines,
    store: storeCtx,
  });
  log('console rows (tmux)');
  rows.push(...(await consoleRows({ ...storeCtx, runs: args.runs, file, lines: args.lines, log })));
  log('PostgreSQL rows (private cluster)');
  const pg = await pgRuns({ ...storeCtx, runs: args.runs });
  rows.push(...pgRows(pg, args.quick));
  const bytes = statSync(file).size;
  const head =
    `msgmon bench: ${args.lines.toLocaleString('en')} vsftpd lines (${(bytes / 1e6).toFixed(1)} MB), seed ${args.seed}, ` +
    `median of ${args.runs} runs (min-max)${args.quick ? ', --quick' : ''}; node ${process.version}, ${cpus().length} cores`;
  process.stdout.write(`${head}\n\n${formatTable(rows, args.lines)}\n\n${sshNote(ssh)}${storeNotes(stores)}${pgNote(pg)}`);
  const out = join(root, 'bench', 'results.json');
  writeResults(out, rows, args.lines, {
    meta: {
      date: new Date().toISOString(),
      ...args,
      file,
      bytes,
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      fail2ban: version('fail2ban-regex', ['--version']),
      sec: version('sec', ['--version']),
      seconds: (Date.now() - t0) / 1000,
    },
    baselines,
    lineKinds: counts?.kinds,
    ingest,
    profile,
    notify,
    ssh,
    stores,
    pg,
  });
  log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
