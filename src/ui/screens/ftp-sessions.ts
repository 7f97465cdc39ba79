// FTP Sessions: the sessions newest first with their summaries; 5=Display messages, 4=Remove messages.
import type { Services } from '../../core/services.js';
import type { SessionSummary } from '../../core/sessions.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, refusal, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { MIN_ROWS } from '../render.js';
import { renderSessions, sessionsViewport } from '../render-sessions.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { ConfirmRemoveSessions } from './confirm-remove-session.js';
import { SessionMessages } from './session-messages.js';

/** How many sessions the list holds (newest first); older ones: msgmon sessions --since. */
export const SESSION_LIST_LIMIT = 1000;

/** Controller of FTP Sessions: the list is re-read when new messages arrive and when it is on top again. */
export class FtpSessions implements Screen {
  readonly id = 'ftp-sessions' as const;
  rows: SessionSummary[] = [];
  readonly list: OptionList<string>;
  private height = MIN_ROWS;
  private seenLastId = -1;

  constructor(private readonly services: Services, private readonly keymap: Keymap = DEFAULT_KEYMAP) {
    this.list = new OptionList(() => this.rows.map((r) => r.id), () => sessionsViewport(this.height));
    this.resume();
  }

  resume(): void {
    this.seenLastId = this.services.messages.lastId();
    this.rows = this.services.sessions.list({}, SESSION_LIST_LIMIT);
    this.list.focus(this.list.cursor);
  }

  /** Live: a new message may start, change or end a session. */
  tick(): boolean {
    if (this.services.messages.lastId() === this.seenLastId) return false;
    const at = this.rows[this.list.cursor]?.id;
    this.resume();
    const i = this.rows.findIndex((r) => r.id === at);
    if (i >= 0) this.list.focus(i);
    return true;
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
      case 'enter': return this.enter();
      case 'refresh': this.resume(); return {};
      default: return this.list.command(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderSessions({ rows: this.rows, list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(this.rows[i]!.id) } }, ctx);
  }

  /** Every typed option is checked first (one refused changes nothing); 4s stay typed until confirmed. */
  private enter(): Outcome {
    const typed = this.list.typed();
    if (typed.length === 0) return (this.resume(), {});
    const plan: { row: SessionSummary; action: string }[] = [];
    for (const [id, opt] of typed) {
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, this.services.readOnly) : `Option ${opt} not valid for this screen.`;
      if (why) {
        this.list.focus(this.rows.findIndex((r) => r.id === id));
        return error(why);
      }
      plan.push({ row: this.rows.find((r) => r.id === id)!, action: b!.id });
    }
    const screens: Screen[] = [];
    const removes = plan.filter((p) => p.action === 'remove-session').map((p) => p.row);
    const blank = () => removes.forEach((r) => this.list.options.delete(r.id));
    if (removes.length) screens.push(new ConfirmRemoveSessions(this.services, removes, blank, this.keymap));
    for (const p of plan) {
      if (p.action !== 'display-session') continue;
      this.list.options.delete(p.row.id);
      screens.push(new SessionMessages(this.services, p.row.id, this.keymap));
    }
    return { push: screens };
  }
}
