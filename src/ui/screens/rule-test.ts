// Test Automated Response (F10 in the editor, 8=Test on Work with Rules): a dry run's report, scrolled.
import type { RuleTestReport } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { MIN_COLS, MIN_ROWS } from '../render.js';
import { renderRuleTest, ruleTestDoc, ruleTestViewport, type RuleTestView } from '../render-rule-test.js';
import { scroll } from '../scroll.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** Controller of the dry-run report; Enter or F12 goes back. */
export class RuleTestScreen implements Screen {
  readonly id = 'rule-test' as const;
  top = 0;
  private cols = MIN_COLS;
  private rows = MIN_ROWS;

  constructor(readonly report: RuleTestReport, readonly subject: string, readonly keymap: Keymap = DEFAULT_KEYMAP) {}

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
      case 'enter': return { pop: true };
      case 'page-down':
      case 'page-up': {
        const to = scroll(this.top, ruleTestViewport(this.rows), ruleTestDoc(this.view(), this.cols).length, id, 'text');
        if (typeof to !== 'number') return to;
        this.top = to;
        return {};
      }
      default: return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    return renderRuleTest(this.view(), ctx);
  }

  private view(): RuleTestView {
    return { report: this.report, subject: this.subject, top: this.top };
  }
}
