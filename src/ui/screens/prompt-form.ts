// A prompt screen (F21 subset, Activity Log search): fields typed in place, Enter hands the values to the screen
// that opened it, which says what is wrong or takes them; F12 leaves nothing changed.
import type { Grid } from '../grid.js';
import { renderPrompt, type PromptField } from '../render-prompt.js';
import type { ScreenId } from '../screen-spec.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { TextField } from '../text-field.js';

/** What Enter does with the values: an error text keeps the prompt open, an Outcome closes or continues. */
export type PromptApply = (values: Record<string, string>) => { error: string; field?: string } | Outcome;

/** Controller of a prompt: one text field per prompt field, and which has the focus. */
export class PromptForm implements Screen {
  focus = 0;
  private readonly inputs: TextField[];

  constructor(
    readonly id: ScreenId,
    readonly fields: readonly PromptField[],
    initial: Record<string, string>,
    private readonly apply: PromptApply,
    readonly note?: string,
    /** Instead of the spec's title (a prompt that creates or changes: `Create Channel`). */
    readonly title?: string,
  ) {
    this.inputs = fields.map((f) => new TextField(f.label, f.width, initial[f.key] ?? ''));
  }

  /** The values typed, by field key. */
  get values(): Record<string, string> {
    return Object.fromEntries(this.fields.map((f, i) => [f.key, this.inputs[i]!.value]));
  }

  /** The cursor's position in the focused field. */
  get pos(): number {
    return this.input().pos;
  }

  private input(): TextField {
    return this.inputs[this.focus]!;
  }

  resize(): void {}

  type(ch: string): Outcome | false {
    return this.input().type(ch);
  }

  edit(key: string): Outcome | false {
    return this.input().edit(key);
  }

  command(id: string): Outcome | undefined {
    const n = this.fields.length;
    switch (id) {
      case 'next-field':
      case 'prev-field':
        this.focus = (this.focus + (id === 'next-field' ? 1 : n - 1)) % n;
        this.input().toEnd();
        return {};
      case 'erase-field':
        this.input().set('');
        return {};
      case 'enter': {
        const r = this.apply(this.values);
        if ('error' in r && typeof r.error === 'string') {
          const at = this.fields.findIndex((f) => f.key === (r as { field?: string }).field);
          if (at >= 0) (this.focus = at), this.input().toEnd();
          return error(r.error);
        }
        return r as Outcome;
      }
      default:
        return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    return renderPrompt(this, ctx);
  }
}
