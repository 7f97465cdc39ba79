// Pure renders of Work with Automated Responses and its Confirm Delete screen: rule rows from the spec columns.
import type { RuleRow } from '../core/services.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, frame, MIN_COLS, MIN_ROWS, putMore } from './render.js';
import { drawList, putInstructions, type ListPlacement, type ListRow } from './render-list.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const CELLS: Record<string, (r: RuleRow) => string> = {
  opt: () => '',
  seq: (r) => String(r.rule.seq),
  description: (r) => r.rule.description,
  msgId: (r) => r.msgIds,
  log: (r) => (r.rule.watch ? '' : (r.rule.actions.log ?? 'Y')),
  action: (r) => r.action,
  hits: (r) => r.hits.toLocaleString('en-US'),
  lastHit: (r) => (r.lastHit === null ? '' : `${formatDateTime(r.lastHit).date} ${formatDateTime(r.lastHit).time}`),
  status: (r) => (r.rule.enabled ? 'Enabled' : 'Disabled'),
  filters: (r) => r.filters,
};

const SPEC = checkColumns(SPECS['work-with-rules'], Object.keys(CELLS));
const CONFIRM = checkColumns(SPECS['confirm-delete'], Object.keys(CELLS));
/** Grid row of the column headings of Work with Rules (title, blank, instructions, legend, blank). */
export const RULES_HEAD_ROW = 5;

/** What the Work with Rules renderer reads. */
export interface RulesView {
  rows: RuleRow[];
  list: ListPlacement;
  /** Why the rules could not be read (a broken configuration file), or null. */
  problem: string | null;
}

/** Rows of the list at this height. */
export function rulesViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - RULES_HEAD_ROW;
}

function listRows(rows: RuleRow[]): ListRow[] {
  return rows.map((r) => ({ cells: Object.fromEntries(Object.entries(CELLS).map(([id, f]) => [id, f(r)])), attr: ATTR.data }));
}

/** Model → Grid for Work with Automated Responses. */
export function renderRules(v: RulesView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putInstructions(g, ctx, SPEC.id, SPEC.instructions, 2);
  const cols = layoutColumns(SPEC.columns, g.cols);
  const more = drawList(g, cols, listRows(v.rows), RULES_HEAD_ROW, bodyEnd(g), v.list);
  if (v.problem) g.put(RULES_HEAD_ROW + 1, 1, v.problem.slice(0, g.cols - 2), ATTR.value);
  else if (v.rows.length === 0) g.put(RULES_HEAD_ROW + 1, 1, '(No automated responses. Press F6 to create one.)', ATTR.data);
  putMore(g, more);
  return g;
}

/** Model → Grid for Confirm Delete: the rules 4 was typed for, no input fields. */
export function renderConfirmDelete(rows: RuleRow[], top: number, ctx: ViewContext): Grid {
  const g = frame(ctx, CONFIRM.id, CONFIRM.title);
  const head = putInstructions(g, ctx, CONFIRM.id, CONFIRM.instructions, 2) + 1;
  const cols = layoutColumns(CONFIRM.columns, g.cols);
  putMore(g, drawList(g, cols, listRows(rows), head, bodyEnd(g), { top, cursor: null, option: () => '4' }));
  return g;
}

/** Rows of the Confirm Delete list at this width and height (its instructions wrap on narrow screens). */
export function confirmViewport(cols: number, rows: number): number {
  const lines = wrap(CONFIRM.instructions ?? '', Math.max(cols, MIN_COLS) - 2).length;
  return Math.max(rows, MIN_ROWS) - 5 - (3 + lines);
}
