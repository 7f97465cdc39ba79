// What the screens over a list held in memory share (FTP Sessions, Display Session Messages): their height,
// digits typed into the Opt fields, and options checked against the key map before any of them runs.
import { bindingForOption, refusal, type Keymap } from '../keymap.js';
import type { OptionList } from '../option-list.js';
import { MIN_ROWS } from '../render.js';
import { error, type Outcome } from '../screen.js';
import type { ScreenId } from '../screen-spec.js';

/** A typed option and the binding id it means on the screen. */
export interface PlannedOption<K> {
  key: K;
  action: string;
}

/** Base of a list screen: `list` holds cursor, page and typed options. */
export abstract class Listed<K> {
  protected height = MIN_ROWS;
  abstract readonly id: ScreenId;
  abstract readonly list: OptionList<K>;
  protected abstract readonly keymap: Keymap;

  resize(_cols: number, rows: number): void {
    this.height = Math.max(rows, MIN_ROWS);
    this.list.focus(this.list.cursor);
  }

  type(ch: string): Outcome | false {
    return this.list.type(ch);
  }

  /**
   * The typed options as binding ids, or the refusal of the first that may not run (the cursor goes to its row):
   * all are checked before any runs, so one bad option changes nothing.
   */
  protected plan(readOnly: boolean, indexOf: (key: K) => number): PlannedOption<K>[] | Outcome {
    const plan: PlannedOption<K>[] = [];
    for (const [key, opt] of this.list.typed()) {
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, readOnly) : `Option ${opt} not valid for this screen.`;
      if (why) {
        this.list.focus(indexOf(key));
        return error(why);
      }
      plan.push({ key, action: b!.id });
    }
    return plan;
  }
}
