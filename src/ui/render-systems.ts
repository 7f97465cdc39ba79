// Pure render of Work with Systems: whether a collector runs, then one row per system from the spec columns.
import type { SystemState, SystemsOverview, SystemView } from '../core/services.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, type Attr, type Grid } from './grid.js';
import { bodyEnd, frame, MIN_ROWS, putDateTime, putMore } from './render.js';
import { drawList, putInstructions, type ListPlacement } from './render-list.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

/** Grid row of the column headings (title, date, collector, blank, instructions, legend, blank). */
export const SYSTEMS_HEAD_ROW = 7;

/** Bytes as people read them: 0, 512 B, 1.5 KB, 12 KB, 3.4 MB, 2.0 GB. */
export function humanBytes(n: number): string {
  if (n === 0) return '0';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${u === 0 || v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** `connected`, `retrying in 12s`, `refused: host key`, `stopped`, `not collecting`. */
export function stateText(s: { state: SystemState; retryAt: number | null }, now: number): string {
  if (s.state === 'retrying') return s.retryAt === null ? 'retrying' : `retrying in ${Math.max(0, Math.ceil((s.retryAt - now) / 1000))}s`;
  if (s.state === 'refused') return 'refused: host key';
  return s.state;
}

/** The State column: a connected system with failing sources says how many. */
function systemState(s: SystemView, now: number): string {
  const errors = s.sources.filter((x) => x.detail).length;
  return s.state === 'connected' && errors ? `connected, ${errors} error${errors === 1 ? '' : 's'}` : stateText(s, now);
}

/** A refused system red (as severity 80 and up on the console), one retrying or connecting yellow, the rest green. */
export function stateAttr(state: SystemState): Attr {
  if (state === 'refused') return ATTR.severe;
  return state === 'retrying' || state === 'connecting' ? { fg: 'yellow' } : ATTR.data;
}

/** `25/11/26 11:18:21`, or blank. */
export function dateTime(t: number | null): string {
  if (t === null) return '';
  const { date, time } = formatDateTime(t);
  return `${date} ${time}`;
}

const CELLS: Record<string, (s: SystemView, now: number) => string> = {
  opt: () => '',
  system: (s) => s.name,
  state: systemState,
  sources: (s) => String(s.sources.length),
  lag: (s) => (s.lagBytes === null ? '' : humanBytes(s.lagBytes)),
  lastMessage: (s) => dateTime(s.lastMessage),
  address: (s) => s.address ?? '',
  transport: (s) => s.transport,
  detail: (s) => s.detail ?? '',
};

const SPEC = checkColumns(SPECS['work-with-systems'], Object.keys(CELLS));

/** What an empty list says: how a system gets there. */
const EMPTY = [
  '(No systems yet. To add one:',
  'msgmon hosts add NAME --host H [--user U] [--identity KEYFILE]',
  'msgmon hosts trust NAME',
  'msgmon sources add SRC --system NAME --format F --path /var/log/FILE',
  'then start the collector: msgmon collect)',
];

/** What the Work with Systems renderer reads. */
export interface SystemsView {
  overview: SystemsOverview;
  list: ListPlacement;
  /** Why the systems could not be read (a broken configuration file), or null. */
  problem: string | null;
}

/** Rows of the list at this height. */
export function systemsViewport(rows: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - SYSTEMS_HEAD_ROW;
}

/** Model → Grid for Work with Systems. */
export function renderSystems(v: SystemsView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putDateTime(g, ctx, 1);
  const pid = v.overview.collectorPid;
  g.put(2, 1, 'Collector . . :', ATTR.data);
  g.put(2, 17, pid === null ? 'not running (start it with msgmon collect)' : `msgmon collect, pid ${pid}`, ATTR.value);
  putInstructions(g, ctx, SPEC.id, SPEC.instructions, 4);
  const cols = layoutColumns(SPEC.columns, g.cols);
  const systems = v.overview.systems;
  const rows = systems.map((s) => ({ cells: Object.fromEntries(Object.entries(CELLS).map(([id, f]) => [id, f(s, ctx.now)])), attr: stateAttr(s.state) }));
  const more = drawList(g, cols, rows, SYSTEMS_HEAD_ROW, bodyEnd(g), v.list);
  if (v.problem) wrap(v.problem, g.cols - 2).forEach((text, i) => g.put(SYSTEMS_HEAD_ROW + 1 + i, 1, text, ATTR.value));
  else if (systems.length === 0) {
    EMPTY.forEach((text, i) => g.put(SYSTEMS_HEAD_ROW + 1 + i, i ? 2 : 1, text, ATTR.data));
  }
  putMore(g, more);
  return g;
}
