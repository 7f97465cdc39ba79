// The SQL of the IBM i source kinds (data/ibmi/queries.json) and the values bound to its ? markers. Every value
// is checked against what msgmon itself generates (IBM names, IBM timestamps, integers) before it leaves.
import fs from 'node:fs';
import { z } from 'zod';
import { dataPath } from '../core/paths.js';
import { IBM_NAME, JOB_PATTERN, type IbmiOptions, type IbmiService } from '../store/ibmi-source.js';

export type { IbmiOptions, IbmiService };

/** Where a source stands: the IBM timestamp text of the last row taken and its order within that instant. */
export interface IbmiPosition {
  ts: string;
  /** history: rows already taken at `ts`; msgq: MESSAGE_KEY as a number; audit: SEQUENCE_NUMBER. */
  seq: number;
}

const querySchema = z.object({ service: z.string(), params: z.array(z.string()), sql: z.array(z.string()).min(1) });
const fileSchema = z.object({
  $comment: z.string(),
  pageRows: z.number().int().positive(),
  queries: z.object({ history: querySchema, msgq: querySchema, audit: querySchema, jobs: querySchema, system: querySchema }),
});

/** One statement: its SQL text (lines joined by newlines) and the names of its parameters. */
export interface IbmiQuery {
  service: string;
  params: string[];
  sql: string;
}

const file = fileSchema.parse(JSON.parse(fs.readFileSync(dataPath('ibmi', 'queries.json'), 'utf8')));

/** Rows per query: a full page means more are waiting, so the reader asks again at once. */
export const PAGE_ROWS = file.pageRows;

/** The statements of the status probe of an IBM i (src/status/ibmi-probe.ts): the FTP server jobs, the system. */
export type IbmiProbeQuery = 'jobs' | 'system';

/** The statement a service (or the status probe) runs. */
export function ibmiQuery(service: IbmiService | IbmiProbeQuery): IbmiQuery {
  const q = file.queries[service];
  return { service: q.service, params: q.params, sql: q.sql.join('\n') };
}

/** An IBM timestamp as Db2 for i prints it (`2026-11-25-10.00.00.123456`) or in ISO form (`2026-11-25 10:00:00.123456`). */
const IBM_TS = /^(\d{4})-(\d\d)-(\d\d)[- ](\d\d)[.:](\d\d)[.:](\d\d)(?:\.(\d{1,12}))?$/;

/** Epoch ms of an IBM timestamp text read as UTC, or null when it is not one. */
export function ibmTimestampMs(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = IBM_TS.exec(s.trim());
  if (!m) return null;
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
  return Number.isNaN(t) ? null : t;
}

/** A timestamp text in one comparable form (`YYYY-MM-DD-HH.MM.SS.ffffffffffff`): text order is time order. */
export function ibmTimestampKey(s: string): string {
  const m = IBM_TS.exec(s.trim());
  if (!m) throw new Error(`'${s}' is not an IBM timestamp`);
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}.${m[5]}.${m[6]}.${(m[7] ?? '').padEnd(12, '0')}`;
}

/** True when `s` is a timestamp text msgmon may send back to the system. */
export function isIbmTimestamp(s: unknown): s is string {
  return typeof s === 'string' && IBM_TS.test(s) && ibmTimestampMs(s) !== null;
}

/** Epoch ms → `YYYY-MM-DD-HH.MM.SS.000000` (the wall-clock digits of that UTC instant). */
export function formatIbmTimestamp(t: number): string {
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}.${iso.slice(14, 16)}.${iso.slice(17, 19)}.${iso.slice(20, 23)}000`;
}

/**
 * The IBM i clock is local time and its zone is not known before the first row: a new source starts 14 hours
 * (the widest UTC offset) before `since`, so it never starts late; it may start up to 14 hours early.
 */
export function initialPosition(since: number): IbmiPosition {
  return { ts: formatIbmTimestamp(since - 14 * 3_600_000), seq: 0 };
}

/** `QTFTP*` → the LIKE pattern of the service's job column. */
function jobLike(pattern: string, qualified: boolean): string {
  const like = pattern.endsWith('*') ? `${pattern.slice(0, -1)}%` : pattern;
  return qualified ? `%/${like}` : like;
}

/** True when a job name matches the configured pattern. */
export function jobMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** The -p values of a service's query at a position, in marker order; throws on anything msgmon would not generate. */
export function queryParams(o: IbmiOptions, pos: IbmiPosition): string[] {
  if (!isIbmTimestamp(pos.ts)) throw new Error(`cursor timestamp '${pos.ts}' is not an IBM timestamp`);
  if (!Number.isSafeInteger(pos.seq) || pos.seq < 0) throw new Error(`cursor sequence ${pos.seq} is not a whole number`);
  if (!JOB_PATTERN.test(o.job)) throw new Error(`job pattern '${o.job}' is not an IBM job name (QTFTP* or a name)`);
  switch (o.service) {
    case 'history':
      return [pos.ts, jobLike(o.job, true)];
    case 'msgq': {
      const [lib, queue] = o.queue.split('/');
      if (!lib || !queue || !IBM_NAME.test(lib) || !IBM_NAME.test(queue)) throw new Error(`queue '${o.queue}' is not LIBRARY/QUEUE`);
      return [lib, queue, pos.ts, pos.ts, pos.seq.toString(16).toUpperCase().padStart(8, '0')];
    }
    case 'audit':
      return [pos.ts, jobLike(o.job, false), pos.ts, pos.ts, String(pos.seq)];
  }
}
