// Pure render of the Investigation screen: who or what, the totals, the period, the clients seen, then the sessions (with
// their files and bytes) or, F11, the time line of every file action, failed logon and alert.
import type { Investigation, InvestigationEvent } from '../core/investigation.js';
import type { SessionSummary } from '../core/sessions.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, fitWidth, type Grid } from './grid.js';
import { bodyEnd, frame, MIN_ROWS, putDateTime, putMore } from './render.js';
import { drawList, putInstructions, type ListPlacement, type ListRow } from './render-list.js';
import { compactBytes } from './render-sessions.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';

const n = (v: number) => v.toLocaleString('en-US');
const dateTime = (t: number) => `${formatDateTime(t).date} ${formatDateTime(t).time}`;
const short = (t: number) => `${formatDateTime(t).date} ${formatDateTime(t).time.slice(0, 5)}`;

const SESSION_CELLS: Record<string, (s: SessionSummary) => string> = {
  opt: () => '',
  startShort: (s) => short(s.start),
  start: (s) => dateTime(s.start),
  endShort: (s) => (s.end === null ? 'Active' : formatDateTime(s.end).time.slice(0, 5)),
  end: (s) => (s.end === null ? 'Active' : dateTime(s.end)),
  system: (s) => s.system,
  user: (s) => s.user ?? '',
  client: (s) => s.client ?? '',
  files: (s) => `${s.filesUp}/${s.filesDown}`,
  bytesUpShort: (s) => compactBytes(s.bytesUp),
  bytesUp: (s) => n(s.bytesUp),
  bytesDownShort: (s) => compactBytes(s.bytesDown),
  bytesDown: (s) => n(s.bytesDown),
};

/** What an event was, in a word, and what it touched. */
function detail(e: InvestigationEvent): string {
  if (e.kind === 'alert') return `${e.msgId} ${e.what}`;
  if (e.kind === 'failure') return `failed logon from ${e.client ?? '?'}`;
  return `${e.path ?? ''}${e.target ? ` -> ${e.target}` : ''}`;
}

const EVENT_CELLS: Record<string, (e: InvestigationEvent) => string> = {
  opt: () => '',
  startShort: (e) => short(e.time),
  start: (e) => dateTime(e.time),
  kind: (e) => (e.kind === 'file' ? e.what : e.kind === 'failure' ? 'FAILED' : 'ALERT'),
  user: (e) => e.user ?? '',
  bytesShort: (e) => (e.bytes === null ? '' : compactBytes(e.bytes)),
  bytes: (e) => (e.bytes === null ? '' : n(e.bytes)),
  detail,
};

const SPEC = checkColumns(SPECS.investigate, [...new Set([...Object.keys(SESSION_CELLS), ...Object.keys(EVENT_CELLS)])]);

/** Grid row of the column headings (four summary rows, the instructions and the option legend above). */
const HEAD_ROW = 9;

/** What the Investigation renderer reads. */
export interface InvestigationView {
  subject: string;
  /** The time range in words ("the whole Activity Log", "from … to …"). */
  period: string;
  result: Investigation;
  /** The time line (F11) instead of the sessions. */
  timeline: boolean;
  list: ListPlacement;
}

/** Rows of the list at this height. */
export function investigationViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - HEAD_ROW;
}

/** The distinct clients of the sessions and events, most used first. */
export function clientsOf(r: Investigation): string[] {
  const counts = new Map<string, number>();
  for (const c of [...r.sessions.map((s) => s.client), ...r.events.map((e) => e.client)]) if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

function putLabel(g: Grid, row: number, col: number, label: string, value: string, width = g.cols - col - label.length - 2): void {
  g.put(row, col, label, ATTR.data);
  g.put(row, col + label.length + 1, fitWidth(sanitizeForTerminal(value), Math.max(0, width)), ATTR.value);
}

/** Model → Grid: subject, period and totals on rows 2–4, then the sessions or the time line. */
export function renderInvestigation(v: InvestigationView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putDateTime(g, ctx, 1);
  const t = v.result.totals;
  putLabel(g, 2, 1, 'Subject . . :', v.subject, 42);
  putLabel(g, 2, 58, 'Messages :', n(v.result.messages));
  putLabel(g, 3, 1, 'Sessions  . :', `${n(t.sessions)}   Files ${n(t.files)}   Up ${compactBytes(t.bytesUp)}   Down ${compactBytes(t.bytesDown)}`, 42);
  putLabel(g, 3, 58, 'Failed . :', n(t.failures));
  putLabel(g, 4, 1, 'Period  . . :', v.period, 42);
  putLabel(g, 4, 58, 'Alerts . :', n(t.alerts));
  putLabel(g, 5, 1, 'Clients . . :', clientsOf(v.result).join(' ') || '(none)');
  putInstructions(g, ctx, SPEC.id, SPEC.instructions, 6);
  const cols = layoutColumns(v.timeline ? SPEC.altColumns! : SPEC.columns, g.cols);
  const rows: ListRow[] = v.timeline
    ? v.result.events.map((e) => ({
        cells: Object.fromEntries(Object.entries(EVENT_CELLS).map(([id, f]) => [id, f(e)])),
        attr: e.kind === 'alert' ? ATTR.severe : e.kind === 'failure' ? ATTR.value : ATTR.data,
      }))
    : v.result.sessions.map((s) => ({
        cells: Object.fromEntries(Object.entries(SESSION_CELLS).map(([id, f]) => [id, f(s)])),
        attr: s.end === null ? ATTR.value : ATTR.data,
      }));
  const more = drawList(g, cols, rows, HEAD_ROW, bodyEnd(g), v.list);
  if (!rows.length) g.put(HEAD_ROW + 1, 1, v.timeline ? '(No file actions, failed logons or alerts.)' : '(No sessions: F11 shows the time line.)', ATTR.data);
  putMore(g, more);
  return g;
}
