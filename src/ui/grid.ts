// A screen as rows × cols of cells: what every render function produces and the blessed adapter paints.
import stringWidth from 'string-width';

/** The 5250 palette; the adapter maps these to terminal colours (or drops them under NO_COLOR). */
export type Color = 'green' | 'white' | 'blue' | 'red' | 'yellow' | 'turquoise' | 'pink';

/** Display attributes of one cell; `bg` is only used for the error message line. */
export interface Attr {
  fg: Color;
  bg?: Color;
  bold?: boolean;
  reverse?: boolean;
  underline?: boolean;
  blink?: boolean;
  /** Coloured by a rule's highlight: a monochrome painter (NO_COLOR) underlines it so it still stands out. */
  marked?: boolean;
}

/** One character position on the screen; `ch` is '' in the right half of a wide character. */
export interface Cell {
  ch: string;
  attr: Attr;
}

/** Attributes used across screens, named after their 5250 meaning so renderers read like the conventions. */
export const ATTR = {
  data: { fg: 'green' },
  title: { fg: 'white', bold: true },
  heading: { fg: 'white', bold: true },
  value: { fg: 'white' },
  instruction: { fg: 'blue' },
  legend: { fg: 'blue' },
  severe: { fg: 'red', bold: true },
  field: { fg: 'green', underline: true },
  error: { fg: 'white', bg: 'red', bold: true },
  info: { fg: 'white' },
} as const satisfies Record<string, Attr>;

// Display width from a maintained library (string-width): CJK and full-width characters and most emoji take two
// columns. What has no width of its own (control, zero-width, bidi and combining characters) would shift or reorder
// everything after it, so it becomes '?'.
/** Columns one code point takes on a terminal: 1 or 2, or 0 for what the grid shows as '?'. */
export function charWidth(cp: string): number {
  const code = cp.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return 1;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  return Math.min(2, stringWidth(cp));
}

/** Columns a text takes on the grid ('?' stand-ins count one). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const cp of text) w += charWidth(cp) || 1;
  return w;
}

/** The longest start of `text` that fits in `width` columns (a wide character is never cut in half). */
export function fitWidth(text: string, width: number): string {
  let w = 0;
  let out = '';
  for (const cp of text) {
    const cw = charWidth(cp) || 1;
    if (w + cw > width) break;
    w += cw;
    out += cp;
  }
  return out;
}

const FG_CODE: Record<Color, string> = {
  green: 'g',
  white: 'w',
  blue: 'b',
  red: 'r',
  yellow: 'y',
  turquoise: 't',
  pink: 'p',
};

/** A fixed-size character grid; writes outside it are clipped, never wrapped. */
export class Grid {
  readonly cells: Cell[][];
  /** Where the terminal cursor should rest (the input field being typed in), or null to hide it. */
  cursor: { row: number; col: number } | null = null;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.cells = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ({ ch: ' ', attr: ATTR.data as Attr })));
  }

  /**
   * Writes text from (row, col), clipping at the right edge; returns the column after the text. A wide character
   * takes its cell and the next one, which holds '' (the terminal draws nothing there); one that would not fit
   * at the edge is a blank.
   */
  put(row: number, col: number, text: string, attr: Attr = ATTR.data): number {
    if (row < 0 || row >= this.rows) return col;
    const line = this.cells[row]!;
    let c = col;
    for (const cp of text) {
      if (c >= this.cols) break;
      const w = charWidth(cp);
      if (c < 0) {
        c += w || 1;
        continue;
      }
      if (w === 2 && c + 1 >= this.cols) {
        this.release(line, c);
        line[c] = { ch: ' ', attr };
        c++;
        break;
      }
      this.release(line, c);
      line[c] = { ch: w === 0 ? '?' : cp, attr };
      if (w === 2) {
        this.release(line, c + 1);
        line[c + 1] = { ch: '', attr };
      }
      c += w || 1;
    }
    return c;
  }

  /** Before a cell is overwritten: the other half of a wide character it belongs to becomes a blank. */
  private release(line: Cell[], c: number): void {
    const cell = line[c]!;
    if (cell.ch === '' && c > 0) line[c - 1] = { ...line[c - 1]!, ch: ' ' };
    else if (line[c + 1]?.ch === '' && cell.ch !== '') line[c + 1] = { ...line[c + 1]!, ch: ' ' };
  }

  /** Writes text right-aligned so that it ends just before column `end`. */
  putRight(row: number, end: number, text: string, attr: Attr = ATTR.data): void {
    this.put(row, end - displayWidth(text), text, attr);
  }

  /** Sets the attributes of a run of cells without changing their characters (row highlights). */
  paint(row: number, col: number, len: number, attr: Attr): void {
    if (row < 0 || row >= this.rows) return;
    for (let c = Math.max(0, col); c < Math.min(this.cols, col + len); c++) this.cells[row]![c]!.attr = attr;
  }

  /** The cell at (row, col); throws when outside, since callers index within the grid they made. */
  at(row: number, col: number): Cell {
    const cell = this.cells[row]?.[col];
    if (!cell) throw new RangeError(`cell ${row},${col} outside ${this.rows}x${this.cols}`);
    return cell;
  }

  /** Plain text of one row with trailing spaces trimmed. */
  line(row: number): string {
    return this.cells[row]!.map((c) => c.ch)
      .join('')
      .trimEnd();
  }

  /** The whole screen as text (one line per row, trailing spaces trimmed): golden files compare this. */
  toText(): string {
    return Array.from({ length: this.rows }, (_, r) => this.line(r)).join('\n') + '\n';
  }

  /**
   * One code per cell, so golden files catch colour regressions: the fg letter (g w b r y t p), upper case
   * when bold; `!` background colour, `#` reverse, `_` underline take precedence; blank default cells ' '.
   */
  toAttrText(): string {
    const rows = this.cells.map((row) =>
      row
        .map((c) => attrCode(c))
        .join('')
        .trimEnd(),
    );
    return rows.join('\n') + '\n';
  }
}

function attrCode(c: Cell): string {
  const a = c.attr;
  if (a.bg) return '!';
  if (a.reverse) return '#';
  if (a.underline) return '_';
  if (c.ch === ' ') return ' ';
  const code = FG_CODE[a.fg];
  return a.bold ? code.toUpperCase() : code;
}
