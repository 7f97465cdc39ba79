// The status probe's samples in the message store (issue 16): raw values for 24 hours, 1-minute averages (with min
// and max) for 30 days, each system's newest whole sample (the System Status screen and `msgmon status`), and the
// threshold states. Minute rows are summed as raw rows arrive, so downsampling is only deleting what is too old.
import type Database from 'better-sqlite3';
import type { SystemSample, ThresholdLevel, ThresholdState } from '../core/status-types.js';

/** Schema migration (registered in schema.ts). */
export const STATUS_SAMPLES_MIGRATION = `CREATE TABLE status_samples(
     system TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL,
     PRIMARY KEY(system, metric, key, time)) WITHOUT ROWID;
   CREATE INDEX status_samples_time ON status_samples(time);
   CREATE TABLE status_minutes(
     system TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, minute INTEGER NOT NULL,
     sum REAL NOT NULL, n INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
     PRIMARY KEY(system, metric, key, minute)) WITHOUT ROWID;
   CREATE INDEX status_minutes_time ON status_minutes(minute);
   CREATE TABLE status_latest(system TEXT PRIMARY KEY, time INTEGER NOT NULL, sample TEXT NOT NULL);
   CREATE TABLE status_thresholds(
     system TEXT NOT NULL, threshold TEXT NOT NULL, key TEXT NOT NULL, level TEXT NOT NULL, value REAL NOT NULL,
     since INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY(system, threshold, key)) WITHOUT ROWID;`;

/** Raw samples are kept this long, minute averages this long (issue 16). */
export const RAW_KEEP_MS = 24 * 3600_000;
export const MINUTES_KEEP_MS = 30 * 24 * 3600_000;
const PRUNE_EVERY_MS = 60_000;

/** One metric value of a sample: `key` tells which file system, disk or process ('' for the host). */
export interface MetricValue {
  metric: string;
  key: string;
  value: number;
}

/** An open FTP session as the probe links server processes (by pid) or IBM i jobs (by session id) to it. */
export interface OpenSession {
  session: string;
  user: string | null;
  client: string | null;
  pids: number[];
}

/** A point of `status history`: a raw value, or a minute's average with its min and max. */
export interface HistoryPoint {
  time: number;
  key: string;
  value: number;
  min: number;
  max: number;
  n: number;
}

/** The metrics `status history --metric` knows, for people (CLI help, errors). */
export const METRICS: Record<string, string> = {
  cpu: 'host CPU busy %',
  iowait: 'host CPU waiting for I/O %',
  load1: 'load average, 1 minute',
  mem: 'memory used %',
  swap: 'swap used %',
  fs: 'file system used % (key: mount point)',
  'disk.read': 'disk reads, bytes/s (key: disk)',
  'disk.write': 'disk writes, bytes/s (key: disk)',
  'ftp.procs': 'FTP/SFTP server processes',
  'ftp.cpu': 'CPU % of all FTP/SFTP server processes',
  'proc.cpu': 'CPU % of one server process (key: pid)',
  'proc.rss': 'resident memory kB (key: pid)',
  'proc.read': 'storage reads bytes/s (key: pid)',
  'proc.write': 'storage writes bytes/s (key: pid)',
  'proc.majflt': 'major page faults/s (key: pid)',
  'proc.minflt': 'minor page faults/s (key: pid)',
  'proc.fds': 'open file descriptors (key: pid)',
  'proc.io': 'disk I/O operations/s of an IBM i job (key: job number)',
};

/** A sample's values as metric rows (nulls, the rates of a first sample, are left out). */
export function metricValues(s: SystemSample): MetricValue[] {
  const out: MetricValue[] = [];
  const add = (metric: string, key: string, value: number | null) => {
    if (value !== null && Number.isFinite(value)) out.push({ metric, key, value });
  };
  add('cpu', '', s.cpu);
  add('iowait', '', s.iowait);
  if (s.platform !== 'ibmi') {
    add('load1', '', s.load1);
    add('mem', '', s.memPct);
  }
  if (s.swapTotalKb) add('swap', '', s.swapPct);
  for (const f of s.fs) add('fs', f.mount, f.usePct);
  for (const d of s.disks) {
    add('disk.read', d.name, d.readBps);
    add('disk.write', d.name, d.writeBps);
  }
  add('ftp.procs', '', s.procs.length);
  const cpus = s.procs.map((p) => p.cpu).filter((c): c is number => c !== null);
  add('ftp.cpu', '', cpus.length ? Math.round(cpus.reduce((a, b) => a + b, 0) * 10) / 10 : null);
  for (const p of s.procs) {
    const k = String(p.pid);
    add('proc.cpu', k, p.cpu);
    add('proc.rss', k, p.rssKb);
    add('proc.read', k, p.readBps);
    add('proc.write', k, p.writeBps);
    add('proc.majflt', k, p.majfltRate);
    add('proc.minflt', k, p.minfltRate);
    add('proc.fds', k, p.fds);
    add('proc.io', k, p.diskIoRate ?? null);
  }
  return out;
}

/** Reads and writes the status tables of a message store's database. */
export class StatusSampleTable {
  private pruned = 0;

  constructor(private readonly db: Database.Database) {}

  /** Stores a sample: its metric rows, their minute sums, and it as the system's newest; prunes at most once a minute. */
  add(s: SystemSample): void {
    const raw = this.db.prepare('INSERT OR REPLACE INTO status_samples(system, metric, key, time, value) VALUES (?,?,?,?,?)');
    const minute = this.db.prepare(`INSERT INTO status_minutes(system, metric, key, minute, sum, n, min, max) VALUES (?,?,?,?,?,1,?,?)
      ON CONFLICT(system, metric, key, minute) DO UPDATE SET sum = sum + excluded.sum, n = n + 1, min = min(min, excluded.min), max = max(max, excluded.max)`);
    const m = Math.floor(s.time / 60_000) * 60_000;
    this.db.transaction(() => {
      for (const v of metricValues(s)) {
        raw.run(s.system, v.metric, v.key, s.time, v.value);
        minute.run(s.system, v.metric, v.key, m, v.value, v.value, v.value);
      }
      this.db
        .prepare(
          'INSERT INTO status_latest(system, time, sample) VALUES (?,?,?) ON CONFLICT(system) DO UPDATE SET time = excluded.time, sample = excluded.sample',
        )
        .run(s.system, s.time, JSON.stringify(s));
      if (s.time - this.pruned >= PRUNE_EVERY_MS) {
        this.prune(s.time);
        this.pruned = s.time;
      }
    })();
  }

  /** Drops raw rows older than 24 h and minute rows older than 30 days (before `now`). */
  prune(now: number): void {
    this.db.prepare('DELETE FROM status_samples WHERE time < ?').run(now - RAW_KEEP_MS);
    this.db.prepare('DELETE FROM status_minutes WHERE minute < ?').run(now - MINUTES_KEEP_MS);
  }

  /** The newest sample of every system (or of one). */
  latest(system?: string): SystemSample[] {
    const rows = (
      system
        ? this.db.prepare('SELECT sample FROM status_latest WHERE system = ?').all(system)
        : this.db.prepare('SELECT sample FROM status_latest ORDER BY system').all()
    ) as Array<{ sample: string }>;
    return rows.map((r) => JSON.parse(r.sample) as SystemSample);
  }

  /**
   * A metric of a system from `since` on: raw values when the period lies within the raw window, else minute
   * averages. `key` narrows to one file system, disk or process.
   */
  history(system: string, metric: string, since: number, now = Date.now(), key?: string): { resolution: 'raw' | 'minute'; points: HistoryPoint[] } {
    const k = key === undefined ? '' : ' AND key = ?';
    const args: unknown[] = key === undefined ? [system, metric, since] : [system, metric, since, key];
    if (since >= now - RAW_KEEP_MS) {
      const rows = this.db
        .prepare(`SELECT time, key, value FROM status_samples WHERE system = ? AND metric = ? AND time >= ?${k} ORDER BY time, key`)
        .all(...args) as Array<{ time: number; key: string; value: number }>;
      return { resolution: 'raw', points: rows.map((r) => ({ ...r, min: r.value, max: r.value, n: 1 })) };
    }
    const rows = this.db
      .prepare(
        `SELECT minute AS time, key, sum / n AS value, min, max, n FROM status_minutes WHERE system = ? AND metric = ? AND minute >= ?${k} ORDER BY minute, key`,
      )
      .all(...args) as HistoryPoint[];
    return { resolution: 'minute', points: rows.map((r) => ({ ...r, value: Math.round(r.value * 100) / 100 })) };
  }

  /** The newest `n` raw values of a host metric, oldest first (sparklines). */
  recent(system: string, metric: string, n: number, key = ''): number[] {
    const rows = this.db
      .prepare('SELECT value FROM status_samples WHERE system = ? AND metric = ? AND key = ? ORDER BY time DESC LIMIT ?')
      .all(system, metric, key, n) as Array<{ value: number }>;
    return rows.map((r) => r.value).reverse();
  }

  /** The open sessions of a system, with the pids its tracker knows (the server processes the probe links to them). */
  openSessions(system: string): OpenSession[] {
    const rows = this.db.prepare('SELECT id, user, client, pids FROM sessions WHERE system = ? AND end IS NULL').all(system) as Array<{
      id: string;
      user: string | null;
      client: string | null;
      pids: string;
    }>;
    return rows.map((r) => ({ session: r.id, user: r.user, client: r.client, pids: JSON.parse(r.pids) as number[] }));
  }

  /** Threshold states (of one system), worst first. */
  thresholds(system?: string): ThresholdState[] {
    const rows = (
      system ? this.db.prepare('SELECT * FROM status_thresholds WHERE system = ?').all(system) : this.db.prepare('SELECT * FROM status_thresholds').all()
    ) as Array<ThresholdState>;
    const rank: Record<ThresholdLevel, number> = { CRITICAL: 0, WARNING: 1, OK: 2 };
    return rows.sort((a, b) => rank[a.level] - rank[b.level] || a.system.localeCompare(b.system) || a.threshold.localeCompare(b.threshold));
  }

  /** Records a threshold's level for a key; OK removes the row (only what is raised is kept). */
  setThreshold(t: ThresholdState): void {
    if (t.level === 'OK') {
      this.db.prepare('DELETE FROM status_thresholds WHERE system = ? AND threshold = ? AND key = ?').run(t.system, t.threshold, t.key);
      return;
    }
    this.db
      .prepare(`INSERT INTO status_thresholds(system, threshold, key, level, value, since, text) VALUES (?,?,?,?,?,?,?)
        ON CONFLICT(system, threshold, key) DO UPDATE SET level = excluded.level, value = excluded.value, since = excluded.since, text = excluded.text`)
      .run(t.system, t.threshold, t.key, t.level, t.value, t.since, t.text);
  }
}
