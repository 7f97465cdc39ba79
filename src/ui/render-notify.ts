// Pure renders of Work with Channels, Work with Escalation Procedures and their 5=Display report.
import type { ChannelRow, ProcedureRow } from '../core/notify-service.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, docViewport, frame, MIN_ROWS, putMore, renderDoc, type DocLine } from './render.js';
import { drawList, putInstructions, type ListPlacement, type ListRow } from './render-list.js';
import { dateTime } from './render-systems.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const CHANNEL_CELLS: Record<string, (r: ChannelRow) => string> = {
  opt: () => '',
  name: (r) => r.name,
  type: (r) => r.type,
  target: (r) => r.target,
  last: (r) => (r.last ? r.last.state : ''),
  lastTime: (r) => (r.last ? dateTime(r.last.time) : ''),
  failed: (r) => (r.failed ? String(r.failed) : ''),
  noise: (r) => r.noise,
  usedBy: (r) => r.usedBy.join(', '),
};

const PROCEDURE_CELLS: Record<string, (r: ProcedureRow) => string> = {
  opt: () => '',
  name: (r) => r.name,
  steps: (r) => String(r.steps.length),
  active: (r) => String(r.active),
  first: (r) => r.steps.map((s) => s.replace(/^\d+: after /, '')).join(' | '),
  usedBy: (r) => r.usedBy.join(', '),
};

const CHANNELS = checkColumns(SPECS['work-with-channels'], Object.keys(CHANNEL_CELLS));
const PROCEDURES = checkColumns(SPECS['work-with-escalations'], Object.keys(PROCEDURE_CELLS));

/** Grid row of the column headings (title, blank, instructions, legend, blank). */
export const NOTIFY_HEAD_ROW = 5;

/** Rows of either list at this height. */
export function notifyViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - NOTIFY_HEAD_ROW;
}

/** What a list renderer reads. */
export interface NotifyListView<R> {
  rows: R[];
  list: ListPlacement;
  /** Why the configuration could not be read, or null. */
  problem: string | null;
}

function drawNotifyList<R>(
  spec: typeof CHANNELS,
  cells: Record<string, (r: R) => string>,
  v: NotifyListView<R>,
  empty: string[],
  attr: (r: R) => ListRow['attr'],
  ctx: ViewContext,
): Grid {
  const g = frame(ctx, spec.id, spec.title);
  putInstructions(g, ctx, spec.id, spec.instructions, 2);
  const cols = layoutColumns(spec.columns, g.cols);
  const rows = v.rows.map((r) => ({ cells: Object.fromEntries(Object.entries(cells).map(([id, f]) => [id, f(r)])), attr: attr(r) }));
  const more = drawList(g, cols, rows, NOTIFY_HEAD_ROW, bodyEnd(g), v.list);
  const lines = v.problem ? wrap(v.problem, g.cols - 2) : v.rows.length === 0 ? empty : [];
  lines.forEach((text, i) => g.put(NOTIFY_HEAD_ROW + 1 + i, i ? 2 : 1, text, v.problem ? ATTR.value : ATTR.data));
  putMore(g, more);
  return g;
}

/** Model → Grid for Work with Channels: a channel with failed notifications shows red. */
export function renderChannels(v: NotifyListView<ChannelRow>, ctx: ViewContext): Grid {
  const empty = ['(No channels. Press F6 to create one, or:', 'msgmon channels add NAME --type email|sms|webhook|command …)'];
  return drawNotifyList(CHANNELS, CHANNEL_CELLS, v, empty, (r) => (r.failed ? ATTR.severe : ATTR.data), ctx);
}

/** Model → Grid for Work with Escalation Procedures. */
export function renderProcedures(v: NotifyListView<ProcedureRow>, ctx: ViewContext): Grid {
  const empty = ['(No escalation procedures. Press F6 to create one, or:', 'msgmon escalations add NAME --step 0:CHANNEL …)'];
  return drawNotifyList(PROCEDURES, PROCEDURE_CELLS, v, empty, () => ATTR.data, ctx);
}

/** First grid row of a report. */
export const REPORT_FIRST_ROW = 2;

/** A report's lines for a width: long lines wrap, indented under their start. */
export function reportDoc(lines: string[], cols: number): DocLine[] {
  return lines.flatMap((line) => {
    const clean = sanitizeForTerminal(line);
    // A line that fits keeps its spacing (aligned labels and columns); a longer one wraps under its value.
    if (clean.length <= cols - 2) return [[{ col: 1, text: clean, attr: ATTR.value }]];
    const indent = /^(\s*\S[^:]*?:\s+|\s+)/.exec(line)?.[0].length ?? 0;
    const parts = wrap(clean, cols - 2, cols - 2 - Math.min(indent, 30));
    return parts.map((text, i): DocLine => [{ col: i ? 1 + Math.min(indent, 30) : 1, text, attr: ATTR.value }]);
  });
}

/** Rows of the report viewport at this height. */
export function reportViewport(rows: number): number {
  return docViewport(rows, REPORT_FIRST_ROW);
}

/** Model → Grid for 5=Display of a channel or procedure. */
export function renderReport(title: string, lines: string[], top: number, ctx: ViewContext): Grid {
  return renderDoc(ctx, 'notify-display', title, (cols) => reportDoc(lines, cols), top, REPORT_FIRST_ROW);
}
