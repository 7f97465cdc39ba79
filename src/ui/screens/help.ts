// Help (F1): lists the bindings of the screen it was opened from; Enter or F12 goes back.
import type { Grid } from '../grid.js';
import type { Keymap } from '../keymap.js';
import { helpDoc, helpViewport, renderHelp, type HelpView } from '../render-help.js';
import type { ScreenId } from '../screen-spec.js';
import { Scrolled } from './scrolled.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** Controller for the Help screen of one target screen. */
export class HelpScreen extends Scrolled implements Screen {
  readonly id = 'help' as const;
  protected readonly what = 'text' as const;

  constructor(
    private readonly keymap: Keymap,
    readonly target: ScreenId,
    private readonly readOnly: boolean,
  ) {
    super();
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return { pop: true };
      default:
        return this.page(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderHelp(this.view(), ctx);
  }

  protected length(): number {
    return helpDoc(this.keymap, this.view(), this.cols).length;
  }

  protected viewport(): number {
    return helpViewport(this.rows);
  }

  private view(): HelpView {
    return { target: this.target, top: this.top, readOnly: this.readOnly };
  }
}
