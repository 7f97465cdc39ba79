// Message Details: one message with its catalog help, scrolled with Page Down, F8 to its attributes.
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { detailsDoc, detailsViewport, renderDetails, REPLY_WIDTH, type DetailsView } from '../render-details.js';
import { Scrolled } from './scrolled.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { MessageAttributes } from './message-attributes.js';
import { recordReply } from './reply-inquiry.js';
import { TextField } from '../text-field.js';

/** Opens the message list of a session (F10); given by the opener so Details and that list need not import each other. */
export type SessionOpener = (sessionId: string) => Screen;

/** Controller for Message Details; reads the message once when opened and again on resume. */
export class MessageDetails extends Scrolled implements Screen {
  readonly id = 'message-details' as const;
  message: DetailsView['message'] = null;
  help: DetailsView['help'] = null;
  history: DetailsView['history'];
  inquiry: DetailsView['inquiry'] = null;
  /** The reply field of an inquiry not yet answered (Enter with a reply typed records it). */
  readonly reply = new TextField('Reply', REPLY_WIDTH);
  protected readonly what = 'text' as const;

  constructor(
    private readonly services: Services,
    readonly messageId: number,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
    private readonly openSession?: SessionOpener,
  ) {
    super();
    this.resume();
  }

  resume(): void {
    this.message = this.services.messages.get(this.messageId);
    this.help = this.message ? this.services.catalog.help(this.message.msgId) : null;
    this.history = this.message ? this.services.messages.history?.(this.messageId) : undefined;
    this.inquiry = this.message?.inquiry ? (this.services.messages.inquiry?.(this.messageId) ?? null) : null;
  }

  /** An inquiry nobody answered or acknowledged yet takes a reply here. */
  inTextField(): boolean {
    return !!this.inquiry && this.inquiry.reply === null && this.message?.ack === null && !this.services.readOnly;
  }

  override type(ch?: string): Outcome | false {
    return this.inTextField() && ch !== undefined ? this.reply.type(ch) : false;
  }

  edit(key: string): Outcome | false {
    return this.inTextField() ? this.reply.edit(key) : false;
  }

  resize(cols: number, rows: number): void {
    // Keep the reader's place (on the page that holds it) rather than jumping back to the top.
    const top = this.top;
    super.resize(cols, rows);
    const page = this.viewport();
    this.top = Math.min(top, Math.max(0, Math.floor((this.length() - 1) / page) * page));
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter': {
        if (!this.inTextField() || !this.reply.value.trim()) return { pop: true };
        const r = recordReply(this.services, this.messageId, this.reply.value);
        return 'error' in r && typeof r.error === 'string' ? error(r.error) : (r as Outcome);
      }
      case 'attributes':
        return { push: [new MessageAttributes(this.services, this.messageId, this.keymap)] };
      case 'show-session': {
        const session = this.message?.session;
        if (!session) return error('The message is not part of a session.');
        return this.openSession ? { push: [this.openSession(session)] } : error('F10 is not available here.');
      }
      default:
        return this.page(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderDetails(this.view(), ctx);
  }

  protected length(): number {
    return detailsDoc(this.view(), this.cols).length;
  }

  protected viewport(): number {
    return detailsViewport(this.rows);
  }

  private view(): DetailsView {
    return {
      id: this.messageId,
      message: this.message,
      help: this.help,
      top: this.top,
      history: this.history,
      inquiry: this.inquiry,
      reply: this.inTextField() ? this.reply : null,
    };
  }
}
