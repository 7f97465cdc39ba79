// Pure render of Message Attributes: every field name and value, long values (the raw line) wrapped exactly.
import type { Message } from '../core/types.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, drawDoc, frame, MIN_ROWS, optionLegend, putMore, type DocLine } from './render.js';
import { checkColumns, layoutColumns, SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { chunk } from './wrap.js';

const SPEC = checkColumns(SPECS['message-attributes'], ['opt', 'field', 'value']);

/** One row of the list: a name and its value as shown (already sanitized). */
export interface AttributeEntry {
  name: string;
  value: string;
}

/** What the attributes renderer reads. */
export interface AttributesView {
  id: number;
  message: Message | null;
  entries: AttributeEntry[];
  /** First document line shown. */
  top: number;
  /** Entry index the cursor is on. */
  cursor: number;
  options: ReadonlyMap<number, string>;
}

/** The fields in screen order: where it came from, how bad, then the format's fields, then the raw line. */
export function attributeEntries(m: Message): AttributeEntry[] {
  const pairs: [string, string][] = [
    ['system', m.system],
    ['source', m.source],
    ['session', m.session ?? '*NONE'],
    ['severity', String(m.severity)],
    ...Object.entries(m.fields).map(([k, v]): [string, string] => [k, String(v)]),
    ['raw', m.raw],
  ];
  return pairs.map(([name, value]) => ({ name: sanitizeForTerminal(name), value: sanitizeForTerminal(value) }));
}

/** Grid row of the column headings: lower when an option legend has to fit above them. */
export function headingRow(ctx: Pick<ViewContext, 'keymap'>): number {
  return optionLegend(ctx.keymap, SPEC.id) ? 7 : 4;
}

/** Rows available for the list at this height. */
export function attributesViewport(rows: number, ctx: Pick<ViewContext, 'keymap'>): number {
  return Math.max(rows, MIN_ROWS) - 5 - headingRow(ctx);
}

/** The list as document lines; `entry` marks the first line of each entry (where its Opt field is). */
export function attributesDoc(v: Pick<AttributesView, 'entries'>, cols: number): { line: DocLine; entry?: number }[] {
  const placed = layoutColumns(SPEC.columns, cols);
  const nameCol = placed.find((c) => c.id === 'field')!;
  // A field name longer than the spec's column widens it (up to 24) rather than being cut.
  const nameW = Math.min(24, Math.max(nameCol.w, ...v.entries.map((e) => e.name.length + 1)));
  const valueX = nameCol.x + nameW + 1;
  return v.entries.flatMap((e, entry) =>
    chunk(e.value, cols - valueX - 1).map((text, i) => {
      const value = { col: valueX, text, attr: ATTR.data };
      return i === 0 ? { line: [{ col: nameCol.x, text: e.name.slice(0, nameW), attr: ATTR.data }, value], entry } : { line: [value] };
    }),
  );
}

/** Model → Grid for Message Attributes. */
export function renderAttributes(v: AttributesView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  const m = v.message;
  if (!m) {
    g.put(2, 1, `Message ${v.id} is no longer in the store.`, ATTR.value);
    putMore(g, false);
    return g;
  }
  const { date, time } = formatDateTime(m.time);
  g.put(2, 1, 'Message ID . . . :', ATTR.data);
  g.put(2, 21, m.msgId, ATTR.value);
  g.put(2, 37, 'Date/time  . . . :', ATTR.data);
  g.put(2, 57, `${date} ${time}`, ATTR.value);
  const legend = optionLegend(ctx.keymap, SPEC.id);
  if (legend) {
    g.put(4, 1, SPEC.instructions ?? 'Type options, press Enter.', ATTR.instruction);
    g.put(5, 3, legend, ATTR.instruction);
  }
  const head = headingRow(ctx);
  const placed = layoutColumns(SPEC.columns, g.cols);
  const doc = attributesDoc(v, g.cols);
  const nameCol = placed.find((c) => c.id === 'field')!;
  const valueX = doc[0]?.line[1]?.col ?? nameCol.x + nameCol.w + 1;
  for (const c of placed) g.put(head, c.id === 'value' ? valueX : c.x, c.heading, ATTR.heading);
  const more = drawDoc(
    g,
    doc.map((d) => d.line),
    v.top,
    head + 1,
    bodyEnd(g),
  );
  const opt = placed.find((c) => c.id === 'opt')!;
  g.cursor = null;
  for (let r = head + 1; r <= bodyEnd(g); r++) {
    const entry = doc[v.top + r - head - 1]?.entry;
    if (entry === undefined) continue;
    g.put(r, opt.x + 1, v.options.get(entry) ?? '_', { ...ATTR.data, underline: true });
    if (entry === v.cursor) g.cursor = { row: r, col: opt.x + 1 };
  }
  putMore(g, more);
  return g;
}
