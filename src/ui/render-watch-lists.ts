// Pure render of Work with Watch Lists: how many entries each list holds, then one row per entry.
import { WATCH_LIST_NAMES, WATCH_LISTS, type WatchListName } from '../core/watchlists.js';
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, frame, MIN_ROWS, putDateTime, putMore } from './render.js';
import { drawList, putInstructions, type ListPlacement } from './render-list.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';

/** One entry of one list. */
export interface WatchEntryRow {
  list: WatchListName;
  entry: string;
}

const KIND: Record<(typeof WATCH_LISTS)[WatchListName], string> = { glob: 'wildcards', cidr: 'networks' };

const CELLS: Record<string, (r: WatchEntryRow) => string> = {
  opt: () => '',
  list: (r) => r.list,
  kind: (r) => KIND[WATCH_LISTS[r.list]],
  entry: (r) => r.entry,
};

const SPEC = checkColumns(SPECS['watch-lists'], Object.keys(CELLS));

/** Grid row of the column headings (the list counts, the instructions and the option legend above). */
const HEAD_ROW = 6;

/** What the Watch Lists renderer reads. */
export interface WatchListsView {
  rows: WatchEntryRow[];
  list: ListPlacement;
}

/** Rows of the list at this height. */
export function watchListsViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - HEAD_ROW;
}

/** Model → Grid: the count of every list (empty ones too) on row 2, the entries below. */
export function renderWatchLists(v: WatchListsView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putDateTime(g, ctx, 1);
  const counts = WATCH_LIST_NAMES.map((n) => `${n} ${v.rows.filter((r) => r.list === n).length}`).join('   ');
  g.put(2, 1, counts.slice(0, g.cols - 2), ATTR.value);
  const next = putInstructions(g, ctx, SPEC.id, SPEC.instructions, 3);
  const head = Math.max(HEAD_ROW, next + 1);
  const rows = v.rows.map((r) => ({ cells: Object.fromEntries(Object.entries(CELLS).map(([id, f]) => [id, f(r)])), attr: ATTR.data }));
  const more = drawList(g, layoutColumns(SPEC.columns, g.cols), rows, head, bodyEnd(g), v.list);
  if (!rows.length) g.put(head + 1, 1, '(Every list is empty: F6 adds an entry.)', ATTR.data);
  putMore(g, more);
  return g;
}
