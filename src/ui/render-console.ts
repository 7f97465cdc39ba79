// Pure render of Work with Messages: header, option legend, column headings from the spec, data rows.
import type { MessageQuery } from '../core/services.js';
import type { Message } from '../core/types.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, type Attr, fitWidth, type Grid } from './grid.js';
import { bodyEnd, frame, optionLegend, packItems, putDateTime, putMore } from './render.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';

/** Rows taken by everything but the list on the console (header 8, More 1, legend 2, message 1). */
export const CONSOLE_HEADER_ROWS = 12;
const FIRST_DATA_ROW = 8;

/** The part of the console controller the renderer reads. */
export interface ConsoleView {
  /** The console, or the Activity Log (the same list over every message kept). */
  id: 'work-with-messages' | 'activity-log';
  query: MessageQuery;
  rows: Message[];
  options: ReadonlyMap<number, string>;
  cursor: number;
  more: boolean;
  count: number;
  alt: boolean;
  /** New messages held back while options are typed. */
  pending: number;
  /** The console's header fields as typed (HEADER_FIELDS order) and the one the cursor is in (null: the list). */
  header: readonly { value: string; pos: number }[];
  focus: number | null;
}

/**
 * The console's header fields, typed in place (Enter applies them as the subset): where each sits and how many
 * characters it shows. Text takes the rest of its row on wider terminals.
 */
export const HEADER_FIELDS = [
  { key: 'system', label: 'Systems', row: 2, col: 15, width: 9 },
  { key: 'severity', label: 'Severity', row: 2, col: 40, width: 2 },
  { key: 'user', label: 'User', row: 3, col: 15, width: 9 },
  { key: 'msgId', label: 'Msg ID', row: 3, col: 40, width: 7 },
  { key: 'text', label: 'Text', row: 3, col: 63, width: 16 },
] as const;

const field = (m: Message, name: string) => (m.fields[name] === undefined ? '' : String(m.fields[name]));

// Every column id a spec may use; the spec is checked against this list at load.
const CELLS: Record<string, (m: Message) => string> = {
  opt: () => '',
  sev: (m) => String(m.severity).padStart(2, '0'),
  // IBM's message types: an inquiry (INQ) waits for a reply (6=Reply); everything else is information.
  type: (m) => (m.inquiry ? 'INQ' : ''),
  date: (m) => formatDateTime(m.time).date,
  time: (m) => formatDateTime(m.time).time,
  system: (m) => m.system,
  source: (m) => m.source,
  msgId: (m) => m.msgId,
  user: (m) => field(m, 'user'),
  client: (m) => field(m, 'client'),
  session: (m) => m.session ?? '',
  text: (m) => m.text,
};

const SPEC_BY_ID = {
  'work-with-messages': checkColumns(SPECS['work-with-messages'], Object.keys(CELLS)),
  'activity-log': checkColumns(SPECS['activity-log'], Object.keys(CELLS)),
};

/**
 * Severity 80 and up is red (DESIGN §6), everything else ordinary green data; a rule's highlight sets the
 * colour (marked, so NO_COLOR underlines it), reverse, blink and underline; an inquiry not yet acknowledged
 * is reverse image until someone answers it with 7.
 */
export function rowAttr(m: Message): Attr {
  const base: Attr = m.severity >= 80 ? ATTR.severe : ATTR.data;
  const h = m.highlight;
  const inquiry = m.inquiry && m.ack === null;
  if (!h && !inquiry) return base;
  const attr: Attr = { ...base };
  if (h?.color) Object.assign(attr, { fg: h.color, marked: true });
  if (h?.reverse || inquiry) attr.reverse = true;
  if (h?.blink) attr.blink = true;
  if (h?.underline) attr.underline = true;
  return attr;
}

const shown = (t: number) => {
  const { date, time } = formatDateTime(t);
  return `${date} ${time}`;
};

// The console's header: input fields (Systems, Severity, User, Msg ID, Text) the operator types a subset into.
function consoleHeader(g: Grid, v: ConsoleView): void {
  g.put(2, 1, 'Systems . . :', ATTR.data);
  g.put(2, 25, 'Severity . . :', ATTR.data);
  g.put(2, 48, 'Messages . . :', ATTR.data);
  g.put(2, 63, v.count.toLocaleString('en-US').padStart(7), ATTR.value);
  g.put(3, 1, 'User  . . . :', ATTR.data);
  g.put(3, 25, 'Msg ID . . . :', ATTR.data);
  g.put(3, 48, 'Text . . . . :', ATTR.data);
  HEADER_FIELDS.forEach((f, i) => {
    const w = f.key === 'text' ? Math.max(f.width, g.cols - f.col - 1) : f.width;
    const typed = v.header[i] ?? { value: '', pos: 0 };
    const chars = [...sanitizeForTerminal(typed.value)];
    // A value longer than its field scrolls so the cursor stays inside it.
    const offset = v.focus === i && chars.length > w ? Math.max(0, typed.pos - w + 1) : 0;
    g.put(f.row, f.col, fitWidth(chars.slice(offset).join(''), w).padEnd(w, ' '), ATTR.field);
    if (v.focus === i) g.cursor = { row: f.row, col: f.col + Math.min(typed.pos - offset, w - 1) };
  });
}

function header(g: Grid, v: ConsoleView): void {
  if (v.id === 'work-with-messages') return consoleHeader(g, v);
  const systems = v.query.system ?? '*ALL';
  const sev = String(v.query.minSeverity ?? 0).padStart(2, '0');
  g.put(2, 1, 'Systems . . :', ATTR.data);
  g.put(2, 15, sanitizeForTerminal(systems).slice(0, 9), ATTR.value);
  g.put(2, 25, 'Severity . . :', ATTR.data);
  g.put(2, 40, sev, ATTR.value);
  g.put(2, 48, 'Messages . . :', ATTR.data);
  g.put(2, 63, v.count.toLocaleString('en-US').padStart(7), ATTR.value);
  // The rest of a subset (F21) on the line below, so nobody mistakes a narrowed list for the whole console.
  const more = [
    v.query.since !== undefined ? `From ${shown(v.query.since)}` : '',
    v.query.until !== undefined ? `To ${shown(v.query.until)}` : '',
    v.query.user ? `User ${v.query.user}` : '',
    v.query.client ? `Client ${v.query.client}` : '',
    v.query.session ? `Session ${v.query.session}` : '',
    v.query.msgId ? `Msg ID ${v.query.msgId}` : '',
    v.query.text ? `Text "${v.query.text}"` : '',
  ].filter(Boolean);
  if (more.length) g.put(3, 1, fitWidth(sanitizeForTerminal(`Search: ${more.join('   ')}   (F21 changes it)`), g.cols - 2), ATTR.value);
}

/** Model → Grid for the console; the cursor rests in the Opt field of the current row. */
export function renderConsole(v: ConsoleView, ctx: ViewContext): Grid {
  const SPEC = SPEC_BY_ID[v.id];
  const g = frame(ctx, SPEC.id, SPEC.title);
  putDateTime(g, ctx, 1);
  header(g, v);
  const legend = optionLegend(ctx.keymap, SPEC.id);
  if (legend) {
    g.put(4, 1, SPEC.instructions ?? 'Type options, press Enter.', ATTR.instruction);
    // A legend wider than the screen goes on over the blank row under it (4=… 9=… with 3=Defer and 6=Reply: 91 columns).
    packItems(legend.split('   '), g.cols - 4)
      .slice(0, 2)
      .forEach((line, i) => g.put(5 + i, 3, line, ATTR.instruction));
  }
  // Times alone would repeat from one day to the next: when the rows shown span days, the date is shown at any width.
  const days = new Set(v.rows.map((m) => formatDateTime(m.time).date)).size > 1;
  const cols = layoutColumns(v.alt && SPEC.altColumns ? SPEC.altColumns : SPEC.columns, g.cols, { multiDay: days });
  for (const c of cols) g.put(FIRST_DATA_ROW - 1, c.x, c.heading.slice(0, c.w), ATTR.heading);
  const last = bodyEnd(g);
  if (v.rows.length === 0) g.put(FIRST_DATA_ROW, 1, v.id === 'activity-log' ? '(No messages match the search)' : '(No messages on the console)', ATTR.data);
  v.rows.slice(0, last - FIRST_DATA_ROW + 1).forEach((m, i) => {
    const row = FIRST_DATA_ROW + i;
    const attr = rowAttr(m);
    for (const c of cols) {
      if (c.id === 'opt') {
        g.put(row, c.x + 1, v.options.get(m.id) ?? '_', { ...attr, underline: true });
        continue;
      }
      const text = fitWidth(sanitizeForTerminal(CELLS[c.id]!(m)), c.w);
      if (c.align === 'right') g.putRight(row, c.x + c.w, text, attr);
      else g.put(row, c.x, text, attr);
    }
  });
  putMore(g, v.more);
  if (!ctx.message && v.pending > 0) {
    g.put(
      g.rows - 1,
      1,
      `+${v.pending.toLocaleString('en-US')} new (the list holds still while options are typed; F5 or Enter shows them)`.slice(0, g.cols - 2),
      ATTR.info,
    );
  }
  const optCol = cols.find((c) => c.id === 'opt');
  if (v.focus === null) g.cursor = v.rows.length && optCol ? { row: FIRST_DATA_ROW + v.cursor, col: optCol.x + 1 } : null;
  return g;
}
