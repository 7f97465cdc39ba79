// A prompt screen (F21 subset, Activity Log search): fields typed in place, Enter hands the values to the screen
// that opened it, which says what is wrong or takes them; F12 leaves nothing changed.
import type { Grid } from '../grid.js';
import { renderPrompt, type PromptField } from '../render-prompt.js';
import type { ScreenId } from '../screen-spec.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';

/** What Enter does with the values: an error text keeps the prompt open, an Outcome closes or continues. */
export type PromptApply = (values: Record<string, string>) => { error: string; field?: string } | Outcome;

/** Controller of a prompt: the focused field and the character position in it. */
export class PromptForm implements Screen {
  focus = 0;
  pos = 0;
  readonly values: Record<string, string>;

  constructor(
    readonly id: ScreenId,
    readonly fields: readonly PromptField[],
    initial: Record<string, string>,
    private readonly apply: PromptApply,
    readonly note?: string,
    /** Instead of the spec's title (a prompt that creates or changes: `Create Channel`). */
    readonly title?: string,
  ) {
    this.values = Object.fromEntries(fields.map((f) => [f.key, initial[f.key] ?? '']));
    this.pos = this.value().length;
  }

  private value(): string {
    return this.values[this.fields[this.focus]!.key] ?? '';
  }

  private set(v: string): void {
    this.values[this.fields[this.focus]!.key] = v;
  }

  resize(): void {}

  type(ch: string): Outcome | false {
    const f = this.fields[this.focus]!;
    const v = [...this.value()];
    if (v.length >= f.width) return error(`${f.label}: at most ${f.width} characters.`);
    v.splice(this.pos, 0, ch);
    this.set(v.join(''));
    this.pos++;
    return {};
  }

  edit(key: string): Outcome | false {
    const v = [...this.value()];
    switch (key) {
      case 'left':
        this.pos = Math.max(0, this.pos - 1);
        return {};
      case 'right':
        this.pos = Math.min(v.length, this.pos + 1);
        return {};
      case 'home':
        this.pos = 0;
        return {};
      case 'end':
        this.pos = v.length;
        return {};
      case 'backspace':
        if (this.pos > 0) {
          v.splice(this.pos - 1, 1);
          this.pos--;
          this.set(v.join(''));
        }
        return {};
      case 'delete':
        v.splice(this.pos, 1);
        this.set(v.join(''));
        return {};
      default:
        return false;
    }
  }

  command(id: string): Outcome | undefined {
    const n = this.fields.length;
    switch (id) {
      case 'next-field':
      case 'prev-field':
        this.focus = (this.focus + (id === 'next-field' ? 1 : n - 1)) % n;
        this.pos = [...this.value()].length;
        return {};
      case 'erase-field':
        this.set('');
        this.pos = 0;
        return {};
      case 'enter': {
        const r = this.apply({ ...this.values });
        if ('error' in r && typeof r.error === 'string') {
          const at = this.fields.findIndex((f) => f.key === (r as { field?: string }).field);
          if (at >= 0) (this.focus = at), (this.pos = [...this.value()].length);
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
