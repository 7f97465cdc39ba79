// The console rows (issue 15), all in real terminals (tmux): `msgmon --help` and `msgmon status` beside `node -e 0`;
// the console's first screen from the command on a 1M-message store (10M in full mode) beside lnav's first screen
// of a 1M-line file (less's when lnav is not installed); and the live rows (./live-rows.js): a line appended to a
// followed log, local or over SSH, to its row on the console.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_ENV, liveRows, uploadLine } from './live-rows.js';
import { onPath, runTimed, spread } from './measure.js';
import { sleep } from './process.js';
import { fillStore } from './store-fill.js';
import { TmuxControl } from './tmux-watch.js';
import type { Cell, Row } from './table.js';

/** What the console rows need to know about the run. */
export interface ConsoleCtx {
  quick: boolean;
  store10m: boolean;
  runs: number;
  seed: number;
  /** The generated vsftpd log of the run (lnav and less open it). */
  file: string;
  lines: number;
  workDir: string;
  root: string;
  log: (s: string) => void;
}

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/**
 * Milliseconds from starting `command` in a new 132x27 tmux window until its screen satisfies `ready`, looked at every
 * 2 ms through one control-mode client (tmux-watch.ts).
 */
async function firstScreen(command: string, ready: (screen: string) => boolean, timeoutMs = 60_000): Promise<number> {
  const session = `msgmon-bench-first-${process.pid}`;
  const ctl = TmuxControl.start();
  try {
    const t0 = performance.now();
    await ctl.run('new-session', '-d', '-s', session, '-x', '132', '-y', '27', `${command}; sleep 60`);
    while (!ready(await ctl.capture(session))) {
      if (performance.now() - t0 > timeoutMs) throw new Error(`no first screen within ${timeoutMs / 1000} s: ${command}`);
      await sleep(2);
    }
    return performance.now() - t0;
  } finally {
    tmux('kill-session', '-t', session);
    ctl.stop();
  }
}

/** A cell of `runs` measures of `measure` (ms), or the error that stopped it. */
async function timedCell(runs: number, measure: () => Promise<number>): Promise<Cell> {
  const ms: number[] = [];
  try {
    for (let i = 0; i < runs; i++) ms.push(await measure());
  } catch (e) {
    return { status: `error: ${(e as Error).message.slice(0, 100)}` };
  }
  return { ...spread(ms), unit: 'ms' };
}

/** Wall time of a command line, `runs` times. */
function wallCell(runs: number, cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Cell> {
  return timedCell(runs, async () => (await runTimed(cmd, args, { stdout: 'null', env })).wallMs);
}

/** The console's first screen is up: the legend and a message row. */
const consoleReady = (s: string): boolean => s.includes('F3=Exit') && /FTP\d{4}/.test(s);

/** A home with one local source and its few messages, as on a machine where the console is kept clear. */
function smallHome(cli: string): string {
  const home = mkdtempSync(join(tmpdir(), 'msgmon-bench-home-'));
  const log = join(home, 'vsftpd.log');
  writeFileSync(log, uploadLine('a.csv') + uploadLine('b.csv'));
  const run = (...args: string[]): void => void execFileSync(process.execPath, [cli, '--home', home, ...args], { stdio: 'ignore' });
  run('sources', 'add', 'web', '--system', 'local', '--format', 'vsftpd', '--path', log);
  run('ingest', '--system', 'local', '--format', 'vsftpd', log);
  return home;
}

/**
 * `msgmon --help` and `status` beside `node -e 0` (what node itself costs is the floor); status also on the big
 * store, where every message is unacknowledged on the console and counting them per system is most of its time.
 */
async function startupRows(ctx: ConsoleCtx, cli: string, storeHome: string | undefined, storeLabel: string): Promise<Row[]> {
  ctx.log('start-up: node -e 0, msgmon --help, msgmon status');
  const runs = ctx.quick ? ctx.runs : ctx.runs * 2;
  const home = smallHome(cli);
  const node = await wallCell(runs, process.execPath, ['-e', '0']);
  const help = await wallCell(runs, process.execPath, [cli, '--help']);
  const status = await wallCell(runs, process.execPath, [cli, '--home', home, 'status']);
  rmSync(home, { recursive: true, force: true });
  const big: Cell = storeHome ? await wallCell(runs, process.execPath, [cli, '--home', storeHome, 'status']) : { status: 'no store' };
  const target = { on: 'msgmon' as const, op: '<=' as const, value: 200, label: '<= 200 ms' };
  return [
    { work: 'msgmon --help wall vs node -e 0', msgmon: help, baseline: node, target },
    { work: 'msgmon status wall (2 messages) vs node -e 0', msgmon: status, baseline: node, target },
    { work: `msgmon status wall, ${storeLabel} unacknowledged vs node -e 0`, msgmon: big, baseline: node },
  ];
}

/** The console's first screen on stores of 1M (100k with --quick) and 10M messages, beside lnav or less. */
async function firstScreenRows(ctx: ConsoleCtx, cli: string): Promise<{ rows: Row[]; oneHome?: string }> {
  const viewer = onPath('lnav') ? 'lnav' : 'less';
  if (viewer === 'less') ctx.log('lnav: not available, comparing with less');
  const base = ctx.lines.toLocaleString('en');
  ctx.log(`first screen: ${viewer} on ${base} lines`);
  // lnav keeps a config folder: a fresh one, so no earlier session changes what it shows.
  const lnavHome = mkdtempSync(join(tmpdir(), 'msgmon-bench-lnav-'));
  const viewerCmd = viewer === 'lnav' ? `env HOME=${lnavHome} TERM=xterm-256color lnav ${ctx.file}` : `env TERM=xterm-256color less ${ctx.file}`;
  const shown = await timedCell(ctx.runs, () => firstScreen(viewerCmd, (s) => s.includes('[pid ')));
  rmSync(lnavHome, { recursive: true, force: true });
  const sizes = ctx.quick ? [100_000] : ctx.store10m ? [1_000_000, 10_000_000] : [1_000_000];
  const rows: Row[] = [];
  let oneHome: string | undefined;
  for (const n of sizes) {
    const label = n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
    let cell: Cell;
    try {
      const fill = fillStore({ n, seed: ctx.seed, workDir: ctx.workDir, root: ctx.root, log: ctx.log });
      oneHome ??= fill.home;
      ctx.log(`first screen: console on ${label} messages`);
      cell = await timedCell(ctx.runs, () => firstScreen(`${CONSOLE_ENV} ${process.execPath} ${cli} --home ${fill.home}`, consoleReady));
    } catch (e) {
      cell = { status: `error: ${(e as Error).message.slice(0, 100)}` };
    }
    rows.push({
      work: `console first screen, ${label} messages vs ${viewer} on ${base} lines (tmux)`,
      msgmon: cell,
      baseline: shown,
      target: { on: 'msgmon', op: '<=', value: 300, label: '<= 300 ms', ...(n < 1e6 ? { skip: 'target is for 1M' } : {}) },
    });
  }
  return { rows, oneHome };
}

/** Every console row. */
export async function consoleRows(ctx: ConsoleCtx): Promise<Row[]> {
  if (!onPath('tmux')) return [{ work: 'console rows (tmux)', msgmon: { status: 'tmux not installed' }, baseline: null }];
  const cli = join(ctx.root, 'dist', 'src', 'cli.js');
  const { rows, oneHome } = await firstScreenRows(ctx, cli);
  const startup = await startupRows(ctx, cli, oneHome, ctx.quick ? '100k' : '1M');
  return [...startup, ...rows, ...(await liveRows(ctx))];
}
