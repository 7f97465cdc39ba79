// Cursor, page and typed options of a list held in memory (Work with Rules, Select Value): 5250 subfile
// behaviour — options survive paging and refreshes, the cursor moves over the Opt fields of the page shown.
import { scroll } from './scroll.js';
import { error, type Outcome } from './screen.js';

/** The list state; the owner says which keys the rows have and how many rows a page shows. */
export class OptionList<K> {
  /** First row shown. */
  top = 0;
  /** Row (absolute index) whose Opt field has the cursor. */
  cursor = 0;
  /** Typed options by row key. */
  readonly options = new Map<K, string>();

  constructor(
    private readonly keys: () => readonly K[],
    private readonly pageSize: () => number,
  ) {}

  /** A digit typed into the Opt field under the cursor. */
  type(ch: string): Outcome | false {
    const key = this.keys()[this.cursor];
    if (!/^\d$/.test(ch) || key === undefined) return false;
    this.options.set(key, ch);
    return {};
  }

  /** The list keys: moving between Opt fields, blanking one, paging. Undefined for other ids. */
  command(id: string): Outcome | undefined {
    const n = this.keys().length;
    const last = Math.min(n, this.top + this.pageSize()) - 1;
    switch (id) {
      case 'next-field':
        this.cursor = this.cursor >= last ? this.top : this.cursor + 1;
        return {};
      case 'prev-field':
        this.cursor = this.cursor <= this.top ? Math.max(this.top, last) : this.cursor - 1;
        return {};
      case 'clear-field': {
        const key = this.keys()[this.cursor];
        if (key !== undefined) this.options.delete(key);
        return {};
      }
      case 'page-down':
      case 'page-up': {
        if (n === 0) return error(`Already at the ${id === 'page-down' ? 'bottom' : 'top'} of the list.`);
        const to = scroll(this.top, this.pageSize(), n, id, 'list');
        if (typeof to !== 'number') return to;
        this.top = to;
        this.cursor = to;
        return {};
      }
      default:
        return undefined;
    }
  }

  /** Typed options in list order. */
  typed(): [K, string][] {
    return this.keys().flatMap((k): [K, string][] => (this.options.has(k) ? [[k, this.options.get(k)!]] : []));
  }

  /** Puts the cursor on a row (its page shown); keeps position and options valid after the list changed. */
  focus(index: number): void {
    const n = this.keys().length;
    this.cursor = Math.max(0, Math.min(index, n - 1));
    const page = Math.max(1, this.pageSize());
    if (this.cursor < this.top || this.cursor >= this.top + page) this.top = Math.floor(this.cursor / page) * page;
    if (this.top >= n) this.top = Math.max(0, Math.floor((n - 1) / page) * page);
    const keys = new Set(this.keys());
    for (const k of [...this.options.keys()]) if (!keys.has(k)) this.options.delete(k);
  }
}
