// What every scrolled display screen shares: its size, no typing, Page Down / Page Up over its rows.
import { MIN_COLS, MIN_ROWS } from '../render.js';
import { scroll } from '../scroll.js';
import type { Outcome } from '../screen.js';

/** Base of Help, Message Details, the rule test report and the delete confirmation. */
export abstract class Scrolled {
  top = 0;
  protected cols = MIN_COLS;
  protected rows = MIN_ROWS;

  /** How many rows the text or list has. */
  protected abstract length(): number;
  /** How many rows one page shows. */
  protected abstract viewport(): number;
  /** Named in "Already at the bottom of the …". */
  protected abstract readonly what: 'text' | 'list';

  resize(cols: number, rows: number): void {
    this.cols = Math.max(cols, MIN_COLS);
    this.rows = Math.max(rows, MIN_ROWS);
    this.top = 0;
  }

  type(_ch: string): Outcome | false {
    return false;
  }

  /** Page Down / Page Up; undefined for any other command. */
  protected page(id: string): Outcome | undefined {
    if (id !== 'page-down' && id !== 'page-up') return undefined;
    const to = scroll(this.top, this.viewport(), this.length(), id, this.what);
    if (typeof to !== 'number') return to;
    this.top = to;
    return {};
  }
}
