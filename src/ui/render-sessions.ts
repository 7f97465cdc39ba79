// Pure renders of FTP Sessions, Display Session Messages and Confirm Remove of Session Messages.
import type { SessionSummary } from '../core/sessions.js';
import type { Message } from '../core/types.js';
import type { ProcSample } from '../core/status-types.js';
import { humanBytes } from './render-systems.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, fitWidth, type Grid } from './grid.js';
import { bodyEnd, frame, MIN_COLS, MIN_ROWS, putDateTime, putMore } from './render.js';
import { drawList, putInstructions, type ListPlacement, type ListRow } from './render-list.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const dateTime = (t: number) => `${formatDateTime(t).date} ${formatDateTime(t).time}`;

/** 812, 1.5K, 15M, 2.1G: a byte count in at most 5 characters. */
export function compactBytes(n: number): string {
  if (n < 1000) return String(n);
  for (const [unit, size] of [
    ['K', 1e3],
    ['M', 1e6],
    ['G', 1e9],
    ['T', 1e12],
  ] as const) {
    const v = n / size;
    if (v < 10) return `${v.toFixed(1)}${unit}`;
    if (v < 1000) return `${Math.floor(v)}${unit}`;
  }
  return `${Math.floor(n / 1e15)}P`;
}

/** A session row's cells by column id (a column id may appear twice in a spec: narrow and wide twins). */
const SESSION_CELLS: Record<string, (s: SessionSummary, onConsole: number) => string> = {
  opt: () => '',
  system: (s) => s.system,
  user: (s) => s.user ?? '',
  client: (s) => s.client ?? '',
  protocol: (s) => (s.protocol ?? '').toUpperCase(),
  startTime: (s) => formatDateTime(s.start).time.slice(0, 5),
  start: (s) => dateTime(s.start),
  endTime: (s) => (s.end === null ? 'Active' : formatDateTime(s.end).time.slice(0, 5)),
  end: (s) => (s.end === null ? 'Active' : dateTime(s.end)),
  endedBy: (s) => s.endedBy ?? '',
  commands: (s) => String(s.commands),
  files: (s) => `${s.filesUp}/${s.filesDown}`,
  bytes: (s) => compactBytes(s.bytesUp + s.bytesDown),
  bytesUp: (s) => s.bytesUp.toLocaleString('en-US'),
  bytesDown: (s) => s.bytesDown.toLocaleString('en-US'),
  onConsole: (_s, n) => n.toLocaleString('en-US'),
};

const MESSAGE_CELLS: Record<string, (m: Message) => string> = {
  opt: () => '',
  time: (m) => formatDateTime(m.time).time,
  dateTime: (m) => dateTime(m.time),
  msgId: (m) => m.msgId,
  severity: (m) => String(m.severity).padStart(2, '0'),
  text: (m) => m.text,
};

const LIST = checkColumns(SPECS['ftp-sessions'], Object.keys(SESSION_CELLS));
const MESSAGES = checkColumns(SPECS['session-messages'], Object.keys(MESSAGE_CELLS));
const CONFIRM = checkColumns(SPECS['confirm-remove-session'], Object.keys(SESSION_CELLS));

/** Grid row of the column headings of FTP Sessions (title, date, instructions, legend, blank). */
const LIST_HEAD_ROW = 5;
/** Grid row of the column headings of Display Session Messages (three summary rows above the instructions). */
const MESSAGES_HEAD_ROW = 8;

function sessionRows(rows: SessionSummary[], onConsole: (s: SessionSummary) => number = () => 0): ListRow[] {
  return rows.map((s) => ({
    cells: Object.fromEntries(Object.entries(SESSION_CELLS).map(([id, f]) => [id, f(s, onConsole(s))])),
    attr: s.end === null ? ATTR.value : ATTR.data,
  }));
}

/** What the FTP Sessions renderer reads. */
export interface SessionsView {
  rows: SessionSummary[];
  list: ListPlacement;
  /** The subset (F21) in words, or empty when every session is listed. */
  subset?: string;
  /** The header fields as typed (SESSION_HEADER_FIELDS order) and the one with the cursor (null: the list). */
  header?: readonly { value: string; pos: number }[];
  focus?: number | null;
}

/** The subset fields typed in place on the row above the column headings (Enter applies them). */
export const SESSION_HEADER_FIELDS = [
  { key: 'user', label: 'User . :', col: 1, width: 9 },
  { key: 'system', label: 'System . :', col: 20, width: 8 },
  { key: 'client', label: 'Client . :', col: 40, width: 15 },
  { key: 'active', label: 'Active . :', col: 67, width: 1 },
] as const;

// The header fields: each label, then its value underlined; the cursor in the focused one.
function putHeaderFields(g: Grid, v: SessionsView): void {
  SESSION_HEADER_FIELDS.forEach((f, i) => {
    const typed = v.header?.[i] ?? { value: '', pos: 0 };
    const at = f.col + f.label.length + 1;
    const chars = [...sanitizeForTerminal(typed.value)];
    const offset = v.focus === i && chars.length > f.width ? Math.max(0, typed.pos - f.width + 1) : 0;
    g.put(LIST_HEAD_ROW - 1, f.col, f.label, ATTR.data);
    g.put(LIST_HEAD_ROW - 1, at, fitWidth(chars.slice(offset).join(''), f.width).padEnd(f.width, ' '), ATTR.field);
    if (v.focus === i) g.cursor = { row: LIST_HEAD_ROW - 1, col: at + Math.min(typed.pos - offset, f.width - 1) };
  });
}

/** Rows of the FTP Sessions list at this height. */
export function sessionsViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - LIST_HEAD_ROW;
}

/** Model → Grid for FTP Sessions: newest first, active sessions in white. */
export function renderSessions(v: SessionsView, ctx: ViewContext): Grid {
  const g = frame(ctx, LIST.id, LIST.title);
  putDateTime(g, ctx, 1);
  if (v.subset) g.put(1, 1, fitWidth(sanitizeForTerminal(`Subset: ${v.subset}`), Math.max(0, g.cols - 40)), ATTR.value);
  putInstructions(g, ctx, LIST.id, LIST.instructions, 2);
  const more = drawList(g, layoutColumns(LIST.columns, g.cols), sessionRows(v.rows), LIST_HEAD_ROW, bodyEnd(g), v.list);
  if (v.rows.length === 0) g.put(LIST_HEAD_ROW + 1, 1, '(No sessions yet: they appear as FTP and SFTP logons are collected.)', ATTR.data);
  putMore(g, more);
  if (v.header) putHeaderFields(g, v);
  return g;
}

/** What Display Session Messages reads: the session (null when it is gone) and its messages in order. */
export interface SessionMessagesView {
  id: string;
  session: SessionSummary | null;
  messages: Message[];
  list: ListPlacement;
  /** Opened from System Status: the session's server process and its newest sample (null: gone from the probe). */
  process?: { pid: number; sample: ProcSample | null };
}

/** Rows of the session's message list at this height. */
export function sessionMessagesViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - MESSAGES_HEAD_ROW;
}

function putLabel(g: Grid, row: number, col: number, label: string, value: string): void {
  g.put(row, col, label, ATTR.data);
  g.put(row, col + label.length + 1, sanitizeForTerminal(value).slice(0, Math.max(0, g.cols - col - label.length - 2)), ATTR.value);
}

/**
 * A server process's numbers on one line, in words when they fit (`sshd 4242  CPU 12.5%  RSS 3.1 MB  write 256 KB/s
 * read 0/s  faults 0/3/s  files 7`), else compact (`sshd 4242 CPU 12.5% RSS 3.1M W 256K/s R 0/s flt 0/3 fd 7`).
 */
function processNumbers(pid: number, p: ProcSample | null, width: number): string {
  if (!p) return `${pid}: no longer in the newest probe (ended)`;
  const cpu = p.cpu === null ? '-' : `${p.cpu.toFixed(1)}%`;
  const rate = (v: number | null, f: (n: number) => string) => (v === null ? '-' : `${f(Math.round(v))}/s`);
  const flt = p.majfltRate === null ? '-' : `${p.majfltRate}/${p.minfltRate}`;
  if (p.diskIo !== undefined) {
    // An IBM i server job: temporary storage, disk I/O operations and page faults (ibmi-probe.ts).
    const io = p.diskIoRate == null ? '-' : `${p.diskIoRate}/s`;
    const long = `${p.name} ${pid}  CPU ${cpu}  temp ${humanBytes(p.rssKb * 1024)}  disk I/O ${io}  faults ${p.majfltRate ?? '-'}/s`;
    return long.length <= width ? long : `${p.name} ${pid} CPU ${cpu} tmp ${compactBytes(p.rssKb * 1024)} io ${io} flt ${p.majfltRate ?? '-'}`;
  }
  const long =
    `${p.name} ${pid}  CPU ${cpu}  RSS ${humanBytes(p.rssKb * 1024)}  write ${rate(p.writeBps, humanBytes)}  ` +
    `read ${rate(p.readBps, humanBytes)}  faults ${flt}/s  files ${p.fds ?? '-'}`;
  if (long.length <= width) return long;
  return `${p.name} ${pid} CPU ${cpu} RSS ${compactBytes(p.rssKb * 1024)} W ${rate(p.writeBps, compactBytes)} R ${rate(p.readBps, compactBytes)} flt ${flt} fd ${p.fds ?? '-'}`;
}

/** Model → Grid for Display Session Messages: who, when, how it ended, then every message in order. */
export function renderSessionMessages(v: SessionMessagesView, ctx: ViewContext): Grid {
  const g = frame(ctx, MESSAGES.id, MESSAGES.title);
  const s = v.session;
  putLabel(g, 2, 1, 'Session . . :', v.id);
  if (s) {
    putLabel(g, 2, 48, 'System . . :', s.system);
    putLabel(g, 3, 1, 'User  . . . :', s.user ?? '');
    putLabel(g, 3, 26, 'Client . . :', s.client ?? '');
    putLabel(g, 3, 56, 'Prot . . :', (s.protocol ?? '').toUpperCase());
    putLabel(g, 4, 1, 'Start . . . :', dateTime(s.start));
    putLabel(g, 4, 36, 'End  . . . :', s.end === null ? 'Active' : `${dateTime(s.end)} ${s.endedBy}`);
  } else g.put(3, 1, 'The session is no longer in the store.', ATTR.value);
  if (v.process) putLabel(g, 1, 1, 'Process . . :', processNumbers(v.process.pid, v.process.sample, g.cols - 16));
  putInstructions(g, ctx, MESSAGES.id, MESSAGES.instructions, 5);
  const rows = v.messages.map((m) => ({
    cells: Object.fromEntries(Object.entries(MESSAGE_CELLS).map(([id, f]) => [id, f(m)])),
    attr: m.severity >= 80 ? ATTR.severe : ATTR.data,
  }));
  putMore(g, drawList(g, layoutColumns(MESSAGES.columns, g.cols), rows, MESSAGES_HEAD_ROW, bodyEnd(g), v.list));
  return g;
}

/** Model → Grid for the confirmation of 4=Remove messages: the sessions and how many of their messages are on the console. */
export function renderConfirmRemove(rows: SessionSummary[], onConsole: (s: SessionSummary) => number, top: number, ctx: ViewContext): Grid {
  const g = frame(ctx, CONFIRM.id, CONFIRM.title);
  const head = putInstructions(g, ctx, CONFIRM.id, CONFIRM.instructions, 2) + 1;
  putMore(g, drawList(g, layoutColumns(CONFIRM.columns, g.cols), sessionRows(rows, onConsole), head, bodyEnd(g), { top, cursor: null, option: () => '4' }));
  return g;
}

/** Rows of the confirmation list at this width and height (its instructions wrap). */
export function confirmRemoveViewport(cols: number, rows: number): number {
  const lines = wrap(CONFIRM.instructions ?? '', Math.max(cols, MIN_COLS) - 2).length;
  return Math.max(rows, MIN_ROWS) - 5 - (3 + lines);
}
