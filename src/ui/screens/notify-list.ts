// What Work with Channels and Work with Escalation Procedures share: a list of named configuration entries re-read
// whenever the screen is on top again, and typed options checked first, then processed top to bottom.
import type { Services } from '../../core/services.js';
import type { Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { notifyViewport } from '../render-notify.js';
import { error, info, type Outcome, type Screen } from '../screen.js';
import { Listed } from './listed.js';

/** What one processed option adds to Enter's answer. */
export interface OptionResults {
  notes: string[];
  problems: string[];
  screens: Screen[];
}

/** Base of the two notification lists: `read` gives the rows, `what` names them in a read failure. */
export abstract class NotifyList<R extends { name: string }> extends Listed<string> {
  rows: R[] = [];
  problem: string | null = null;
  readonly list: OptionList<string>;

  constructor(
    protected readonly services: Services,
    protected readonly keymap: Keymap,
    private readonly read: () => R[],
    private readonly what: string,
  ) {
    super();
    this.list = new OptionList(
      () => this.rows.map((r) => r.name),
      () => notifyViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    try {
      this.rows = this.read();
      this.problem = null;
    } catch (err) {
      this.rows = [];
      this.problem = `${this.what} cannot be read: ${(err as Error).message}`;
    }
    this.list.focus(this.list.cursor);
  }

  /** The list as the renderer needs it: first row shown, cursor, and the option typed on row i. */
  protected listView(): { top: number; cursor: number; option: (i: number) => string | undefined } {
    return { top: this.list.top, cursor: this.list.cursor, option: (i: number) => this.list.options.get(this.rows[i]!.name) };
  }

  /** Processes one planned option on the entry `name`. */
  protected abstract apply(name: string, action: string, out: OptionResults): void;

  /** Every typed option is checked first (one refused changes nothing), then processed top to bottom. */
  protected enter(): Outcome {
    if (this.list.typed().length === 0) return (this.resume(), {});
    const plan = this.plan(this.services.readOnly, (name) => this.rows.findIndex((r) => r.name === name));
    if (!Array.isArray(plan)) return plan;
    this.list.options.clear();
    const out: OptionResults = { notes: [], problems: [], screens: [] };
    for (const { key, action } of plan) this.apply(key, action, out);
    this.resume();
    const message = out.problems.length ? error(out.problems.join(' ')) : out.notes.length ? info(out.notes.join(' ')) : {};
    return { ...message, ...(out.screens.length ? { push: out.screens } : {}) };
  }
}
