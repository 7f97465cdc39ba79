// Help (F1): lists the bindings of the screen it was opened from; Enter or F12 goes back.
import type { Grid } from '../grid.js';
import type { Keymap } from '../keymap.js';
import { MIN_COLS, MIN_ROWS } from '../render.js';
import { helpDoc, helpViewport, renderHelp, type HelpView } from '../render-help.js';
import type { ScreenId } from '../screen-spec.js';
import { scroll } from '../scroll.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** Controller for the Help screen of one target screen. */
export class HelpScreen implements Screen {
  readonly id = 'help' as const;
  top = 0;
  private cols = MIN_COLS;
  private rows = MIN_ROWS;

  constructor(private readonly keymap: Keymap, readonly target: ScreenId, private readonly readOnly: boolean) {}

  resize(cols: number, rows: number): void {
    this.cols = Math.max(cols, MIN_COLS);
    this.rows = Math.max(rows, MIN_ROWS);
    this.top = 0;
  }

  type(): false {
    return false;
  }

  command(id: string): Outcome | undefined {
    const page = helpViewport(this.rows);
    switch (id) {
      case 'enter': return { pop: true };
      case 'page-down':
      case 'page-up': {
        const to = scroll(this.top, page, helpDoc(this.keymap, this.view(), this.cols).length, id, 'text');
        if (typeof to !== 'number') return to;
        this.top = to;
        return {};
      }
      default: return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    return renderHelp(this.view(), ctx);
  }

  private view(): HelpView {
    return { target: this.target, top: this.top, readOnly: this.readOnly };
  }
}
