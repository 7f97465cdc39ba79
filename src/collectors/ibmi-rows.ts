// One IBM i row → what its message is made of: IBM's message ID (history, message queue) or the catalog ID of
// the audit journal entry type, the time in UTC, the fields, and the row's place for the cursor. A row that
// does not have the documented shape is kept whole for a MON0010 message, never dropped.
import type { Fields } from '../core/types.js';
import type { JobEvent } from '../sessions/ibmi-jobs.js';
import type { Db2Row } from './db2util.js';
import { ibmTimestampMs, isIbmTimestamp, type IbmiService } from './ibmi-queries.js';

/** A job as IBM i names it: `number/user/name`. */
export interface QualifiedJob {
  number: string;
  user: string;
  name: string;
}

/** Where a row lies for the cursor: its timestamp text as the system gave it, and its sequence (audit) or key (msgq). */
export interface RowPlace {
  ts: string;
  seq: number;
}

/** A row that makes a message. `text`/`severity` are IBM's own, used for IDs the catalog does not know. */
export interface GoodRow {
  ok: true;
  msgId: string;
  time: number;
  fields: Fields;
  job: QualifiedJob | null;
  event: JobEvent;
  text: string | null;
  severity: number | null;
  place: RowPlace;
  raw: string;
}

/** A row without the documented shape; `place` when its cursor columns could still be read. */
export interface BadRow {
  ok: false;
  reason: string;
  place: RowPlace | null;
  time: number | null;
  raw: string;
}

/** Message ID msgmon gives an IBM i message that has none (an impromptu message on a queue). */
export const NO_MSGID = 'IBM0001';
/** Catalog IDs of the audit journal entry types read. */
export const AUDIT_MSGIDS: Record<string, string> = { CD: 'AUD0001', ZR: 'AUD0010', ZC: 'AUD0011', PW: 'AUD0020' };
/** PW violation types (entry-specific data position 1) that FTP logons produce. */
const PW_REASONS: Record<string, string> = {
  P: 'password not valid',
  U: 'user profile not valid',
  Q: 'user profile disabled',
  R: 'password expired',
  C: 'CHKPWD failed',
};
const MSGID = /^[A-Z]{3}[0-9A-F]{4}$/;
const QUALIFIED_JOB = /^(\d{6})\/([^/\s]{1,10})\/([^/\s]{1,10})$/;

/** Trimmed text of a column (CHAR columns keep trailing blanks), null when absent or empty. */
function text(row: Db2Row, col: string): string | null {
  const v = row[col];
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function put(fields: Fields, key: string, v: string | number | null): void {
  if (v !== null) fields[key] = v;
}

/** Thrown inside a mapper: the row lacks what its kind needs. */
class Shape extends Error {}

function need<T>(v: T | null, what: string): T {
  if (v === null) throw new Shape(what);
  return v;
}

function jobFields(fields: Fields, job: QualifiedJob): void {
  fields.job = `${job.number}/${job.user}/${job.name}`;
  fields.job_number = job.number;
  fields.job_user = job.user;
  fields.job_name = job.name;
}

function parseJob(s: string | null): QualifiedJob | null {
  const m = s ? QUALIFIED_JOB.exec(s) : null;
  return m ? { number: m[1]!, user: m[2]!, name: m[3]! } : null;
}

/** QTCP is the user of an FTP server job before anyone signed on: not the user of the session. */
function signedOnUser(u: string | null): string | null {
  return u === 'QTCP' ? null : u;
}

type Mapped = Omit<GoodRow, 'ok' | 'time' | 'place' | 'raw'>;

function history(row: Db2Row): Mapped {
  const msgId = need(text(row, 'MESSAGE_ID'), 'MESSAGE_ID is missing');
  if (!MSGID.test(msgId)) throw new Shape(`MESSAGE_ID '${msgId}' is not an IBM message ID`);
  const job = need(parseJob(text(row, 'FROM_JOB')), `FROM_JOB '${text(row, 'FROM_JOB') ?? ''}' is not number/user/name`);
  const fields: Fields = {};
  jobFields(fields, job);
  put(fields, 'user', signedOnUser(text(row, 'FROM_USER')));
  put(fields, 'program', text(row, 'FROM_PROGRAM'));
  put(fields, 'subsystem', text(row, 'SUBSYSTEM'));
  put(fields, 'ibm_text', text(row, 'MESSAGE_TEXT'));
  const event: JobEvent = msgId === 'CPF1124' ? 'start' : msgId === 'CPF1164' ? 'jobend' : 'other';
  return { msgId, fields, job, event, text: text(row, 'MESSAGE_TEXT'), severity: severityOf(row) };
}

function severityOf(row: Db2Row): number | null {
  const s = row.SEVERITY;
  return typeof s === 'number' && Number.isInteger(s) && s >= 0 && s <= 99 ? s : null;
}

function msgq(row: Db2Row, queue: string): Mapped {
  const id = text(row, 'MESSAGE_ID');
  if (id !== null && !MSGID.test(id)) throw new Shape(`MESSAGE_ID '${id}' is not an IBM message ID`);
  const fields: Fields = { queue };
  const job = parseJob(text(row, 'FROM_JOB'));
  if (job) jobFields(fields, job);
  put(fields, 'user', signedOnUser(text(row, 'FROM_USER')));
  put(fields, 'program', text(row, 'FROM_PROGRAM'));
  put(fields, 'message_type', text(row, 'MESSAGE_TYPE'));
  put(fields, 'message_key', text(row, 'MESSAGE_KEY'));
  const ibmText = need(text(row, 'MESSAGE_TEXT'), 'MESSAGE_TEXT is missing');
  fields.ibm_text = ibmText;
  return { msgId: id ?? NO_MSGID, fields, job, event: 'other', text: ibmText, severity: severityOf(row) };
}

/** `CLRLIB LIB(QTEMP)` or `CLRLIB QTEMP`, however qualified or spaced: what an FTP server job runs as a session ends. */
export function clearsQtemp(command: string): boolean {
  return /^\s*(?:[A-Z0-9$#@_]+\/)?CLRLIB\s+(?:LIB\(\s*QTEMP\s*\)|QTEMP\b)/i.test(command);
}

function audit(row: Db2Row): Mapped {
  const type = need(text(row, 'JOURNAL_ENTRY_TYPE'), 'JOURNAL_ENTRY_TYPE is missing');
  const msgId = AUDIT_MSGIDS[type];
  if (!msgId) throw new Shape(`JOURNAL_ENTRY_TYPE '${type}' is not one msgmon reads (CD, ZR, ZC, PW)`);
  const job: QualifiedJob = {
    number: need(text(row, 'JOB_NUMBER'), 'JOB_NUMBER is missing'),
    user: need(text(row, 'JOB_USER'), 'JOB_USER is missing'),
    name: need(text(row, 'JOB_NAME'), 'JOB_NAME is missing'),
  };
  if (!/^\d{6}$/.test(job.number)) throw new Shape(`JOB_NUMBER '${job.number}' is not 6 digits`);
  const fields: Fields = { entry_type: type };
  jobFields(fields, job);
  put(fields, 'sequence', text(row, 'SEQUENCE_NUMBER'));
  put(fields, 'client', text(row, 'REMOTE_ADDRESS'));
  put(fields, 'program', text(row, 'PROGRAM_NAME'));
  const object = text(row, 'ENTRY_OBJECT');
  const library = text(row, 'ENTRY_LIBRARY');
  let event: JobEvent = 'other';
  if (type === 'PW') {
    // PW data: violation type, then the user profile that failed and the device (not objects).
    put(fields, 'user', need(object, 'ENTRY_OBJECT (the user profile that failed) is missing'));
    put(fields, 'device', library);
    const v = text(row, 'ENTRY_TYPE');
    put(fields, 'violation', v);
    fields.reason = (v && PW_REASONS[v]) ?? `violation type ${v ?? '?'}`;
  } else {
    put(fields, 'user', signedOnUser(text(row, 'CURRENT_USER')));
    put(fields, 'object', text(row, 'PATH_NAME') ?? (object ? (library ? `${library}/${object}` : object) : null));
    put(fields, 'object_type', text(row, 'ENTRY_OBJECT_TYPE'));
    if (type === 'CD') {
      const command = need(text(row, 'COMMAND_STRING'), 'COMMAND_STRING is missing');
      fields.command = command;
      if (clearsQtemp(command)) event = 'end';
    }
  }
  return { msgId, fields, job, event, text: null, severity: null };
}

const TS_COLUMN: Record<IbmiService, string> = { history: 'MESSAGE_TIMESTAMP', msgq: 'MESSAGE_TIMESTAMP', audit: 'ENTRY_TIMESTAMP' };

/** A whole number from a JSON number or digit text (DECIMAL columns may come either way), or NaN. */
function wholeNumber(v: unknown, radix: 10 | 16): number {
  if (typeof v === 'number') return radix === 10 ? v : NaN;
  if (typeof v !== 'string') return NaN;
  const t = v.trim();
  return (radix === 16 ? /^[0-9A-F]{1,12}$/i : /^\d{1,15}$/).test(t) ? parseInt(t, radix) : NaN;
}

/** The row's cursor place, or null when its timestamp or sequence/key cannot be read. */
function placeOf(service: IbmiService, row: Db2Row): RowPlace | null {
  const ts = row[TS_COLUMN[service]];
  if (!isIbmTimestamp(ts)) return null;
  if (service === 'history') return { ts, seq: 0 }; // the reader counts the rows at one instant
  const seq = service === 'msgq' ? wholeNumber(row.MESSAGE_KEY, 16) : wholeNumber(row.SEQUENCE_NUMBER, 10);
  return Number.isSafeInteger(seq) && seq >= 0 ? { ts, seq } : null;
}

/** Reads one row of a service's query. */
export function readRow(service: IbmiService, row: Db2Row, queue: string): GoodRow | BadRow {
  const raw = JSON.stringify(row);
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return { ok: false, reason: 'not a JSON object', place: null, time: null, raw };
  const place = placeOf(service, row);
  const time = ibmTimestampMs(row[`${TS_COLUMN[service]}_UTC`]);
  if (!place) return { ok: false, reason: `${TS_COLUMN[service]} or its sequence/key is missing or not valid`, place, time, raw };
  if (time === null) return { ok: false, reason: `${TS_COLUMN[service]}_UTC is missing or not a timestamp`, place, time, raw };
  try {
    const m = service === 'history' ? history(row) : service === 'msgq' ? msgq(row, queue) : audit(row);
    return { ok: true, ...m, time, place, raw };
  } catch (err) {
    if (err instanceof Shape) return { ok: false, reason: err.message, place, time, raw };
    throw err;
  }
}
