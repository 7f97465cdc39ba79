// Drawing of the list screens held in memory (Work with Rules, Select Value, Confirm Delete): headings from
// the screen spec, one row per item with an underlined Opt field, the cursor in the Opt field of its row.
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Attr, fitWidth, type Grid } from './grid.js';
import { optionLegend } from './render.js';
import type { PlacedColumn, ScreenId } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

/** One list row: cell text by column id, and its colour. */
export interface ListRow {
  cells: Record<string, string>;
  attr: Attr;
}

/** Which part of the list to draw and the typed options. */
export interface ListPlacement {
  top: number;
  /** Row index with the cursor, or null for a list without input (Confirm Delete). */
  cursor: number | null;
  option(index: number): string | undefined;
}

/** The blue instruction line(s) and, when the screen has options, their legend; returns the next free row. */
export function putInstructions(g: Grid, ctx: ViewContext, screen: ScreenId, instructions: string | undefined, row: number): number {
  let r = row;
  for (const line of instructions ? wrap(instructions, g.cols - 2) : []) g.put(r++, 1, line, ATTR.instruction);
  const legend = optionLegend(ctx.keymap, screen);
  if (legend) g.put(r++, 3, legend, ATTR.instruction);
  return r;
}

/** Headings on `head`, rows from `head + 1` to `last`; returns whether rows remain below. */
export function drawList(g: Grid, cols: PlacedColumn[], rows: ListRow[], head: number, last: number, at: ListPlacement): boolean {
  for (const c of cols) g.put(head, c.x, c.heading.slice(0, c.w), ATTR.heading);
  g.cursor = null;
  for (let r = head + 1, i = at.top; r <= last && i < rows.length; r++, i++) {
    const row = rows[i]!;
    for (const c of cols) {
      if (c.id === 'opt') {
        if (at.cursor !== null) g.put(r, c.x + 1, at.option(i) ?? '_', { ...row.attr, underline: true });
        else g.put(r, c.x + 1, at.option(i) ?? '', row.attr);
        continue;
      }
      const text = fitWidth(sanitizeForTerminal(row.cells[c.id] ?? ''), c.w);
      if (c.align === 'right') g.putRight(r, c.x + c.w, text, row.attr);
      else g.put(r, c.x, text, row.attr);
    }
    if (i === at.cursor) g.cursor = { row: r, col: (cols.find((c) => c.id === 'opt')?.x ?? 0) + 1 };
  }
  return at.top + (last - head) < rows.length;
}
