// Pure render of a prompt (F21 subset, Activity Log search): labelled input fields with hints, 5250 style.
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Grid } from './grid.js';
import { frame, putDateTime } from './render.js';
import { dotted } from './render-rule-editor.js';
import { SPECS, type ScreenId } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

/** One input field of a prompt. */
export interface PromptField {
  key: string;
  label: string;
  /** Characters the field shows (and takes). */
  width: number;
  /** Blue text right of the field: what may be typed. */
  hint?: string;
}

/** What the prompt renderer reads. */
export interface PromptView {
  id: ScreenId;
  fields: readonly PromptField[];
  values: Readonly<Record<string, string>>;
  focus: number;
  pos: number;
  /** Lines under the fields (what Enter does). */
  note?: string;
  title?: string;
}

/** Grid row of the first field. */
export const PROMPT_FIRST_ROW = 5;
const LABEL_WIDTH = 30;
const VALUE_COL = LABEL_WIDTH + 2;

/** Model → Grid: title, instructions, one labelled field per row, the cursor in the focused field. */
export function renderPrompt(v: PromptView, ctx: ViewContext): Grid {
  const spec = SPECS[v.id];
  const g = frame(ctx, spec.id, v.title ?? spec.title);
  putDateTime(g, ctx, 1);
  g.put(3, 1, spec.instructions ?? 'Type choices, press Enter.', ATTR.instruction);
  v.fields.forEach((f, i) => {
    const row = PROMPT_FIRST_ROW + i;
    const width = Math.min(f.width, g.cols - VALUE_COL - 1);
    g.put(row, 1, dotted(f.label, LABEL_WIDTH), ATTR.data);
    const value = sanitizeForTerminal(v.values[f.key] ?? '');
    // A value that fits is shown whole (the cursor rests on its last character when the field is full); a longer
    // one scrolls so the cursor stays inside the field.
    const len = [...value].length;
    const offset = i === v.focus && len > width ? Math.max(0, v.pos - width + 1) : 0;
    g.put(
      row,
      VALUE_COL,
      [...value]
        .slice(offset, offset + width)
        .join('')
        .padEnd(width, ' '),
      ATTR.field,
    );
    const hintCol = VALUE_COL + width + 2;
    if (f.hint && hintCol + f.hint.length <= g.cols - 1) g.put(row, hintCol, f.hint, ATTR.instruction);
    if (i === v.focus) g.cursor = { row, col: VALUE_COL + Math.min(v.pos - offset, width - 1) };
  });
  let row = PROMPT_FIRST_ROW + v.fields.length + 1;
  for (const line of v.note ? wrap(v.note, g.cols - 2) : []) g.put(row++, 1, line, ATTR.instruction);
  return g;
}
