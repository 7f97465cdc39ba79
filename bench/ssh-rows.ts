// The SSH collector rows, measured against a private sshd on 127.0.0.1 (bench/ssh-server.ts):
// - throughput: `msgmon collect --once` reads the bench's vsftpd file from the bench user's home over SSH,
//   fresh home per run, beside the local `msgmon ingest` of the same file measured in the same run;
// - latency: a running `msgmon collect` follows a remote file while lines are appended one at a time; the
//   time from each append to its message being committed is read by polling the store every 5 ms.
// When sshd cannot start (not root, no sshd) the rows say "not available: …", never a number.
import { appendFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { firstErrorLine, percentile, runTimed, spread } from './measure.js';
import { alive, sleep } from './process.js';
import { startBenchSshd, type BenchSshd } from './ssh-server.js';
import { exited, HOST, remoteFile, setUpHome, startCollector } from './ssh-home.js';
import { MANY_SOURCES, manySources, type ManyRun } from './ssh-many.js';
import { PROBED_SYSTEMS, probeMany, TARGET_INTERVAL_S, type ProbeManyRun } from './probe-many.js';
import type { Cell, Row } from './table.js';

/** What the SSH rows need. */
export interface SshCtx {
  file: string;
  lines: number;
  runs: number;
  workDir: string;
  root: string;
  /** Lines appended one by one for the latency row (200; 50 with --quick). */
  appends: number;
  /** --quick: the probe row runs shorter rounds. */
  quick: boolean;
  log: (s: string) => void;
}

/** Latency figures in ms, kept in results.json. */
export interface SshLatency {
  appends: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  /** Appended lines never seen in the store within 15 s of the last append. */
  lost: number;
  /** Exit code of the collector after SIGTERM (0 expected). */
  exitCode: number | null;
  samplesMs: number[];
}

/** Raw SSH results, kept in results.json. */
export interface SshRuns {
  /** Set when nothing could be measured (sshd unavailable, set-up failed). */
  status?: string;
  throughput?: { linesPerSec?: number[]; rssMb?: number[]; status?: string; bytes?: number };
  latency?: SshLatency | { status: string };
  /** One collector following 50 sources. */
  many?: ManyRun | { status: string };
  /** One collector probing 50 systems (issue 16). */
  probe?: ProbeManyRun | { status: string };
}

/** `collect --once` over SSH, `runs` times, fresh home each; checks that the cursor reached the file's end. */
async function throughput(ctx: SshCtx, sshd: BenchSshd): Promise<NonNullable<SshRuns['throughput']>> {
  const remote = remoteFile(sshd, 'bench-vsftpd.log', ctx.file);
  const bytes = statSync(remote).size;
  const rates: number[] = [];
  const rss: number[] = [];
  try {
    for (let i = 0; i < ctx.runs; i++) {
      const home = await setUpHome(ctx, sshd, remote);
      try {
        const t = await runTimed(process.execPath, [join(ctx.root, 'dist', 'src', 'cli.js'), '--home', home, 'collect', '--once', '--json']);
        if (t.code !== 0) return { status: `error: collect --once: ${firstErrorLine(t.stderr || t.stdout, `exit ${t.code}`)}` };
        const db = new Database(join(home, 'messages.db'), { readonly: true, fileMustExist: true });
        let offset: number | undefined;
        let stored = 0;
        try {
          // The cursor is keyed ssh:HOST:SOURCE:PATH; it holds the byte after the last complete line read.
          offset = (db.prepare('SELECT offset FROM cursors WHERE source = ?').get(`ssh:${HOST}:v:${remote}`) as { offset: number } | undefined)?.offset;
          stored = (db.prepare("SELECT count(*) AS n FROM messages WHERE msg_id NOT LIKE 'MON%'").get() as { n: number }).n;
        } finally {
          db.close();
        }
        if (offset !== bytes) return { status: `error: collect --once stopped at byte ${String(offset)} of ${bytes}` };
        if (!stored) return { status: 'error: collect --once stored no messages' };
        rates.push(ctx.lines / (t.wallMs / 1000));
        if (t.maxRssKb !== undefined) rss.push(t.maxRssKb / 1024);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(remote, { force: true });
  }
  return { linesPerSec: rates, rssMb: rss, bytes };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** vsftpd's own time stamp: "Wed Nov 25 06:00:15 2026" (day space-padded, local time). */
function vsftpdTime(d: Date): string {
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`;
}

/** A valid OK UPLOAD line whose path carries the marker `lat-<tag>-<i>`. */
function upload(tag: string, i: number): string {
  return (
    `${vsftpdTime(new Date())} [pid 4242] [${'lat_user'}] OK UPLOAD: Client "::ffff:127.0.0.1", ` +
    `"/home/lat_user/in/lat-${tag}-${String(i).padStart(6, '0')}.bin", ${1000 + i} bytes, 250.00Kbyte/sec\n`
  );
}

/** Run the collector daemon on an empty remote file, append lines 20-50 ms apart, time each one into the store. */
async function latency(ctx: SshCtx, sshd: BenchSshd): Promise<SshLatency | { status: string }> {
  const remote = remoteFile(sshd, 'bench-latency.log');
  const home = await setUpHome(ctx, sshd, remote);
  const collector = startCollector(ctx, home);
  const child = collector.child;
  const tag = `${process.pid}x${Date.now().toString(36)}`;
  const marker = new RegExp(`lat-${tag}-(\\d{6})\\.bin`);
  let db: Database.Database | undefined;
  try {
    // The collector creates the store when it starts.
    const dbFile = join(home, 'messages.db');
    const dbEnd = Date.now() + 30_000;
    while (!existsSync(dbFile) && alive(child.pid!) && Date.now() < dbEnd) await sleep(5);
    if (!existsSync(dbFile)) return { status: `error: collect created no store (${firstErrorLine(collector.stderr(), 'no output')})` };
    let newer: Database.Statement | undefined;
    while (!newer) {
      // the file may exist a moment before its tables
      try {
        db = new Database(dbFile, { readonly: true, fileMustExist: true });
        newer = db.prepare('SELECT id, raw FROM messages WHERE id > ? ORDER BY id');
      } catch (e) {
        db?.close();
        db = undefined;
        if (Date.now() > dbEnd) return { status: `error: cannot read the store: ${(e as Error).message}` };
        await sleep(20);
      }
    }
    const stmt = newer;
    let lastId = 0;
    const seenAt = new Map<number, number>();
    const poll = (): void => {
      const now = performance.now();
      for (const r of stmt.all(lastId) as { id: number; raw: string }[]) {
        lastId = r.id;
        const m = marker.exec(r.raw);
        if (m && !seenAt.has(Number(m[1]))) seenAt.set(Number(m[1]), now);
      }
    };
    // Warm-up: line 0 proves the collector is connected and following before anything is timed.
    appendFileSync(remote, upload(tag, 0));
    const warmEnd = Date.now() + 30_000;
    while (!seenAt.has(0)) {
      if (!alive(child.pid!)) return { status: `error: collect exited: ${firstErrorLine(collector.stderr(), `exit ${String(child.exitCode)}`)}` };
      if (Date.now() > warmEnd) return { status: `error: collect stored nothing in 30 s (${firstErrorLine(collector.stderr(), 'no output')})` };
      await sleep(5);
      poll();
    }
    const sentAt = new Map<number, number>();
    const timer = setInterval(poll, 5);
    try {
      for (let i = 1; i <= ctx.appends; i++) {
        sentAt.set(i, performance.now());
        appendFileSync(remote, upload(tag, i));
        await sleep(20 + ((i * 7) % 31)); // 20-50 ms apart, the same gaps every run
      }
      const end = Date.now() + 15_000;
      while (seenAt.size <= ctx.appends && Date.now() < end) await sleep(5);
    } finally {
      clearInterval(timer);
    }
    poll();
    const samples: number[] = [];
    for (const [i, t] of sentAt) {
      const s = seenAt.get(i);
      if (s !== undefined) samples.push(s - t);
    }
    child.kill('SIGTERM');
    const code = await exited(child, 10_000);
    if (code === undefined) return { status: 'error: collect did not stop within 10 s of SIGTERM' };
    if (!samples.length) return { status: 'error: no appended line reached the store' };
    const s = spread(samples);
    return {
      appends: ctx.appends,
      p50: percentile(samples, 0.5),
      p95: percentile(samples, 0.95),
      p99: percentile(samples, 0.99),
      min: s.min,
      max: s.max,
      lost: ctx.appends - samples.length,
      exitCode: code,
      samplesMs: samples.map((x) => Math.round(x * 100) / 100),
    };
  } finally {
    db?.close();
    await collector.kill();
    rmSync(home, { recursive: true, force: true });
    rmSync(remote, { force: true });
  }
}

/** Start the bench sshd, measure throughput and latency, stop it (always). */
export async function sshRuns(ctx: SshCtx): Promise<SshRuns> {
  if (!existsSync(join(ctx.root, 'dist', 'src', 'cli.js'))) return { status: 'error: dist/src/cli.js not built' };
  let sshd: BenchSshd;
  try {
    sshd = await startBenchSshd();
  } catch (e) {
    return { status: `not available: ${(e as Error).message}` };
  }
  try {
    ctx.log(`ssh: sshd on 127.0.0.1:${sshd.port}; collect --once x${ctx.runs}`);
    let tp: SshRuns['throughput'];
    try {
      tp = await throughput(ctx, sshd);
    } catch (e) {
      tp = { status: `error: ${(e as Error).message.slice(0, 100)}` };
    }
    ctx.log(`ssh: latency, ${ctx.appends} appends`);
    let lat: SshRuns['latency'];
    try {
      lat = await latency(ctx, sshd);
    } catch (e) {
      lat = { status: `error: ${(e as Error).message.slice(0, 100)}` };
    }
    ctx.log(`ssh: ${MANY_SOURCES} sources on one collector`);
    let many: SshRuns['many'];
    try {
      many = await manySources(ctx, sshd);
    } catch (e) {
      many = { status: `error: ${(e as Error).message.slice(0, 100)}` };
    }
    ctx.log(`ssh: status probe of ${PROBED_SYSTEMS} systems on one collector`);
    let probe: SshRuns['probe'];
    try {
      probe = await probeMany(ctx, sshd, ctx.quick);
    } catch (e) {
      probe = { status: `error: ${(e as Error).message.slice(0, 100)}` };
    }
    return { throughput: tp, latency: lat, many, probe };
  } finally {
    await sshd.stop();
  }
}

/** The SSH rows; `ingest` is the local ingest of the same file, measured in the same run. */
export function sshRows(r: SshRuns, ingest: Cell): Row[] {
  const why = (s: string | undefined): Cell => ({ status: r.status ?? s ?? 'error: no result' });
  const tp = r.throughput;
  const rate: Cell = tp?.linesPerSec?.length ? { ...spread(tp.linesPerSec), unit: 'l/s' } : why(tp?.status);
  const rss: Cell = tp?.rssMb?.length
    ? { ...spread(tp.rssMb), unit: 'MB' }
    : tp?.linesPerSec?.length
      ? { status: 'no RSS: /usr/bin/time missing' }
      : why(tp?.status);
  const lat = r.latency && 'p50' in r.latency ? r.latency : undefined;
  const latWhy = why(r.latency && 'status' in r.latency ? r.latency.status : undefined);
  const lost = lat?.lost ? { status: `error: ${lat.lost} of ${lat.appends} appended lines never stored` } : undefined;
  const stopped = lat && lat.exitCode !== 0 ? { status: `error: collect exited ${String(lat.exitCode)} on SIGTERM` } : undefined;
  const bad = lost ?? stopped;
  const many = r.many && 'rssMb' in r.many ? r.many : undefined;
  return [
    {
      work: 'SSH collect --once from local sshd vs local ingest',
      msgmon: rate,
      baseline: ingest,
      // Like the ingest target, judged on the 1M-line file: on --quick's 100k lines start-up and the SSH login dominate.
      target: { on: 'msgmon', op: '>=', value: 50000, label: '>= 50k l/s', minLines: 1000000 },
    },
    { work: 'SSH collect --once peak RSS', msgmon: rss, baseline: null },
    {
      work: 'SSH append-to-store latency p50 (p95)',
      msgmon: bad ?? (lat ? { median: lat.p50, min: lat.min, max: lat.max, unit: 'ms', p95: lat.p95 } : latWhy),
      baseline: null,
    },
    {
      work: 'SSH append-to-store latency p95',
      msgmon: bad ?? (lat ? { median: lat.p95, min: lat.p95, max: lat.p95, unit: 'ms' } : latWhy),
      baseline: null,
      target: { on: 'msgmon', op: '<=', value: 1000, label: 'p95 <= 1000 ms' },
    },
    {
      work: `SSH collect: ${MANY_SOURCES} sources on one collector, peak RSS`,
      baseline: null,
      msgmon: many
        ? many.exitCode === 0
          ? { median: many.rssMb, min: many.rssMb, max: many.rssMb, unit: 'MB' }
          : { status: `error: collect exited ${String(many.exitCode)} on SIGTERM` }
        : why(r.many && 'status' in r.many ? r.many.status : undefined),
      target: { on: 'msgmon', op: '<=', value: 200, label: '<= 200 MB' },
    },
    ...probeRows(r, why),
  ];
}

/** The status probe rows: the collector's CPU share at one probe of 50 systems every 15 s, and its peak RSS. */
function probeRows(r: SshRuns, why: (s: string | undefined) => Cell): Row[] {
  const p = r.probe && 'cpuPct' in r.probe ? r.probe : undefined;
  const failed: Cell | undefined = p && p.exitCode !== 0 ? { status: `error: collect exited ${String(p.exitCode)} on SIGTERM` } : undefined;
  const none = why(r.probe && 'status' in r.probe ? r.probe.status : undefined);
  const fig = (v: number, unit: string): Cell => failed ?? { median: v, min: v, max: v, unit };
  return [
    {
      work: `status probe: ${PROBED_SYSTEMS} systems every ${TARGET_INTERVAL_S} s, collector CPU`,
      baseline: null,
      msgmon: p ? fig(p.cpuPct, '%') : none,
      target: { on: 'msgmon', op: '<=', value: 5, label: '<= 5 % of a core' },
    },
    {
      work: `status probe: ${PROBED_SYSTEMS} systems on one collector, peak RSS`,
      baseline: null,
      msgmon: p ? fig(p.rssMb, 'MB') : none,
      target: { on: 'msgmon', op: '<=', value: 200, label: '<= 200 MB' },
    },
  ];
}

/** One line under the table: what the SSH rows measured. */
export function sshNote(r: SshRuns): string {
  if (r.status) return `ssh: ${r.status}\n\n`;
  const parts: string[] = [];
  if (r.throughput?.bytes) parts.push(`collect --once read ${(r.throughput.bytes / 1e6).toFixed(1)} MB per run over SSH (127.0.0.1, ed25519)`);
  const l = r.latency;
  if (l && 'p50' in l) {
    parts.push(
      `latency: ${l.appends} appends 20-50 ms apart, p50 ${l.p50.toFixed(1)} / p95 ${l.p95.toFixed(1)} / p99 ${l.p99.toFixed(1)} ms ` +
        `(min ${l.min.toFixed(1)}, max ${l.max.toFixed(1)}), ${l.lost} lost, collect exited ${String(l.exitCode)} on SIGTERM`,
    );
  }
  const m = r.many;
  if (m && 'rssMb' in m) {
    parts.push(
      `${m.sources} sources of ${m.linesPerSource} lines on one collector (${Math.ceil(m.sources / 8)} connections): read in ${m.catchUpSeconds.toFixed(1)} s, ` +
        `appends followed in ${m.followSeconds.toFixed(1)} s, peak RSS ${m.rssMb.toFixed(0)} MB`,
    );
  }
  const p = r.probe;
  if (p && 'cpuPct' in p) {
    parts.push(
      `status probe: ${p.systems} systems (one connection each, no source), every ${p.intervalS} s: ${p.rounds.toFixed(1)} rounds in ` +
        `${p.windowSeconds.toFixed(0)} s, ${(p.cpuSecondsPerRound * 1000).toFixed(0)} ms collector CPU per round (${p.cpuPct.toFixed(2)} % of a core at one round ` +
        `every ${TARGET_INTERVAL_S} s${p.intervalS === TARGET_INTERVAL_S ? '' : `, from rounds every ${p.intervalS} s`}), ${p.procsPerSystem} server processes per answer, peak RSS ${p.rssMb.toFixed(0)} MB`,
    );
  }
  return parts.length ? `ssh: ${parts.join('; ')}\n\n` : '';
}
