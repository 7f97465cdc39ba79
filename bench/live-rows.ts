// The live rows (issue 15): the time from a line appended to a followed vsftpd log to its row on the console (tmux),
// p50 and p95, with `msgmon collect` running: once for a local source, once for a source read over SSH from the
// bench sshd on 127.0.0.1 (bench/ssh-server.ts). Same method and count for both, so the two rows compare.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, spread } from './measure.js';
import { killTree, sleep } from './process.js';
import { startBenchSshd } from './ssh-server.js';
import { remoteFile, setUpHome } from './ssh-home.js';
import type { Cell, Row } from './table.js';

/** What the live rows need to know about the run. */
export interface LiveCtx {
  quick: boolean;
  workDir: string;
  root: string;
  log: (s: string) => void;
}

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/** The console's terminal settings in every tmux row. */
export const CONSOLE_ENV = 'env TERM=xterm-256color LANG=C.UTF-8 NCURSES_NO_UTF8_ACS=1';

/** A vsftpd upload line stamped now (vsftpd logs UTC), naming a file unique to it. */
export function uploadLine(name: string): string {
  const d = new Date();
  const [wd, mon] = [d.toUTCString().slice(0, 3), d.toUTCString().slice(8, 11)];
  const hms = d.toISOString().slice(11, 19);
  return `${wd} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms} ${d.getUTCFullYear()} [pid 4242] [lat] OK UPLOAD: Client "127.0.0.1", "/home/lat/${name}", 14 bytes, 7.03Kbyte/sec\n`;
}

/** A msgmon home with one source following `log` (already holding one line, first.csv). */
interface FollowedHome {
  home: string;
  log: string;
}

/** Line appended to the followed log -> its row on the console: the latencies of `n` lines, one at a time. */
async function liveLatency(cli: string, n: number, { home, log }: FollowedHome): Promise<number[]> {
  const collector = spawn(process.execPath, [cli, '--home', home, 'collect', '--probe', '0'], { stdio: 'ignore', detached: true });
  const session = `msgmon-bench-live-${process.pid}`;
  try {
    tmux('new-session', '-d', '-s', session, '-x', '132', '-y', '27', `${CONSOLE_ENV} ${process.execPath} ${cli} --home ${home}; sleep 60`);
    const screen = (): string => tmux('capture-pane', '-p', '-t', session);
    const until = async (what: string, pred: (s: string) => boolean): Promise<number> => {
      const t0 = performance.now();
      while (!pred(screen())) {
        if (performance.now() - t0 > 30_000) throw new Error(`${what} not on the console within 30 s`);
        await sleep(2);
      }
      return performance.now() - t0;
    };
    // The first line proves the collector follows (for SSH: logged in, reading) before anything is timed.
    await until('the first line', (s) => s.includes('first.csv'));
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const name = `lat-${i}.csv`;
      appendFileSync(log, uploadLine(name));
      ms.push(await until(name, (s) => s.includes(name)));
      await sleep(150);
    }
    return ms;
  } finally {
    tmux('kill-session', '-t', session);
    await killTree(collector.pid!);
  }
}

/** The latencies as a cell: p50 with its p95, or the error that stopped the row. */
async function latencyCell(measure: () => Promise<number[]>): Promise<Cell> {
  try {
    const ms = await measure();
    return { ...spread(ms), unit: 'ms', p95: percentile(ms, 0.95) };
  } catch (e) {
    return { status: `error: ${(e as Error).message.slice(0, 100)}` };
  }
}

/** Local source: a home whose source follows a vsftpd log in a temp dir. */
async function localCell(cli: string, n: number): Promise<Cell> {
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-bench-live-'));
  try {
    const home = join(dir, 'home');
    const log = join(dir, 'vsftpd.log');
    writeFileSync(log, uploadLine('first.csv'));
    execFileSync(process.execPath, [cli, '--home', home, 'sources', 'add', 'lat', '--system', 'local', '--format', 'vsftpd', '--path', log], {
      stdio: 'ignore',
    });
    return await latencyCell(() => liveLatency(cli, n, { home, log }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SSH source: the bench sshd's host, trusted, and a source following a log in the bench user's home. */
async function sshCell(ctx: LiveCtx, cli: string, n: number): Promise<Cell> {
  let sshd: Awaited<ReturnType<typeof startBenchSshd>>;
  try {
    sshd = await startBenchSshd();
  } catch (e) {
    return { status: `not available: ${(e as Error).message}` };
  }
  try {
    const log = remoteFile(sshd, 'bench-live.log');
    appendFileSync(log, uploadLine('first.csv'));
    const home = await setUpHome(ctx, sshd, log);
    try {
      return await latencyCell(() => liveLatency(cli, n, { home, log }));
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(log, { force: true });
    }
  } catch (e) {
    return { status: `error: ${(e as Error).message.slice(0, 100)}` };
  } finally {
    await sshd.stop();
  }
}

/** Both live rows: 10 lines each with --quick, 40 otherwise. */
export async function liveRows(ctx: LiveCtx): Promise<Row[]> {
  const cli = join(ctx.root, 'dist', 'src', 'cli.js');
  const n = ctx.quick ? 10 : 40;
  const target = { on: 'msgmon' as const, op: '<=' as const, value: 300, label: 'p95 <= 300 ms', p95: true };
  ctx.log('live: line appended to a followed local log -> row on the console');
  const local = await localCell(cli, n);
  ctx.log('live: line appended to a log followed over SSH -> row on the console');
  const ssh = await sshCell(ctx, cli, n);
  return [
    { work: 'line appended to a local log -> console row p50 (p95), collect running (tmux)', msgmon: local, baseline: null, target },
    { work: 'line appended to a log over SSH -> console row p50 (p95), collect running (tmux)', msgmon: ssh, baseline: null, target },
  ];
}
