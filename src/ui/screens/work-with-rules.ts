// Work with Automated Responses: the rules in sequence order with their hits; options 2 3 4 5 8 9, F6 Create.
import type { RuleRow, Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, refusal, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { MIN_ROWS } from '../render.js';
import { renderRules, rulesViewport } from '../render-rules.js';
import { error, info, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { ConfirmDelete } from './confirm-delete.js';
import { RuleEditor } from './rule-editor.js';
import { RuleTestScreen } from './rule-test.js';

/** Controller of Work with Rules: the list is re-read whenever the screen is on top again. */
export class WorkWithRules implements Screen {
  readonly id = 'work-with-rules' as const;
  rows: RuleRow[] = [];
  problem: string | null = null;
  readonly list: OptionList<number>;
  private height = MIN_ROWS;

  constructor(
    private readonly services: Services,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    this.list = new OptionList(
      () => this.rows.map((r) => r.rule.id),
      () => rulesViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    try {
      this.rows = this.services.rules.list();
      this.problem = null;
    } catch (err) {
      this.rows = [];
      this.problem = `Rules cannot be read: ${(err as Error).message}`;
    }
    this.list.focus(this.list.cursor);
  }

  resize(_cols: number, rows: number): void {
    this.height = Math.max(rows, MIN_ROWS);
    this.list.focus(this.list.cursor);
  }

  type(ch: string): Outcome | false {
    return this.list.type(ch);
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return this.enter();
      case 'refresh':
        this.resume();
        return {};
      case 'create-rule':
        return { push: [RuleEditor.create(this.services, null, this.keymap)] };
      default:
        return this.list.command(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderRules(
      {
        rows: this.rows,
        problem: this.problem,
        list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(this.rows[i]!.rule.id) },
      },
      ctx,
    );
  }

  /** Every typed option is checked first (one refused changes nothing), then processed top to bottom. */
  private enter(): Outcome {
    const typed = this.list.typed();
    if (typed.length === 0) return (this.resume(), {});
    const plan: { row: RuleRow; action: string }[] = [];
    for (const [id, opt] of typed) {
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, this.services.readOnly) : `Option ${opt} not valid for this screen.`;
      if (why) {
        this.list.focus(this.rows.findIndex((r) => r.rule.id === id));
        return error(why);
      }
      plan.push({ row: this.rows.find((r) => r.rule.id === id)!, action: b!.id });
    }
    // 4s stay typed until the deletion is confirmed: F12 on Confirm Delete returns to change them.
    for (const p of plan) if (p.action !== 'delete-rule') this.list.options.delete(p.row.rule.id);
    const notes: string[] = [];
    const screens: Screen[] = [];
    const deletes = plan.filter((p) => p.action === 'delete-rule').map((p) => p.row);
    if (deletes.length) screens.push(new ConfirmDelete(this.services, deletes, this.keymap));
    for (const { row, action } of plan) {
      const r = row.rule;
      if (action === 'toggle-rule') {
        const now = this.services.rules.setEnabled(r.id, !r.enabled);
        notes.push(now ? `Rule #${r.id} ${now.enabled ? 'enabled' : 'disabled'}.` : `Rule #${r.id} no longer exists.`);
      } else if (action === 'change-rule' || action === 'display-rule') {
        screens.push(RuleEditor.open(this.services, row, action === 'change-rule' ? 'change' : 'display', this.keymap));
      } else if (action === 'copy-rule') screens.push(RuleEditor.copy(this.services, r, this.keymap));
      else if (action === 'test-rule') {
        const t = this.services.rules.test(r);
        if (t.ok) screens.push(new RuleTestScreen(t.report, `#${r.id} "${r.description}"`, this.keymap));
        else notes.push(`Rule #${r.id} cannot be tested: ${t.problems[0]!.message}`);
      }
    }
    this.resume();
    return { ...(notes.length ? info(notes.join(' ')) : {}), ...(screens.length ? { push: screens } : {}) };
  }
}
