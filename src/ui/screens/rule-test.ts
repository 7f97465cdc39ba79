// Test Automated Response (F10 in the editor, 8=Test on Work with Rules): a dry run's report, scrolled.
import type { RuleTestReport } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { renderRuleTest, ruleTestDoc, ruleTestViewport, type RuleTestView } from '../render-rule-test.js';
import { Scrolled } from './scrolled.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** Controller of the dry-run report; Enter or F12 goes back. */
export class RuleTestScreen extends Scrolled implements Screen {
  readonly id = 'rule-test' as const;
  protected readonly what = 'text' as const;

  constructor(
    readonly report: RuleTestReport,
    readonly subject: string,
    readonly keymap: Keymap = DEFAULT_KEYMAP,
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
    return renderRuleTest(this.view(), ctx);
  }

  protected length(): number {
    return ruleTestDoc(this.view(), this.cols).length;
  }

  protected viewport(): number {
    return ruleTestViewport(this.rows);
  }

  private view(): RuleTestView {
    return { report: this.report, subject: this.subject, top: this.top };
  }
}
