// Work with Channels: where notifications go, their last notification and failures; options 2 4 5 8, F6 Create.
// 8=Test sends in the background: the screen stays live and the result comes on the message line.
import type { ChannelRow } from '../../core/notify-service.js';
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { renderChannels } from '../render-notify.js';
import type { Outcome, Screen, StatusLine, ViewContext } from '../screen.js';
import { NotifyDisplay } from './notify-display.js';
import { channelCreate, channelEditor } from './notify-editors.js';
import { NotifyList, type OptionResults } from './notify-list.js';

/** Controller of Work with Channels: the list is re-read whenever the screen is on top again. */
export class WorkWithChannels extends NotifyList<ChannelRow> implements Screen {
  readonly id = 'work-with-channels' as const;
  /** Test results for the message line, oldest first; a key dismisses the first. */
  private readonly results: StatusLine[] = [];
  /** A result came in since the last tick: repaint. */
  private fresh = false;

  constructor(services: Services, keymap: Keymap = DEFAULT_KEYMAP) {
    super(services, keymap, () => services.notify.channels(), 'Channels');
  }

  /** A finished test shows on the message line (and its notification in the list). */
  tick(): boolean {
    const fresh = this.fresh;
    this.fresh = false;
    return fresh;
  }

  command(id: string): Outcome | undefined {
    this.results.shift();
    switch (id) {
      case 'enter':
        return this.enter();
      case 'refresh':
        this.resume();
        return {};
      case 'create-channel':
        return { push: [channelCreate(this.services)] };
      default:
        return this.list.command(id);
    }
  }

  render(ctx: ViewContext): Grid {
    const shown = this.results[0];
    return renderChannels({ rows: this.rows, problem: this.problem, list: this.listView() }, { ...ctx, message: shown ?? ctx.message });
  }

  private test(name: string): void {
    const done = (why: string | null) => {
      this.results.push(why ? { text: `Test of ${name} FAILED: ${why}`, error: true } : { text: `Test notification sent on ${name}.`, error: false });
      this.fresh = true;
      this.resume();
    };
    this.services.notify.testChannel(name).then(done, (err: Error) => done(err.message));
  }

  protected apply(name: string, action: string, out: OptionResults): void {
    if (action === 'display-channel') out.screens.push(new NotifyDisplay(`Display Channel ${name}`, this.services.notify.channelReport(name)));
    else if (action === 'change-channel') {
      const values = this.services.notify.channelValues(name);
      if (values) out.screens.push(channelEditor(this.services, values, name));
      else out.problems.push(`Channel ${name} no longer exists.`);
    } else if (action === 'remove-channel') {
      const r = this.services.notify.removeChannel(name);
      if (r.ok) out.notes.push(r.message);
      else out.problems.push(r.error);
    } else if (action === 'test-channel') {
      this.test(name);
      out.notes.push(`Testing ${name}...`);
    }
  }
}
