// Work with Escalation Procedures: steps, escalations in progress and the rules that start each; options 2 4 5,
// F6 Create.
import type { ProcedureRow } from '../../core/notify-service.js';
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { notifyViewport, renderProcedures } from '../render-notify.js';
import { error, info, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { Listed } from './listed.js';
import { NotifyDisplay } from './notify-display.js';
import { procedureEditor } from './notify-editors.js';

/** Controller of Work with Escalation Procedures: the list is re-read whenever the screen is on top again. */
export class WorkWithEscalations extends Listed<string> implements Screen {
  readonly id = 'work-with-escalations' as const;
  rows: ProcedureRow[] = [];
  problem: string | null = null;
  readonly list: OptionList<string>;

  constructor(
    private readonly services: Services,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.list = new OptionList(
      () => this.rows.map((r) => r.name),
      () => notifyViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    try {
      this.rows = this.services.notify.procedures();
      this.problem = null;
    } catch (err) {
      this.rows = [];
      this.problem = `Escalation procedures cannot be read: ${(err as Error).message}`;
    }
    this.list.focus(this.list.cursor);
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return this.enter();
      case 'refresh':
        this.resume();
        return {};
      case 'create-procedure':
        return { push: [procedureEditor(this.services, {}, null)] };
      default:
        return this.list.command(id);
    }
  }

  render(ctx: ViewContext): Grid {
    const list = { top: this.list.top, cursor: this.list.cursor, option: (i: number) => this.list.options.get(this.rows[i]!.name) };
    return renderProcedures({ rows: this.rows, problem: this.problem, list }, ctx);
  }

  /** Every typed option is checked first (one refused changes nothing), then processed top to bottom. */
  private enter(): Outcome {
    if (this.list.typed().length === 0) return (this.resume(), {});
    const plan = this.plan(this.services.readOnly, (name) => this.rows.findIndex((r) => r.name === name));
    if (!Array.isArray(plan)) return plan;
    this.list.options.clear();
    const notes: string[] = [];
    const problems: string[] = [];
    const screens: Screen[] = [];
    for (const { key: name, action } of plan) {
      if (action === 'display-procedure') screens.push(new NotifyDisplay(`Display Escalation Procedure ${name}`, this.services.notify.procedureReport(name)));
      else if (action === 'change-procedure') {
        const values = this.services.notify.procedureValues(name);
        if (values) screens.push(procedureEditor(this.services, values, name));
        else problems.push(`Escalation procedure ${name} no longer exists.`);
      } else if (action === 'remove-procedure') {
        const r = this.services.notify.removeProcedure(name);
        if (r.ok) notes.push(r.message);
        else problems.push(r.error);
      }
    }
    this.resume();
    const message = problems.length ? error(problems.join(' ')) : notes.length ? info(notes.join(' ')) : {};
    return { ...message, ...(screens.length ? { push: screens } : {}) };
  }
}
