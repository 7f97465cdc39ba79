// Select Value (F4 in the rule editor): a list of values with 1=Select; Enter hands the picks back.
import type { RulePromptValue } from '../../core/services.js';
import { ATTR, type Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { bodyEnd, frame, MIN_ROWS, putMore } from '../render.js';
import { drawList, putInstructions } from '../render-list.js';
import { checkColumns, layoutColumns, SPECS } from '../screen-spec.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';

const SPEC = checkColumns(SPECS['select-value'], ['opt', 'value', 'text']);
const HEAD_ROW = 6;

/** Controller and render of the value list of one field. */
export class SelectValue implements Screen {
  readonly id = 'select-value' as const;
  readonly list: OptionList<number>;
  private rows = MIN_ROWS;

  constructor(
    readonly field: string,
    readonly values: RulePromptValue[],
    private readonly onPick: (picked: string[]) => void,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    this.list = new OptionList(
      () => this.values.map((_, i) => i),
      () => Math.max(1, this.rows - 5 - HEAD_ROW),
    );
  }

  resize(_cols: number, rows: number): void {
    this.rows = Math.max(rows, MIN_ROWS);
    this.list.focus(this.list.cursor);
  }

  type(ch: string): Outcome | false {
    return this.list.type(ch);
  }

  command(id: string): Outcome | undefined {
    if (id !== 'enter') return this.list.command(id);
    const typed = this.list.typed();
    for (const [i, opt] of typed) {
      if (bindingForOption(this.keymap, this.id, opt)?.id !== 'select') {
        this.list.focus(i);
        return error(`Option ${opt} not valid for this screen.`);
      }
    }
    // Nothing typed: the row under the cursor is the pick, so F4, arrows, Enter is enough.
    const picked = (typed.length ? typed.map(([i]) => i) : [this.list.cursor]).map((i) => this.values[i]?.value).filter((v): v is string => v !== undefined);
    if (picked.length) this.onPick(picked);
    return { pop: true };
  }

  render(ctx: ViewContext): Grid {
    const g = frame(ctx, SPEC.id, SPEC.title);
    g.put(2, 1, 'Field  . . . . . :', ATTR.data);
    g.put(2, 21, this.field, ATTR.value);
    putInstructions(g, ctx, SPEC.id, SPEC.instructions, 3);
    const cols = layoutColumns(SPEC.columns, g.cols);
    const rows = this.values.map((v) => ({ cells: { value: v.value, text: v.text }, attr: ATTR.data }));
    const more = drawList(g, cols, rows, HEAD_ROW, bodyEnd(g), { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(i) });
    if (!rows.length) g.put(HEAD_ROW + 1, 1, '(None seen yet: press F12 and type the value.)', ATTR.data);
    putMore(g, more);
    return g;
  }
}
