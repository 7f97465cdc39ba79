// Paints a ui Grid into blessed's screen buffer cell by cell; blessed's diffing then writes only changes.
import type { Widgets } from 'blessed';
import type { Attr, Color, Grid } from '../ui/grid.js';

// Bright variants: 5250 green-screen colours are the high-intensity ones, and dark blue is unreadable on
// black. blessed reduces them for 8-colour terminals.
const FG: Record<Color, number> = { green: 10, white: 15, blue: 12, red: 9, yellow: 11, turquoise: 14, pink: 13 };
const BG: Record<Color, number> = { green: 2, white: 7, blue: 4, red: 1, yellow: 3, turquoise: 6, pink: 5 };
const DEFAULT = 0x1ff;

/** blessed's packed cell attribute `flags << 18 | fg << 9 | bg` for a Grid attribute. */
export function blessedAttr(a: Attr, mono: boolean): number {
  let flags = (a.bold ? 1 : 0) | (a.underline ? 2 : 0) | (a.blink ? 4 : 0) | (a.reverse ? 8 : 0);
  if (mono) {
    // NO_COLOR: what colour said must survive as an attribute: errors reverse, severe rows bold underline,
    // rows a rule coloured underlined (reverse and blink highlights stay as they are).
    if (a.bg) flags |= 8;
    else if (a.fg === 'red') flags |= 1 | 2;
    else if (a.marked) flags |= 2;
    return (flags << 18) | (DEFAULT << 9) | DEFAULT;
  }
  return (flags << 18) | (FG[a.fg] << 9) | (a.bg ? BG[a.bg] : DEFAULT);
}

type BufferLine = [number, string][] & { dirty?: boolean };

/**
 * True when the screen must be monochrome: NO_COLOR asks for it (set and not empty, per no-color.org), or the
 * terminal is a DEC VT (vt100, vt220…), which has no colours.
 */
export function wantsMono(env: NodeJS.ProcessEnv): boolean {
  return (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || /^vt\d/.test(env.TERM ?? '');
}

/** Copies the grid into the screen buffer (clipped to the terminal), renders, and places the cursor. */
export function paintGrid(screen: Widgets.Screen, grid: Grid, mono: boolean): void {
  const lines = (screen as unknown as { lines: BufferLine[] }).lines;
  const blank = blessedAttr({ fg: 'green' }, mono);
  for (let y = 0; y < lines.length; y++) {
    const line = lines[y]!;
    for (let x = 0; x < line.length; x++) {
      const cell = y < grid.rows && x < grid.cols ? grid.cells[y]![x]! : undefined;
      const attr = cell ? blessedAttr(cell.attr, mono) : blank;
      // The right half of a wide character: blessed (fullUnicode) steps over it after drawing the character.
      const ch = cell && cell.ch !== '' ? cell.ch : ' ';
      const old = line[x]!;
      if (old[0] !== attr || old[1] !== ch) {
        line[x] = [attr, ch];
        line.dirty = true;
      }
    }
  }
  screen.render();
  const c = grid.cursor;
  const program = screen.program;
  if (c && c.row < lines.length && c.col < (lines[0]?.length ?? 0)) {
    program.cup(c.row, c.col);
    program.showCursor();
  } else {
    program.hideCursor();
  }
}
