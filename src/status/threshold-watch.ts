// Thresholds applied to each sample of one system: MON0020 when a threshold is raised (or goes from warning to
// critical and back), MON0021 when it clears (values back below warning, or the process or file system is gone).
// Raised states live in the store (status_thresholds), so `msgmon status` sees them and a restarted collector clears them.
import type { Catalog } from '../catalog/catalog.js';
import type { Fields, NewMessage } from '../core/types.js';
import type { ProcSample, SystemSample, ThresholdLevel, ThresholdState } from '../core/status-types.js';
import { metricValues, type StatusSampleTable } from '../store/status-samples.js';
import { limitOf, step, type Streak, type Threshold } from './thresholds.js';

/** Severity of the MON0020 of a warning and of a critical level. */
export const LEVEL_SEVERITY: Record<Exclude<ThresholdLevel, 'OK'>, number> = { WARNING: 60, CRITICAL: 80 };

const UNIT: Record<string, string> = {
  cpu: '%',
  iowait: '%',
  mem: '%',
  swap: '%',
  fs: '%',
  'ftp.cpu': '%',
  'proc.cpu': '%',
  'proc.rss': 'kB',
  'proc.read': 'B/s',
  'proc.write': 'B/s',
  'proc.majflt': 'faults/s',
  'proc.minflt': 'faults/s',
  'proc.io': 'op/s',
  'disk.read': 'B/s',
  'disk.write': 'B/s',
};

const LABEL: Record<string, string> = {
  cpu: 'CPU',
  iowait: 'CPU I/O wait',
  load1: 'load',
  mem: 'memory',
  swap: 'swap',
  fs: 'use',
  'ftp.cpu': 'FTP processes CPU',
  'ftp.procs': 'FTP processes',
  'proc.cpu': 'CPU',
  'proc.rss': 'RSS',
  'proc.read': 'reads',
  'proc.write': 'writes',
  'proc.majflt': 'major page faults',
  'proc.minflt': 'minor page faults',
  'proc.fds': 'open files',
  'proc.io': 'disk I/O',
  'disk.read': 'reads',
  'disk.write': 'writes',
};

/** What a key names, for people: `file system /srv`, `disk vda`, `vsftpd pid 4242 (user anna from 10.0.0.5)`. */
function subject(metric: string, key: string, proc: ProcSample | undefined): string {
  if (metric === 'fs') return `file system ${key}`;
  if (metric.startsWith('disk.')) return `disk ${key}`;
  if (metric.startsWith('proc.')) {
    const who = proc?.user ? ` (user ${proc.user}${proc.client ? ` from ${proc.client}` : ''})` : '';
    return `${proc?.name ?? 'process'} pid ${key}${who}`;
  }
  return 'host';
}

/** Evaluates the thresholds of one system, sample after sample. */
export class ThresholdWatch {
  private readonly streaks = new Map<string, Streak>();
  private readonly raised = new Map<string, ThresholdState>();
  /** The processes of raised proc thresholds, to name them in the clearing message once they are gone. */
  private readonly procs = new Map<string, ProcSample>();

  constructor(
    private readonly system: string,
    /** The thresholds in force, asked at every sample: an edited thresholds.json applies without a restart. */
    private readonly thresholds: () => readonly Threshold[],
    private readonly table: StatusSampleTable,
    private readonly catalog: Catalog,
  ) {
    for (const t of table.thresholds(system)) this.raised.set(`${t.threshold}\0${t.key}`, t);
  }

  /** The messages one sample gives (none most of the time); the states are stored as they change. */
  apply(sample: SystemSample): NewMessage[] {
    const out: NewMessage[] = [];
    const values = metricValues(sample);
    const procs = new Map(sample.procs.map((p) => [String(p.pid), p]));
    const thresholds = this.thresholds();
    out.push(...this.dropUnconfigured(thresholds, sample.time));
    for (const t of thresholds) {
      const seen = new Set<string>();
      for (const v of values) {
        if (v.metric !== t.metric) continue;
        const id = `${t.name}\0${v.key}`;
        seen.add(id);
        const before = this.raised.get(id);
        const current = before?.level ?? 'OK';
        const r = step(t, current, this.streaks.get(id), v.value);
        this.streaks.set(id, r.streak);
        if (r.level === current) continue;
        const proc = procs.get(v.key);
        if (proc && t.metric.startsWith('proc.')) this.procs.set(id, proc);
        out.push(this.change(t, v.key, r.level, v.value, sample.time, proc ?? this.procs.get(id), before));
      }
      // Raised for a key that is no longer measured (the process ended, the file system is gone): cleared.
      for (const [id, st] of this.raised) {
        if (st.threshold !== t.name || seen.has(id)) continue;
        this.streaks.delete(id);
        out.push(this.change(t, st.key, 'OK', st.value, sample.time, this.procs.get(id), st, 'gone'));
      }
    }
    return out;
  }

  /** Raised states of thresholds taken out of the configuration: cleared, or they would stay raised for ever. */
  private dropUnconfigured(thresholds: readonly Threshold[], time: number): NewMessage[] {
    const names = new Set(thresholds.map((t) => t.name));
    const out: NewMessage[] = [];
    for (const [id, st] of this.raised) {
      if (names.has(st.threshold)) continue;
      // The clearing message names the threshold as it was raised: its metric and limit are in the stored state's text.
      const was: Threshold = { name: st.threshold, metric: '', samples: 1, description: '', tests: [], warning: st.value };
      this.streaks.delete(id);
      out.push(this.change(was, st.key, 'OK', st.value, time, this.procs.get(id), st, 'unconfigured'));
    }
    return out;
  }

  private change(
    t: Threshold,
    key: string,
    level: ThresholdLevel,
    value: number,
    time: number,
    proc: ProcSample | undefined,
    before: ThresholdState | undefined,
    gone?: 'gone' | 'unconfigured',
  ): NewMessage {
    const id = `${t.name}\0${key}`;
    const unit = UNIT[t.metric] ?? '';
    const what = `${subject(t.metric, key, proc)} ${LABEL[t.metric] ?? t.metric}`;
    const shown = `${Math.round(value * 10) / 10}${unit === '%' ? ' %' : unit ? ` ${unit}` : ''}`;
    let reason: string;
    if (level === 'OK') {
      reason =
        gone === 'unconfigured'
          ? `threshold ${t.name}${key ? ` on ${key}` : ''} no longer configured (was ${before?.level}: ${before?.text ?? ''})`
          : gone
            ? `${what}: ${t.metric.startsWith('proc.') ? 'process ended' : 'no longer measured'} (was ${before?.level})`
            : `${what} ${shown}, below ${limitOf(t, 'WARNING')} (was ${before?.level})`;
    } else {
      reason = `${what} ${shown} ≥ ${limitOf(t, level)} (${level}${t.samples > 1 ? `, ${t.samples} samples` : ''})`;
    }
    const state: ThresholdState = { system: this.system, threshold: t.name, key, level, value, since: time, text: reason };
    this.table.setThreshold(state);
    if (level === 'OK') {
      this.raised.delete(id);
      this.procs.delete(id);
    } else this.raised.set(id, state);
    const fields: Fields = {
      system: this.system,
      threshold: t.name,
      metric: t.metric,
      key,
      level,
      value,
      limit: limitOf(t, level === 'OK' ? 'WARNING' : level),
      reason,
    };
    if (proc) {
      fields.pid = proc.pid;
      fields.command = proc.name;
      if (proc.user) fields.user = proc.user;
      if (proc.client) fields.client = proc.client;
      if (proc.session) fields.session = proc.session;
    }
    const msgId = level === 'OK' ? 'MON0021' : 'MON0020';
    const text = this.catalog.text(msgId, fields);
    return {
      time,
      system: this.system,
      source: 'status',
      msgId,
      severity: level === 'OK' ? this.catalog.severity(msgId) : LEVEL_SEVERITY[level],
      text,
      fields,
      session: null,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw: text,
    };
  }
}
