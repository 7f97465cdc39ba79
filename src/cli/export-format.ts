// The two export formats, one record per message: what is written, and how a record read back becomes a message
// again, exactly, so its hash can be recomputed offline (export-check.ts).
import type { ConsoleState, Highlight, Message } from '../core/types.js';
import type { ChainedMessage } from '../store/chain-export.js';
import { messageJson } from './output.js';

/** Export formats of `log export`. */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
/** One of EXPORT_FORMATS. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** CSV columns, in order: the message, then its operator state (not hashed), then its place in the chain. */
export const CSV_COLUMNS = [
  'id',
  'time',
  'system',
  'source',
  'msgId',
  'severity',
  'text',
  'fields',
  'session',
  'rules',
  'highlight',
  'inquiry',
  'tags',
  'raw',
  'console',
  'ack',
  'prev',
  'hash',
] as const;

/** The line a CSV export ends with: this prefix, then the end record as JSON. */
export const CSV_TRAILER_PREFIX = '# msgmon export ';

// A spreadsheet runs a cell that starts with = + - @ (remote text can: a user name "=HYPERLINK(…)"). Such cells,
// and cells starting with the quote itself, get a leading ' — a reader strips exactly one, so nothing is lost.
const FORMULA = /^[=+\-@\t\r']/;

/** A string cell made safe for spreadsheets (reversible with unguardCell). */
export function guardCell(s: string): string {
  return FORMULA.test(s) ? `'${s}` : s;
}

/** Undoes guardCell. */
export function unguardCell(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** A message as a CSV record (strings guarded; null as an empty cell). */
export function csvRecord(c: ChainedMessage): Array<string | number> {
  const m = c.message;
  const cells: Array<string | number | null> = [
    m.id,
    iso(m.time),
    m.system,
    m.source,
    m.msgId,
    m.severity,
    m.text,
    JSON.stringify(m.fields),
    m.session,
    JSON.stringify(m.rules),
    JSON.stringify(m.highlight),
    m.inquiry ? 'true' : 'false',
    JSON.stringify(m.tags),
    m.raw,
    m.console,
    iso(m.ack),
    c.prev,
    c.hash,
  ];
  return cells.map((v) => (v === null ? '' : typeof v === 'string' ? guardCell(v) : v));
}

/** A message as one JSON line: the `log --json` shape plus prev and hash. */
export function jsonlRecord(c: ChainedMessage): string {
  return JSON.stringify({ ...messageJson(c.message), prev: c.prev, hash: c.hash });
}

function timeOf(s: unknown, what: string): number {
  const t = typeof s === 'string' ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) throw new Error(`${what} '${String(s)}' is not an ISO time`);
  return t;
}

function needString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`${what} is missing`);
  return v;
}

/** A JSON-lines record read back (throws with the reason when it is not one). */
export function fromJsonl(o: Record<string, unknown>): ChainedMessage {
  const id = o.id;
  if (!Number.isInteger(id)) throw new Error('id is not a whole number');
  const message: Message = {
    id: id as number,
    time: timeOf(o.time, 'time'),
    system: needString(o.system, 'system'),
    source: needString(o.source, 'source'),
    msgId: needString(o.msgId, 'msgId'),
    severity: o.severity as number,
    text: needString(o.text, 'text'),
    fields: (o.fields ?? {}) as Message['fields'],
    session: (o.session ?? null) as string | null,
    console: o.console as ConsoleState,
    ack: o.ack === null || o.ack === undefined ? null : timeOf(o.ack, 'ack'),
    rules: (o.rules ?? []) as string[],
    highlight: (o.highlight ?? null) as Highlight | null,
    inquiry: o.inquiry === true,
    tags: (o.tags ?? []) as string[],
    raw: needString(o.raw, 'raw'),
  };
  return { message, prev: needString(o.prev, 'prev'), hash: needString(o.hash, 'hash') };
}

/** A CSV record read back, by the header's column names (throws with the reason when it is not one). */
export function fromCsv(cells: Map<string, string>): ChainedMessage {
  const get = (k: (typeof CSV_COLUMNS)[number]): string => {
    const v = cells.get(k);
    if (v === undefined) throw new Error(`column ${k} is missing`);
    return unguardCell(v);
  };
  const json = (k: (typeof CSV_COLUMNS)[number]): unknown => {
    try {
      return JSON.parse(get(k));
    } catch {
      throw new Error(`${k} is not JSON`);
    }
  };
  const num = (k: (typeof CSV_COLUMNS)[number]): number => {
    const n = Number(get(k));
    if (get(k) === '' || !Number.isFinite(n)) throw new Error(`${k} '${get(k)}' is not a number`);
    return n;
  };
  const message: Message = {
    id: num('id'),
    time: timeOf(get('time'), 'time'),
    system: get('system'),
    source: get('source'),
    msgId: get('msgId'),
    severity: num('severity'),
    text: get('text'),
    fields: json('fields') as Message['fields'],
    session: get('session') === '' ? null : get('session'),
    rules: json('rules') as string[],
    highlight: json('highlight') as Highlight | null,
    inquiry: get('inquiry') === 'true',
    tags: json('tags') as string[],
    raw: get('raw'),
    console: get('console') as ConsoleState,
    ack: get('ack') === '' ? null : timeOf(get('ack'), 'ack'),
  };
  return { message, prev: get('prev'), hash: get('hash') };
}
