// The status probe row (issue 16): one `msgmon collect` daemon probes 50 systems, each a host of the bench sshd on
// 127.0.0.1 with no log source (the probe alone, one connection each), every 15 s. After the first round reached
// every system, the collector's own CPU time (/proc/PID/stat utime + stime) is read across whole probe rounds;
// its peak RSS (VmHWM) at the end. --quick probes every 3 s for 2 rounds and states the cost of one round as the
// CPU share it would take every 15 s (an upper bound: the 3 s of idle timers between rounds count too).
// The window ends after whole rounds are stored (a busy machine answers slower), and the CPU time is divided by them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigStore } from '../src/store/config-store.js';
import { firstErrorLine } from './measure.js';
import { alive, sleep } from './process.js';
import type { BenchSshd } from './ssh-server.js';
import { cli, exited, HOST, startCollector } from './ssh-home.js';
import type { SshCtx } from './ssh-rows.js';

/** How many systems the row probes. */
export const PROBED_SYSTEMS = 50;
/** The interval the target is stated for. */
export const TARGET_INTERVAL_S = 15;

/** What the row measured, kept in results.json. */
export interface ProbeManyRun {
  systems: number;
  /** The probe interval the collector ran with. */
  intervalS: number;
  /** Probe rounds (samples / systems) inside the measured window. */
  rounds: number;
  windowSeconds: number;
  /** Collector CPU seconds per probe round of all systems. */
  cpuSecondsPerRound: number;
  /** CPU % of one core at one round every 15 s (measured directly when intervalS is 15). */
  cpuPct: number;
  /** Peak resident memory of the collector (VmHWM), MB. */
  rssMb: number;
  /** FTP/SFTP server processes each probe reported (the bench sshd's own sessions: all 50 systems are this machine). */
  procsPerSystem: number;
  exitCode: number | null;
}

/** utime + stime of a process in clock ticks, or undefined when it is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return undefined;
  }
}

function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Probes stored so far (one load1 row per system per probe) and the systems that have one. */
function probesStored(db: Database.Database): { samples: number; systems: number } {
  return db.prepare("SELECT count(*) AS samples, count(DISTINCT system) AS systems FROM status_samples WHERE metric = 'load1'").get() as {
    samples: number;
    systems: number;
  };
}

/** Runs the row: 50 probed hosts on one collector; its CPU share over whole rounds and its peak RSS. */
export async function probeMany(ctx: SshCtx, sshd: BenchSshd, quick: boolean): Promise<ProbeManyRun | { status: string }> {
  const intervalS = quick ? 3 : TARGET_INTERVAL_S;
  // --quick: 2 rounds (≈ 20 s with the 50 logins), as the smoke run's budget asks.
  const rounds = quick ? 2 : 4;
  const home = mkdtempSync(join(ctx.workDir, 'probe-home-'));
  const names = Array.from({ length: PROBED_SYSTEMS }, (_, i) => `${HOST}${String(i).padStart(2, '0')}`);
  await cli(ctx, home, ['hosts', 'add', names[0]!, '--host', '127.0.0.1', '--port', String(sshd.port), '--user', sshd.user, '--identity', sshd.identityFile]);
  await cli(ctx, home, ['hosts', 'trust', names[0]!]); // the key is recorded for 127.0.0.1:port, so it covers all 50
  // The other 49 straight into the configuration (49 `hosts add` runs would only time node's start-up).
  new ConfigStore(join(home, 'config.json')).update((d) => {
    const first = d.hosts[0]!;
    for (const n of names.slice(1)) d.hosts.push({ ...first, name: n });
  });
  const collector = startCollector(ctx, home, ['--probe', String(intervalS)]);
  const pid = collector.child.pid!;
  let db: Database.Database | undefined;
  try {
    const dbFile = join(home, 'messages.db');
    // 50 SSH logins and first probes: a minute on an idle 2-core machine is plenty; a busy one (CI beside other work) needs more.
    const until = Date.now() + 150_000;
    // Every system probed once: connected, and the first (rate-less) round is behind.
    for (;;) {
      if (!alive(pid)) return { status: `error: collect exited: ${firstErrorLine(collector.stderr(), 'no output')}` };
      if (Date.now() > until) return { status: `error: not every system probed within 150 s (${firstErrorLine(collector.stderr(), 'no output')})` };
      if (!db && existsSync(dbFile)) {
        try {
          db = new Database(dbFile, { readonly: true, fileMustExist: true });
          probesStored(db);
        } catch {
          db?.close();
          db = undefined;
        }
      }
      if (db && probesStored(db).systems === PROBED_SYSTEMS) break;
      await sleep(100);
    }
    const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const c0 = cpuTicks(pid);
    const n0 = probesStored(db).samples;
    const t0 = performance.now();
    // Whole rounds, however long a busy machine takes to answer them (a fixed window could hold less than one).
    const cap = t0 + Math.max(rounds * intervalS * 4, 60) * 1000;
    let n1 = n0;
    while ((n1 - n0) / PROBED_SYSTEMS < rounds && performance.now() < cap && alive(pid)) {
      await sleep(100);
      n1 = probesStored(db).samples;
    }
    const c1 = cpuTicks(pid);
    const windowSeconds = (performance.now() - t0) / 1000;
    const rss = peakRssMb(pid);
    if (c0 === undefined || c1 === undefined || rss === undefined) return { status: 'error: collector gone before it was measured' };
    const done = (n1 - n0) / PROBED_SYSTEMS;
    if (done < 1) return { status: `error: only ${done.toFixed(1)} probe rounds in ${windowSeconds.toFixed(0)} s` };
    const newest = db.prepare("SELECT value FROM status_samples WHERE metric = 'ftp.procs' ORDER BY time DESC LIMIT 1").get() as { value: number } | undefined;
    collector.child.kill('SIGTERM');
    const code = await exited(collector.child, 20_000);
    if (code === undefined) return { status: 'error: collect did not stop within 20 s of SIGTERM' };
    const cpuSeconds = (c1 - c0) / tick;
    // By the rounds done, not the time: a round starts `interval` after the previous one ended, so on a busy
    // machine (all 50 answers come from this one) there are fewer of them than the window holds intervals.
    const perRound = cpuSeconds / done;
    return {
      systems: PROBED_SYSTEMS,
      intervalS,
      rounds: done,
      windowSeconds,
      cpuSecondsPerRound: perRound,
      cpuPct: (100 * perRound) / TARGET_INTERVAL_S,
      rssMb: rss,
      procsPerSystem: newest?.value ?? 0,
      exitCode: code,
    };
  } finally {
    db?.close();
    await collector.kill();
    rmSync(home, { recursive: true, force: true });
  }
}
