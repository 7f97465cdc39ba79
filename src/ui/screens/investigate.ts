// Investigate: a prompt for one user, client or path and a time range, then the answer `msgmon investigate`
// gives — sessions with their files and bytes, or (F11) the time line of files, failed logons and alerts;
// 5 on a session (or on an event of one) shows that session's messages. F12 on the answer goes back to the prompt.
import type { InvestigationQuery, Investigation } from '../../core/investigation.js';
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { INVESTIGATE_FIELDS, investigateQuery, querySubject } from '../investigate-query.js';
import { OptionList } from '../option-list.js';
import { investigationViewport, renderInvestigation } from '../render-investigation.js';
import { formatDateTime } from '../../core/time.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { Listed } from './listed.js';
import { PromptForm } from './prompt-form.js';
import { SessionMessages } from './session-messages.js';

const shown = (t: number) => `${formatDateTime(t).date} ${formatDateTime(t).time.slice(0, 5)}`;

const PROMPT_NOTE = 'Client: an address or a network (198.51.100.0/24). Path: wildcards (/srv/finance/*). Blank times: the whole Activity Log.';

/** The period of a query in words. */
function period(q: InvestigationQuery): string {
  if (q.since === undefined && q.until === undefined) return 'the whole Activity Log';
  if (q.until === undefined) return `from ${shown(q.since!)}`;
  if (q.since === undefined) return `until ${shown(q.until)}`;
  return `from ${shown(q.since)} to ${shown(q.until)}`;
}

/** Controller of the answer: the list rows are sessions, or events on the time line (keys are row indexes). */
export class Investigate extends Listed<number> implements Screen {
  readonly id = 'investigate' as const;
  result: Investigation;
  timeline = false;
  readonly list: OptionList<number>;

  constructor(
    private readonly services: Services,
    readonly query: InvestigationQuery,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.result = services.investigations.investigate(query);
    this.list = new OptionList(
      () => [...Array((this.timeline ? this.result.events : this.result.sessions).length).keys()],
      () => investigationViewport(this.height),
    );
  }

  /** The Investigate prompt (main menu, 6 on the Activity Log): Enter opens the answer above it. */
  static prompt(services: Services, keymap: Keymap = DEFAULT_KEYMAP, initial: Record<string, string> = {}): PromptForm {
    return new PromptForm(
      'investigate-prompt',
      INVESTIGATE_FIELDS,
      initial,
      (v) => {
        const q = investigateQuery(v, services.now());
        if ('error' in q) return q;
        return { push: [new Investigate(services, q.query, keymap)] };
      },
      PROMPT_NOTE,
    );
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return this.enter();
      case 'alt-view':
        this.timeline = !this.timeline;
        this.list.options.clear();
        this.list.top = 0;
        this.list.focus(0);
        return {};
      case 'top':
        this.list.focus(0);
        return {};
      case 'bottom':
        this.list.focus((this.timeline ? this.result.events : this.result.sessions).length - 1);
        return {};
      default:
        return this.list.command(id);
    }
  }

  /** 5 opens the session of each row typed, one after another. */
  private enter(): Outcome {
    if (this.list.typed().length === 0) return {};
    const plan = this.plan(this.services.readOnly, (i) => i);
    if (!Array.isArray(plan)) return plan;
    const sessions: string[] = [];
    for (const p of plan) {
      const session = this.timeline ? this.result.events[p.key]!.session : this.result.sessions[p.key]!.id;
      if (session === null) {
        this.list.focus(p.key);
        return error('Option 5 not allowed: the event belongs to no session.');
      }
      sessions.push(session);
    }
    this.list.options.clear();
    return { push: sessions.map((s) => new SessionMessages(this.services, s, this.keymap)) };
  }

  render(ctx: ViewContext): Grid {
    return renderInvestigation(
      {
        subject: querySubject(this.query),
        period: period(this.query),
        result: this.result,
        timeline: this.timeline,
        list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(i) },
      },
      ctx,
    );
  }
}
