// Message Details: one message with its catalog help, scrolled with Page Down, F8 to its attributes.
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { MIN_COLS, MIN_ROWS } from '../render.js';
import { detailsDoc, detailsViewport, renderDetails, type DetailsView } from '../render-details.js';
import { scroll } from '../scroll.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';
import { MessageAttributes } from './message-attributes.js';

/** Controller for Message Details; reads the message once when opened and again on resume. */
export class MessageDetails implements Screen {
  readonly id = 'message-details' as const;
  message: DetailsView['message'] = null;
  help: DetailsView['help'] = null;
  top = 0;
  private cols = MIN_COLS;
  private rows = MIN_ROWS;

  constructor(
    private readonly services: Services,
    readonly messageId: number,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    this.resume();
  }

  resume(): void {
    this.message = this.services.messages.get(this.messageId);
    this.help = this.message ? this.services.catalog.help(this.message.msgId) : null;
  }

  resize(cols: number, rows: number): void {
    this.cols = Math.max(cols, MIN_COLS);
    this.rows = Math.max(rows, MIN_ROWS);
    this.top = Math.min(this.top, this.maxTop());
  }

  type(): false {
    return false;
  }

  command(id: string): Outcome | undefined {
    const page = detailsViewport(this.rows);
    switch (id) {
      case 'enter': return { pop: true };
      case 'attributes': return { push: [new MessageAttributes(this.services, this.messageId, this.keymap)] };
      case 'page-down':
      case 'page-up': {
        const to = scroll(this.top, page, this.length(), id, 'text');
        if (typeof to !== 'number') return to;
        this.top = to;
        return {};
      }
      default: return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    return renderDetails(this.view(), ctx);
  }

  private view(): DetailsView {
    return { id: this.messageId, message: this.message, help: this.help, top: this.top };
  }

  private length(): number {
    return detailsDoc(this.view(), this.cols).length;
  }

  private maxTop(): number {
    const page = detailsViewport(this.rows);
    return Math.max(0, Math.floor((this.length() - 1) / page) * page);
  }
}
