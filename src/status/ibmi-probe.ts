// The status probe of an IBM i (a host with IBM i sources): two QSYS2 queries through db2util (data/ibmi/queries.json
// `jobs`, `system`) instead of /proc. One db2util run is one database connection, and the first ACTIVE_JOB_INFO or
// SYSTEM_STATUS call of a connection resets its statistics, so the ELAPSED_* columns say nothing about the interval:
// the probe keeps each job's cumulative counters (CPU_TIME ms, TOTAL_DISK_IO_COUNT, PAGE_FAULTS) and diffs them
// between two probes, over the system's own clock (CURRENT TIMESTAMP of the same statement).
import type { ProcSample, SystemSample } from '../core/status-types.js';
import { type Db2Row, runDb2util } from '../collectors/db2util.js';
import { ibmiQuery, ibmTimestampMs } from '../collectors/ibmi-queries.js';
import type { ExecHost } from '../collectors/remote-exec.js';
import type { OpenSession } from '../store/status-samples.js';
import type { Sampler } from './status-probe.js';

/** One server job's counters (cumulative since the job started). */
export interface IbmiJob {
  /** Qualified job name `number/user/name`: the key of its sessions (`system:number/user/name:n`). */
  job: string;
  currentUser: string | null;
  subsystem: string | null;
  status: string | null;
  cpuMs: number;
  diskIo: number;
  pageFaults: number;
  tempMb: number;
  client: string | null;
}

/** One probe's rows: the jobs and the system, at the system's clock. */
export interface IbmiReading {
  /** CURRENT TIMESTAMP of the jobs statement, epoch ms as if UTC (only differences are used). */
  at: number;
  /** ELAPSED_CPU_USED when the statistics cover an interval (ELAPSED_TIME > 0), else null: not known. */
  cpu: number | null;
  mainStorageKb: number;
  /** SYSTEM_ASP_USED: percent of the system ASP in use. */
  aspUsedPct: number | null;
  jobs: IbmiJob[];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const count = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
};
const orNull = (v: unknown): number | null => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** The reading of the two statements' rows; throws when the jobs statement gave no usable time (no rate can be made). */
export function readIbmi(jobRows: Db2Row[], systemRows: Db2Row[]): IbmiReading {
  const sys = systemRows[0] ?? {};
  const at = ibmTimestampMs(jobRows[0]?.SAMPLE_TIMESTAMP ?? sys.SAMPLE_TIMESTAMP);
  if (at === null) throw new Error('IBM i status probe: no SAMPLE_TIMESTAMP in the answer');
  const elapsed = orNull(sys.ELAPSED_TIME);
  return {
    at,
    cpu: elapsed !== null && elapsed > 0 ? orNull(sys.ELAPSED_CPU_USED) : null,
    mainStorageKb: count(sys.MAIN_STORAGE_SIZE),
    aspUsedPct: orNull(sys.SYSTEM_ASP_USED),
    jobs: jobRows.flatMap((r) => {
      const job = text(r.JOB_NAME) ?? '';
      if (job.split('/').length !== 3) return [];
      return [
        {
          job,
          currentUser: text(r.AUTHORIZATION_NAME),
          subsystem: text(r.SUBSYSTEM),
          status: text(r.JOB_STATUS),
          cpuMs: count(r.CPU_TIME),
          diskIo: count(r.TOTAL_DISK_IO_COUNT),
          pageFaults: count(r.PAGE_FAULTS),
          tempMb: count(r.TEMPORARY_STORAGE),
          client: text(r.CLIENT_IP_ADDRESS),
        },
      ];
    }),
  };
}

/** The open session a job serves now: its newest (`…:n` with the highest n) of the sessions named after it. */
function sessionOfJob(system: string, job: string, sessions: OpenSession[]): OpenSession | null {
  const prefix = `${system}:${job}:`;
  let best: OpenSession | null = null;
  const n = (s: OpenSession) => Number(s.session.slice(prefix.length)) || 0;
  for (const s of sessions) if (s.session.startsWith(prefix) && (!best || n(s) > n(best))) best = s;
  return best;
}

/** The sample of `cur`, with rates against `prev` (the same system's previous reading, or null). */
export function ibmiSample(system: string, time: number, cur: IbmiReading, prev: IbmiReading | null, sessions: OpenSession[]): SystemSample {
  const dtMs = prev && cur.at > prev.at ? cur.at - prev.at : 0;
  const before = new Map(prev?.jobs.map((j) => [j.job, j]) ?? []);
  const procs = cur.jobs.map((j): ProcSample => {
    const p = dtMs > 0 ? before.get(j.job) : undefined;
    // A counter that went down is another job that got the same name (the job number wrapped): no rate.
    const rate = (a: number, b: number | undefined) => (p && b !== undefined && a >= b ? round(((a - b) * 1000) / dtMs) : null);
    const link = sessionOfJob(system, j.job, sessions);
    const [number = '', , name = ''] = j.job.split('/');
    return {
      pid: Number(number) || 0,
      ppid: 0,
      name,
      cmdline: `${j.job}${j.subsystem ? ` in ${j.subsystem}` : ''}${j.status ? ` (${j.status})` : ''}`,
      // CPU_TIME is in milliseconds: ms of CPU per ms of clock, as a percent of one processor.
      cpu: p && j.cpuMs >= p.cpuMs ? round((100 * (j.cpuMs - p.cpuMs)) / dtMs) : null,
      rssKb: Math.round(j.tempMb * 1024),
      readBytes: null,
      writeBytes: null,
      rchar: null,
      wchar: null,
      readBps: null,
      writeBps: null,
      minflt: 0,
      majflt: j.pageFaults,
      minfltRate: null,
      majfltRate: rate(j.pageFaults, p?.pageFaults),
      fds: null,
      files: [],
      diskIo: j.diskIo,
      diskIoRate: rate(j.diskIo, p?.diskIo),
      session: link?.session ?? null,
      // The job's current user is the signed-on FTP user (QTCP while nobody is signed on).
      user: link?.user ?? (j.currentUser && j.currentUser !== 'QTCP' ? j.currentUser : null),
      client: link?.client ?? j.client,
    };
  });
  return {
    system,
    platform: 'ibmi',
    time,
    cpu: cur.cpu,
    iowait: null,
    load1: 0,
    load5: 0,
    load15: 0,
    memTotalKb: cur.mainStorageKb,
    memUsedKb: 0,
    memPct: 0,
    swapTotalKb: 0,
    swapUsedKb: 0,
    swapPct: 0,
    fs: cur.aspUsedPct === null ? [] : [{ mount: 'system ASP', device: 'ASP 1', sizeKb: 0, usedKb: 0, usePct: round(cur.aspUsedPct) }],
    disks: [],
    procs,
  };
}

/** The IBM i sampler: both statements through `db2util` over the host's connection. */
export function ibmiSampler(exec: ExecHost, db2util: string, timeoutMs = 60_000): Sampler {
  let prev: IbmiReading | null = null;
  const rows = (q: 'jobs' | 'system') => runDb2util(exec, db2util, ibmiQuery(q).sql, [], timeoutMs);
  return {
    async take(system, now, sessions) {
      const cur = readIbmi(await rows('jobs'), await rows('system'));
      const sample = ibmiSample(system, now, cur, prev, sessions);
      prev = cur;
      return sample;
    },
  };
}
