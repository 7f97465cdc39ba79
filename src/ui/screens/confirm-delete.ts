// Confirm Delete of Automated Responses: the rules 4 was typed for; Enter deletes them, F12 goes back.
import type { RuleRow, Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { confirmViewport, renderConfirmDelete } from '../render-rules.js';
import { Scrolled } from './scrolled.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** Controller of the confirmation; nothing is deleted before Enter. */
export class ConfirmDelete extends Scrolled implements Screen {
  readonly id = 'confirm-delete' as const;
  protected readonly what = 'list' as const;

  constructor(
    private readonly services: Services,
    readonly rules: RuleRow[],
    readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter': {
        const gone = this.rules.filter((r) => this.services.rules.remove(r.rule.id));
        const text = gone.length === 1 ? `Rule #${gone[0]!.rule.id} deleted.` : `${gone.length} rules deleted.`;
        return { pop: true, message: { text, error: false } };
      }
      default:
        return this.page(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderConfirmDelete(this.rules, this.top, ctx);
  }

  protected length(): number {
    return this.rules.length;
  }

  protected viewport(): number {
    return confirmViewport(this.cols, this.rows);
  }
}
