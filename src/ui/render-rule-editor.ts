// Pure render of the rule editor: rule header, tab bar, the tab's labelled fields (or the Fields tab's
// condition rows), and what the form keeps as written. Input fields are underlined, as on a 5250.
import { formatDateTime } from '../core/time.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, frame, putMore } from './render.js';
import { CONDITION_CELLS, CONDITION_ROWS, TABS, TESTS, tabFields, type ConditionCell, type FormValues, type TabId } from './rule-form.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const SPEC = SPECS['rule-editor'];
const LABEL_WIDTH = 26;
const VALUE_COL = LABEL_WIDTH + 2;
/** Grid row of the first field (title, rule, blank, tabs, instructions, blank). */
export const EDITOR_FIRST_ROW = 6;

/** Create, change (both save on Enter) or display (nothing can be typed). */
export type EditorMode = 'create' | 'change' | 'display';

/** What the editor renderer reads. */
export interface EditorView {
  mode: EditorMode;
  tab: TabId;
  values: FormValues;
  kept: Partial<Record<TabId, string>>;
  locked: readonly TabId[];
  /** Field with the cursor and the character position in it; null in display mode. */
  focus: { key: string; pos: number } | null;
  rule: { id: number | null; hits: number; lastHit: number | null };
}

/** A field placed on the grid. */
interface Placed {
  key: string;
  row: number;
  col: number;
  width: number;
}

/** `Description . . . . . .` padded to the label column, dots on alternate columns as on IBM prompts. */
export function dotted(label: string, width = LABEL_WIDTH): string {
  let s = `${label} `;
  if (s.length % 2 === 0) s += ' ';
  while (s.length < width) s += '. ';
  return s.slice(0, width);
}

/** Where each condition cell sits: field, test and value from the left, the three Y/N flags at the right. */
export function conditionColumns(cols: number): Record<ConditionCell, { x: number; w: number; heading: string }> {
  return {
    field: { x: 1, w: 16, heading: 'Field' },
    test: { x: 18, w: 5, heading: 'Test' },
    value: { x: 24, w: cols - 24 - 19, heading: 'Value' },
    not: { x: cols - 18, w: 1, heading: 'Not' },
    case: { x: cols - 14, w: 1, heading: 'Case' },
    missing: { x: cols - 9, w: 1, heading: 'Missing' },
  };
}

function placeFields(tab: TabId, cols: number): Placed[] {
  if (tab === 'fields') {
    const cc = conditionColumns(cols);
    return Array.from({ length: CONDITION_ROWS }, (_, r) =>
      CONDITION_CELLS.map((cell) => ({
        key: `c${r}.${cell}`,
        row: EDITOR_FIRST_ROW + 1 + r,
        col: cc[cell].x + (cc[cell].w === 1 ? 1 : 0),
        width: cc[cell].w,
      })),
    ).flat();
  }
  return tabFields(tab).map((f, i) => ({ key: f.key, row: EDITOR_FIRST_ROW + i, col: VALUE_COL, width: Math.min(f.width ?? f.max, cols - VALUE_COL - 1) }));
}

function header(g: Grid, v: EditorView): void {
  g.put(1, 1, 'Rule . . . . . . :', ATTR.data);
  g.put(1, 21, v.rule.id === null ? 'New' : `#${v.rule.id}`, ATTR.value);
  if (v.rule.id === null) return;
  g.put(1, 37, 'Hits . . . . . . :', ATTR.data);
  g.put(1, 57, v.rule.hits.toLocaleString('en-US'), ATTR.value);
  if (v.rule.lastHit === null) return;
  const { date, time } = formatDateTime(v.rule.lastHit);
  g.put(2, 37, 'Last hit . . . . :', ATTR.data);
  g.put(2, 57, `${date} ${time}`, ATTR.value);
}

function tabBar(g: Grid, v: EditorView): void {
  let col = 1;
  for (const t of TABS) {
    const current = t.id === v.tab;
    g.put(3, col, ` ${t.label} `, current ? { ...ATTR.value, bold: true, reverse: true } : ATTR.value);
    col += t.label.length + 4;
  }
  const instructions = v.mode === 'display' ? 'Press Enter to return.' : (SPEC.instructions ?? '');
  g.put(4, 1, instructions, ATTR.instruction);
}

/** Draws one input field's window onto its value; returns the cursor column when it has the cursor. */
function putField(g: Grid, p: Placed, v: EditorView): number | null {
  const value = sanitizeForTerminal(v.values[p.key] ?? '');
  const focused = v.focus?.key === p.key;
  const pos = focused ? v.focus!.pos : 0;
  const offset = Math.max(0, pos - p.width + 1);
  const shown = [...value].slice(offset, offset + p.width).join('');
  if (v.mode === 'display') g.put(p.row, p.col, shown, ATTR.value);
  else g.put(p.row, p.col, shown.padEnd(p.width), ATTR.field);
  return focused ? p.col + pos - offset : null;
}

/** Model → Grid for the rule editor. */
export function renderRuleEditor(v: EditorView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.titles?.[v.mode] ?? SPEC.title);
  header(g, v);
  tabBar(g, v);
  let next = EDITOR_FIRST_ROW;
  g.cursor = null;
  if (!v.locked.includes(v.tab)) {
    const placed = placeFields(v.tab, g.cols);
    if (v.tab === 'fields') {
      for (const [, c] of Object.entries(conditionColumns(g.cols))) g.put(EDITOR_FIRST_ROW, c.x, c.heading, ATTR.heading);
      const help = `Tests: ${TESTS.map((t) => t.code).join(' ')} (F4 explains). Y in Not negates the test, in Case ignores case, in Missing lets a message without the field pass.`;
      next = EDITOR_FIRST_ROW + CONDITION_ROWS + 2;
      for (const line of wrap(help, g.cols - 2)) g.put(next++, 1, line, ATTR.instruction);
    } else {
      tabFields(v.tab).forEach((f, i) => {
        const row = EDITOR_FIRST_ROW + i;
        g.put(row, 1, dotted(f.label), ATTR.data);
        const p = placed[i]!;
        const hintCol = p.col + p.width + 2;
        if (f.hint && hintCol + f.hint.length <= g.cols - 1) g.put(row, hintCol, f.hint, ATTR.instruction);
      });
      next = EDITOR_FIRST_ROW + placed.length;
    }
    for (const p of placed) {
      const col = putField(g, p, v);
      if (col !== null) g.cursor = { row: p.row, col };
    }
    next++;
  }
  const note = v.kept[v.tab];
  if (note) for (const line of wrap(note, g.cols - 2)) if (next <= bodyEnd(g)) g.put(next++, 1, line, ATTR.value);
  putMore(g, false);
  return g;
}
