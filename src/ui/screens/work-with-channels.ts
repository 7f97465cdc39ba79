// Work with Channels: where notifications go, their last notification and failures; options 2 4 5 8, F6 Create.
// 8=Test sends in the background: the screen stays live and the result comes on the message line.
import type { ChannelRow } from '../../core/notify-service.js';
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { notifyViewport, renderChannels } from '../render-notify.js';
import { error, info, type Outcome, type Screen, type StatusLine, type ViewContext } from '../screen.js';
import { Listed } from './listed.js';
import { NotifyDisplay } from './notify-display.js';
import { channelCreate, channelEditor } from './notify-editors.js';

/** Controller of Work with Channels: the list is re-read whenever the screen is on top again. */
export class WorkWithChannels extends Listed<string> implements Screen {
  readonly id = 'work-with-channels' as const;
  rows: ChannelRow[] = [];
  problem: string | null = null;
  readonly list: OptionList<string>;
  /** Test results for the message line, oldest first; a key dismisses the first. */
  private readonly results: StatusLine[] = [];
  /** A result came in since the last tick: repaint. */
  private fresh = false;

  constructor(
    private readonly services: Services,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.list = new OptionList(
      () => this.rows.map((r) => r.name),
      () => notifyViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    try {
      this.rows = this.services.notify.channels();
      this.problem = null;
    } catch (err) {
      this.rows = [];
      this.problem = `Channels cannot be read: ${(err as Error).message}`;
    }
    this.list.focus(this.list.cursor);
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
    const list = { top: this.list.top, cursor: this.list.cursor, option: (i: number) => this.list.options.get(this.rows[i]!.name) };
    return renderChannels({ rows: this.rows, problem: this.problem, list }, { ...ctx, message: shown ?? ctx.message });
  }

  private test(name: string): void {
    const done = (why: string | null) => {
      this.results.push(why ? { text: `Test of ${name} FAILED: ${why}`, error: true } : { text: `Test notification sent on ${name}.`, error: false });
      this.fresh = true;
      this.resume();
    };
    this.services.notify.testChannel(name).then(done, (err: Error) => done(err.message));
  }

  /** Every typed option is checked first (one refused changes nothing), then processed top to bottom. */
  private enter(): Outcome {
    if (this.list.typed().length === 0) return (this.resume(), {});
    const plan = this.plan(this.services.readOnly, (name) => this.rows.findIndex((r) => r.name === name));
    if (!Array.isArray(plan)) return plan;
    this.list.options.clear();
    const notes: string[] = [];
    const problems: string[] = [];
    const screens: Screen[] = [];
    for (const { key: name, action } of plan) {
      if (action === 'display-channel') screens.push(new NotifyDisplay(`Display Channel ${name}`, this.services.notify.channelReport(name)));
      else if (action === 'change-channel') {
        const values = this.services.notify.channelValues(name);
        if (values) screens.push(channelEditor(this.services, values, name));
        else problems.push(`Channel ${name} no longer exists.`);
      } else if (action === 'remove-channel') {
        const r = this.services.notify.removeChannel(name);
        if (r.ok) notes.push(r.message);
        else problems.push(r.error);
      } else if (action === 'test-channel') {
        this.test(name);
        notes.push(`Testing ${name}...`);
      }
    }
    this.resume();
    const message = problems.length ? error(problems.join(' ')) : notes.length ? info(notes.join(' ')) : {};
    return { ...message, ...(screens.length ? { push: screens } : {}) };
  }
}
