// `msgmon sources add NAME --system S --ibmi history|msgq|audit [options]`: the options of an IBM i source,
// checked into its configuration; every problem is a usage error that names the option.
import { UsageError } from '../core/errors.js';
import { parseTimeSpec } from '../core/time.js';
import { ibmiQuery } from '../collectors/ibmi-queries.js';
import type { IbmiSource } from '../store/source-kinds/ibmi.js';
import { IBM_NAME, IBMI_SERVICES, ibmiSourceSchema, JOB_PATTERN, type IbmiService } from '../store/ibmi-source.js';

/** The command-line options an IBM i source takes (strings as commander gives them). */
export interface IbmiCliOptions {
  ibmi: string;
  interval?: string;
  job?: string;
  queue?: string;
  since?: string;
  db2util?: string;
}

/** Help lines for `sources add`. */
export const IBMI_HELP = `
IBM i (--ibmi KIND instead of --format/--path; runs SQL through db2util over SSH every --interval seconds):
  msgmon sources add ibmi1-hst --system ibmi1 --ibmi history          QSYS2.HISTORY_LOG_INFO: CPF1124/CPF1164 of QTFTP* jobs
  msgmon sources add ibmi1-aud --system ibmi1 --ibmi audit --since 7d  QSYS2.DISPLAY_JOURNAL on QAUDJRN: CD, ZR, ZC, PW entries
  msgmon sources add ibmi1-tcp --system ibmi1 --ibmi msgq --queue QUSRSYS/QTCP --interval 60
The README (IBM i sources) shows the exact SQL and the authority the IBM i user profile needs.`;

/** The source configuration of `sources add … --ibmi KIND`; throws a UsageError naming the bad option. */
export function ibmiSourceConfig(name: string, system: string, o: IbmiCliOptions, now: number = Date.now()): IbmiSource {
  if (!(IBMI_SERVICES as readonly string[]).includes(o.ibmi)) throw new UsageError(`--ibmi '${o.ibmi}' is not one of ${IBMI_SERVICES.join(', ')}`);
  const service = o.ibmi as IbmiService;
  const interval = o.interval === undefined ? 30 : Number(o.interval);
  if (!Number.isFinite(interval) || interval < 1 || interval > 86_400)
    throw new UsageError(`--interval '${o.interval}' must be a number of seconds from 1 to 86400`);
  const job = (o.job ?? 'QTFTP*').toUpperCase();
  if (!JOB_PATTERN.test(job)) throw new UsageError(`--job '${o.job}' must be an IBM i job name or a prefix with * (QTFTP*)`);
  if (o.queue !== undefined && service !== 'msgq') throw new UsageError('--queue goes with --ibmi msgq');
  const queue = (o.queue ?? 'QUSRSYS/QTCP').toUpperCase();
  if (queue.split('/').length !== 2 || !queue.split('/').every((n) => IBM_NAME.test(n)))
    throw new UsageError(`--queue '${o.queue}' must be LIBRARY/QUEUE, e.g. QUSRSYS/QTCP`);
  const since = parseTimeSpec(o.since ?? '24h', now);
  if (since === null) throw new UsageError(`--since '${o.since}' must be an ISO time or 15m/24h/7d`);
  const parsed = ibmiSourceSchema.safeParse({ service, intervalSeconds: interval, job, queue, since, db2util: o.db2util ?? 'db2util' });
  if (!parsed.success) throw new UsageError(`--db2util '${o.db2util}' must be a program name or an absolute path`);
  return { name, system, kind: 'ibmi', formats: [], fromEnd: false, ibmi: parsed.data };
}

/** `runs QSYS2.HISTORY_LOG_INFO every 30 s through db2util`: what the source will do, for its confirmation line. */
export function describeIbmiSource(s: IbmiSource): string {
  const o = s.ibmi;
  return `runs ${ibmiQuery(o.service).service} every ${o.intervalSeconds} s through ${o.db2util} (jobs ${o.job}), starting ${new Date(o.since).toISOString()}`;
}
