// Confirm Remove of Session Messages: the sessions 4 was typed for; Enter takes their messages off the
// console (the Activity Log keeps them), F12 goes back with the choices kept.
import type { Services } from '../../core/services.js';
import type { SessionSummary } from '../../core/sessions.js';
import { needsComment, type Message } from '../../core/types.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { confirmRemoveViewport, renderConfirmRemove } from '../render-sessions.js';
import { Scrolled } from './scrolled.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Controller of the confirmation; nothing is removed before Enter. */
export class ConfirmRemoveSessions extends Scrolled implements Screen {
  readonly id = 'confirm-remove-session' as const;
  protected readonly what = 'list' as const;

  /** `onDone` runs after the removal (the list blanks its 4s then; F12 keeps them). */
  constructor(
    private readonly services: Services,
    readonly sessions: SessionSummary[],
    private readonly onDone: () => void,
    readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
  }

  /** The session's messages still on the console. */
  private onConsole(s: SessionSummary): Message[] {
    return this.services.sessions.messages(s.id).filter((m) => m.console === 'shown' && m.ack === null);
  }

  command(id: string): Outcome | undefined {
    if (id !== 'enter') return this.page(id);
    const all = this.sessions.flatMap((s) => this.onConsole(s));
    // A message a rule marked requireComment is removed one by one with its comment (4 on the console).
    const held = all.filter((m) => needsComment(m)).length;
    const ids = all.filter((m) => !needsComment(m)).map((m) => m.id);
    const removed = this.services.messages.act(ids, 'remove').length;
    const kept = ids.length - removed;
    const text =
      `${plural(removed, 'message', 'messages')} of ${plural(this.sessions.length, 'session', 'sessions')} removed from the console.` +
      (kept ? ` ${plural(kept, 'inquiry stays', 'inquiries stay')} until acknowledged.` : '') +
      (held ? ` ${plural(held, 'message needs', 'messages need')} a comment: 4 on the console asks for it.` : '');
    this.onDone();
    return { pop: true, message: { text, error: false } };
  }

  render(ctx: ViewContext): Grid {
    return renderConfirmRemove(this.sessions, (s) => this.onConsole(s).length, this.top, ctx);
  }

  protected length(): number {
    return this.sessions.length;
  }

  protected viewport(): number {
    return confirmRemoveViewport(this.cols, this.rows);
  }
}
