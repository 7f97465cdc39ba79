// Display Session Messages: one session's summary and all its messages in the order they happened;
// 5=Details on any of them. Opened by 5 on FTP Sessions and by F10 on Message Details.
import type { Services } from '../../core/services.js';
import type { SessionSummary } from '../../core/sessions.js';
import type { Message } from '../../core/types.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { MIN_ROWS } from '../render.js';
import { renderSessionMessages, sessionMessagesViewport } from '../render-sessions.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { MessageDetails } from './message-details.js';

/** Controller of one session's message list; an active session's new messages appear as they come. */
export class SessionMessages implements Screen {
  readonly id = 'session-messages' as const;
  session: SessionSummary | null = null;
  messages: Message[] = [];
  readonly list: OptionList<number>;
  private height = MIN_ROWS;
  private seenLastId = -1;

  constructor(private readonly services: Services, readonly sessionId: string, private readonly keymap: Keymap = DEFAULT_KEYMAP) {
    this.list = new OptionList(() => this.messages.map((m) => m.id), () => sessionMessagesViewport(this.height));
    this.resume();
  }

  resume(): void {
    this.seenLastId = this.services.messages.lastId();
    this.session = this.services.sessions.get(this.sessionId);
    this.messages = this.services.sessions.messages(this.sessionId);
    this.list.focus(this.list.cursor);
  }

  tick(): boolean {
    if (this.services.messages.lastId() === this.seenLastId || this.session?.end !== null) return false;
    this.resume();
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
    if (id !== 'enter') return this.list.command(id);
    const typed = this.list.typed();
    if (typed.length === 0) return { pop: true };
    for (const [msgId, opt] of typed) {
      if (bindingForOption(this.keymap, this.id, opt)?.id !== 'details') {
        this.list.focus(this.messages.findIndex((m) => m.id === msgId));
        return error(`Option ${opt} not valid for this screen.`);
      }
    }
    this.list.options.clear();
    return { push: typed.map(([msgId]) => new MessageDetails(this.services, msgId, this.keymap)) };
  }

  render(ctx: ViewContext): Grid {
    return renderSessionMessages({
      id: this.sessionId, session: this.session, messages: this.messages,
      list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(this.messages[i]!.id) },
    }, ctx);
  }
}
