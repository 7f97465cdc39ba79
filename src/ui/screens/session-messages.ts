// Display Session Messages: one session's summary and all its messages in the order they happened;
// 5=Details on any of them. Opened by 5 on FTP Sessions and by F10 on Message Details.
import type { Services } from '../../core/services.js';
import type { SessionSummary } from '../../core/sessions.js';
import type { ProcSample } from '../../core/status-types.js';
import type { Message } from '../../core/types.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { renderSessionMessages, sessionMessagesViewport } from '../render-sessions.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';
import { Listed } from './listed.js';
import { MessageDetails } from './message-details.js';

/** Controller of one session's message list; an active session's new messages appear as they come. */
export class SessionMessages extends Listed<number> implements Screen {
  readonly id = 'session-messages' as const;
  session: SessionSummary | null = null;
  messages: Message[] = [];
  readonly list: OptionList<number>;
  private seenLastId = -1;

  /** The server process it was opened from (System Status 5), with its numbers from the newest probe. */
  proc: ProcSample | null = null;

  constructor(
    private readonly services: Services,
    readonly sessionId: string,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
    private readonly process?: { system: string; pid: number },
  ) {
    super();
    this.list = new OptionList(
      () => this.messages.map((m) => m.id),
      () => sessionMessagesViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    this.seenLastId = this.services.messages.lastId();
    this.session = this.services.sessions.get(this.sessionId);
    this.messages = this.services.sessions.messages(this.sessionId);
    this.list.focus(this.list.cursor);
    this.readProcess();
  }

  /** The process's newest sample (null once the process is gone from it). */
  private readProcess(): void {
    const p = this.process;
    if (!p) return;
    this.proc =
      this.services.status
        ?.latest()
        .find((x) => x.system === p.system)
        ?.procs.find((x) => x.pid === p.pid) ?? null;
  }

  tick(): boolean {
    if (this.services.messages.lastId() === this.seenLastId || this.session?.end !== null) {
      if (!this.process) return false;
      // Opened from System Status: the process's numbers follow the probe even when no message comes.
      const before = JSON.stringify(this.proc);
      this.readProcess();
      return JSON.stringify(this.proc) !== before;
    }
    this.resume();
    return true;
  }

  /** Enter with 5s opens their details one after another; with nothing typed it goes back. */
  command(id: string): Outcome | undefined {
    if (id !== 'enter') return this.list.command(id);
    if (this.list.typed().length === 0) return { pop: true };
    const plan = this.plan(this.services.readOnly, (msgId) => this.messages.findIndex((m) => m.id === msgId));
    if (!Array.isArray(plan)) return plan;
    this.list.options.clear();
    const openSession = (id: string) => new SessionMessages(this.services, id, this.keymap);
    return { push: plan.map((p) => new MessageDetails(this.services, p.key, this.keymap, openSession)) };
  }

  render(ctx: ViewContext): Grid {
    return renderSessionMessages(
      {
        id: this.sessionId,
        session: this.session,
        messages: this.messages,
        process: this.process ? { pid: this.process.pid, sample: this.proc } : undefined,
        list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(this.messages[i]!.id) },
      },
      ctx,
    );
  }
}
