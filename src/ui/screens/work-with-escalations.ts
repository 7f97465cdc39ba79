// Work with Escalation Procedures: steps, escalations in progress and the rules that start each; options 2 4 5,
// F6 Create.
import type { ProcedureRow } from '../../core/notify-service.js';
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { renderProcedures } from '../render-notify.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';
import { NotifyDisplay } from './notify-display.js';
import { procedureEditor } from './notify-editors.js';
import { NotifyList, type OptionResults } from './notify-list.js';

/** Controller of Work with Escalation Procedures: the list is re-read whenever the screen is on top again. */
export class WorkWithEscalations extends NotifyList<ProcedureRow> implements Screen {
  readonly id = 'work-with-escalations' as const;

  constructor(services: Services, keymap: Keymap = DEFAULT_KEYMAP) {
    super(services, keymap, () => services.notify.procedures(), 'Escalation procedures');
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
    return renderProcedures({ rows: this.rows, problem: this.problem, list: this.listView() }, ctx);
  }

  protected apply(name: string, action: string, out: OptionResults): void {
    if (action === 'display-procedure') out.screens.push(new NotifyDisplay(`Display Escalation Procedure ${name}`, this.services.notify.procedureReport(name)));
    else if (action === 'change-procedure') {
      const values = this.services.notify.procedureValues(name);
      if (values) out.screens.push(procedureEditor(this.services, values, name));
      else out.problems.push(`Escalation procedure ${name} no longer exists.`);
    } else if (action === 'remove-procedure') {
      const r = this.services.notify.removeProcedure(name);
      if (r.ok) out.notes.push(r.message);
      else out.problems.push(r.error);
    }
  }
}
