// What `msgmon status` adds per system to the collectors' source rows (issue 16): unacknowledged messages by
// severity, open sessions, the probe's newest sample, raised thresholds, and the Nagios perfdata of all of it.
import type Database from 'better-sqlite3';
import type { SystemSample, ThresholdState } from '../core/status-types.js';
import type { Threshold } from '../status/thresholds.js';

/** Unacknowledged console messages of a system by severity band (80+ critical, 50-79 warning, below 50 other). */
export interface ConsoleCounts {
  critical: number;
  warning: number;
  other: number;
}

/** One system's line of `msgmon status`. */
export interface SystemReport {
  system: string;
  unacknowledged: ConsoleCounts;
  openSessions: number;
  /** The probe's newest sample (null: never probed), and its age in seconds. */
  sample: SystemSample | null;
  sampleAgeSeconds: number | null;
  thresholds: ThresholdState[];
}

/** Unacknowledged messages per system and severity band, read from the store. */
export function consoleCounts(db: Database.Database): Map<string, ConsoleCounts> {
  const rows = db
    .prepare(
      `SELECT system, sum(severity >= 80) AS critical, sum(severity >= 50 AND severity < 80) AS warning, sum(severity < 50) AS other
       FROM messages WHERE console = 0 AND ack IS NULL GROUP BY system`,
    )
    .all() as Array<{ system: string } & ConsoleCounts>;
  return new Map(rows.map((r) => [r.system, { critical: r.critical, warning: r.warning, other: r.other }]));
}

/** Open sessions per system. */
export function openSessions(db: Database.Database): Map<string, number> {
  const rows = db.prepare('SELECT system, count(*) AS n FROM sessions WHERE end IS NULL GROUP BY system').all() as Array<{ system: string; n: number }>;
  return new Map(rows.map((r) => [r.system, r.n]));
}

/** A perfdata label: quoted (mount points may hold anything but a quote, which is doubled as the guidelines say). */
const label = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `label=value[UOM];warn;crit;min;max` of one value. */
function perf(name: string, value: number, uom = '', warn?: number, crit?: number, min?: number, max?: number): string {
  const v = Math.round(value * 100) / 100;
  const tail = [warn, crit, min, max].map((x) => (x === undefined ? '' : String(x)));
  while (tail.length && tail[tail.length - 1] === '') tail.pop();
  return `${label(name)}=${v}${uom}${tail.length ? `;${tail.join(';')}` : ''}`;
}

/** The perfdata of every system: lag, unacknowledged messages, sessions, and the probe's CPU, memory, swap, load, file systems, FTP processes. */
export function perfdata(reports: SystemReport[], lag: Map<string, number>, thresholds: readonly Threshold[]): string {
  const limits = (metric: string) => {
    const t = thresholds.find((x) => x.metric === metric);
    return [t?.warning, t?.critical] as const;
  };
  const out: string[] = [];
  for (const r of reports) {
    const s = r.system;
    const l = lag.get(s);
    if (l !== undefined) out.push(perf(`${s} lag`, l, 'B', undefined, undefined, 0));
    out.push(perf(`${s} unacknowledged`, r.unacknowledged.critical + r.unacknowledged.warning + r.unacknowledged.other, '', undefined, undefined, 0));
    out.push(perf(`${s} unacknowledged 80+`, r.unacknowledged.critical, '', undefined, undefined, 0));
    out.push(perf(`${s} sessions`, r.openSessions, '', undefined, undefined, 0));
    const p = r.sample;
    if (!p) continue;
    if (p.cpu !== null) out.push(perf(`${s} cpu`, p.cpu, '%', ...limits('cpu'), 0, 100));
    // An IBM i sample has no memory in use and no load average (SystemSample.platform).
    if (p.platform !== 'ibmi') out.push(perf(`${s} mem`, p.memPct, '%', ...limits('mem'), 0, 100));
    if (p.swapTotalKb) out.push(perf(`${s} swap`, p.swapPct, '%', ...limits('swap'), 0, 100));
    if (p.platform !== 'ibmi') out.push(perf(`${s} load1`, p.load1, '', undefined, undefined, 0));
    for (const f of p.fs) out.push(perf(`${s} fs ${f.mount}`, f.usePct, '%', ...limits('fs'), 0, 100));
    out.push(perf(`${s} ftp processes`, p.procs.length, '', undefined, undefined, 0));
  }
  return out.join(' ');
}
