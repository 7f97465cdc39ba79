// FTP Sessions: the sessions newest first with their summaries; 5=Display messages, 4=Remove messages.
import type { Services } from '../../core/services.js';
import type { SessionSummary } from '../../core/sessions.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { renderSessions, sessionsViewport } from '../render-sessions.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';
import { ConfirmRemoveSessions } from './confirm-remove-session.js';
import { Listed } from './listed.js';
import { SessionMessages } from './session-messages.js';

/** How many sessions the list holds (newest first); older ones: msgmon sessions --since. */
export const SESSION_LIST_LIMIT = 1000;

/** Controller of FTP Sessions: the list is re-read when new messages arrive and when it is on top again. */
export class FtpSessions extends Listed<string> implements Screen {
  readonly id = 'ftp-sessions' as const;
  rows: SessionSummary[] = [];
  readonly list: OptionList<string>;
  private seenLastId = -1;

  constructor(
    private readonly services: Services,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.list = new OptionList(
      () => this.rows.map((r) => r.id),
      () => sessionsViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    this.seenLastId = this.services.messages.lastId();
    this.rows = this.services.sessions.list({}, SESSION_LIST_LIMIT);
    this.list.focus(this.list.cursor);
  }

  /** Live: a new message may start, change or end a session; the cursor stays on its session. */
  tick(): boolean {
    if (this.services.messages.lastId() === this.seenLastId) return false;
    const at = this.rows[this.list.cursor]?.id;
    this.resume();
    const i = this.rows.findIndex((r) => r.id === at);
    if (i >= 0) this.list.focus(i);
    return true;
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return this.enter();
      case 'refresh':
        this.resume();
        return {};
      default:
        return this.list.command(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderSessions(
      { rows: this.rows, list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(this.rows[i]!.id) } },
      ctx,
    );
  }

  /** 5s open the sessions' messages one after another; 4s stay typed until the removal is confirmed. */
  private enter(): Outcome {
    if (this.list.typed().length === 0) return (this.resume(), {});
    const plan = this.plan(this.services.readOnly, (id) => this.rows.findIndex((r) => r.id === id));
    if (!Array.isArray(plan)) return plan;
    const row = (id: string) => this.rows.find((r) => r.id === id)!;
    const screens: Screen[] = [];
    const removes = plan.filter((p) => p.action === 'remove-session').map((p) => row(p.key));
    const blank = () => removes.forEach((r) => this.list.options.delete(r.id));
    if (removes.length) screens.push(new ConfirmRemoveSessions(this.services, removes, blank, this.keymap));
    for (const p of plan.filter((x) => x.action === 'display-session')) {
      this.list.options.delete(p.key);
      screens.push(new SessionMessages(this.services, p.key, this.keymap));
    }
    return { push: screens };
  }
}
