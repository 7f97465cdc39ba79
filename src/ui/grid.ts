// A screen as rows × cols of cells: what every render function produces and the blessed adapter paints.

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

/** One character position on the screen. */
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

// Cells must be exactly one terminal column wide: wide (CJK, emoji), zero-width, combining and bidi
// control characters would shift everything after them (or reorder the line), so they become '?'.
const UNSAFE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists combining marks on purpose (they are unsafe alone)
  /[\x00-\x1f\x7f-\x9f\u0300-\u036f\u1100-\u115f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe00-\ufe0f\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

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

  /** Writes text from (row, col), clipping at the right edge; returns the column after the text. */
  put(row: number, col: number, text: string, attr: Attr = ATTR.data): number {
    if (row < 0 || row >= this.rows) return col;
    let c = col;
    for (const cp of text) {
      if (c >= this.cols) break;
      if (c >= 0) this.cells[row]![c] = { ch: cp.length > 1 || UNSAFE.test(cp) ? '?' : cp, attr };
      c++;
    }
    return c;
  }

  /** Writes text right-aligned so that it ends just before column `end`. */
  putRight(row: number, end: number, text: string, attr: Attr = ATTR.data): void {
    this.put(row, end - [...text].length, text, attr);
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
