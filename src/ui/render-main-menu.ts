// Pure render of the main menu: numbered entries from screens/main-menu.json and the selection field (5250 style).
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, frame, putDateTime } from './render.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';

/** What the renderer reads from the menu controller. */
export interface MainMenuView {
  selection: string;
}

const SPEC = SPECS['main-menu'];
const FIELD = 2;

/** The entries of the menu, in the order the spec lists them. */
export function menuEntries(): { option: number; label: string; opens: string }[] {
  return SPEC.menu ?? [];
}

/** Model → Grid: entries from row 4, the selection field two rows above the legend with the cursor in it. */
export function renderMainMenu(v: MainMenuView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putDateTime(g, ctx, 1);
  g.put(2, 1, SPEC.instructions ?? 'Select one of the following:', ATTR.data);
  const fieldRow = bodyEnd(g);
  menuEntries()
    .slice(0, Math.max(0, fieldRow - 2 - 4))
    .forEach((e, i) => {
      g.put(4 + i, 5, `${String(e.option).padStart(2)}. ${e.label}`, ATTR.data);
    });
  g.put(fieldRow - 1, 1, 'Selection', ATTR.data);
  g.put(fieldRow, 1, '===>', ATTR.data);
  g.put(fieldRow, 6, v.selection.padEnd(FIELD, '_'), ATTR.field);
  g.cursor = { row: fieldRow, col: 6 + Math.min(v.selection.length, FIELD - 1) };
  return g;
}
