// Confirm Delete of Automated Responses: the rules 4 was typed for; Enter deletes them, F12 goes back.
import type { RuleRow, Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { MIN_COLS, MIN_ROWS } from '../render.js';
import { confirmViewport, renderConfirmDelete } from '../render-rules.js';
import { scroll } from '../scroll.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** Controller of the confirmation; nothing is deleted before Enter. */
export class ConfirmDelete implements Screen {
  readonly id = 'confirm-delete' as const;
  top = 0;
  private cols = MIN_COLS;
  private rows = MIN_ROWS;

  constructor(private readonly services: Services, readonly rules: RuleRow[], readonly keymap: Keymap = DEFAULT_KEYMAP) {}

  resize(cols: number, rows: number): void {
    this.cols = Math.max(cols, MIN_COLS);
    this.rows = Math.max(rows, MIN_ROWS);
    this.top = 0;
  }

  type(): false {
    return false;
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter': {
        const gone = this.rules.filter((r) => this.services.rules.remove(r.rule.id));
        const text = gone.length === 1 ? `Rule #${gone[0]!.rule.id} deleted.` : `${gone.length} rules deleted.`;
        return { pop: true, message: { text, error: false } };
      }
      case 'page-down':
      case 'page-up': {
        const to = scroll(this.top, confirmViewport(this.cols, this.rows), this.rules.length, id, 'list');
        if (typeof to !== 'number') return to;
        this.top = to;
        return {};
      }
      default: return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    return renderConfirmDelete(this.rules, this.top, ctx);
  }
}
