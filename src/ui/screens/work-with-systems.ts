// Work with Systems: each monitored system's collector state, sources, lag and last message, read again every
// second; options 5=Display, 8=Test connection (in the background), 9=Restart collector.
import type { Services, SystemsOverview, SystemView } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, refusal, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { MIN_ROWS } from '../render.js';
import { renderSystems, systemsViewport } from '../render-systems.js';
import { error, info, type Outcome, type Screen, type StatusLine, type ViewContext } from '../screen.js';
import { ConnectionTests, LiveTicks } from './connection-tests.js';
import { SystemDetails } from './system-details.js';

/** Why an option may not apply to a system (key map `whyDisabled`): not reached over SSH, no sources. */
function states(s: SystemView): string[] {
  return [...(s.address === null ? ['no-connection'] : []), ...(s.sources.length ? [] : ['no-sources'])];
}

/** Controller of Work with Systems. */
export class WorkWithSystems implements Screen {
  readonly id = 'work-with-systems' as const;
  overview: SystemsOverview = { systems: [], collectorPid: null };
  problem: string | null = null;
  readonly list: OptionList<string>;
  readonly tests: ConnectionTests;
  private readonly live: LiveTicks;
  private height = MIN_ROWS;
  /** A test result that came in by itself; shown on the message line until the next key. */
  private note: StatusLine | null = null;

  constructor(
    private readonly services: Services,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    this.tests = new ConnectionTests(services.systems, services.now);
    this.live = new LiveTicks(this.tests);
    this.list = new OptionList(
      () => this.overview.systems.map((s) => s.name),
      () => systemsViewport(this.height),
    );
    this.resume();
  }

  resume(): void {
    try {
      this.overview = this.services.systems.overview();
      this.problem = null;
    } catch (err) {
      this.overview = { systems: [], collectorPid: null };
      this.problem = `Systems cannot be read: ${(err as Error).message}`;
    }
    this.list.focus(this.list.cursor);
  }

  resize(_cols: number, rows: number): void {
    this.height = Math.max(rows, MIN_ROWS);
    this.list.focus(this.list.cursor);
  }

  /** Every second a fresh read (states, countdowns, lag); at once when a connection test ends. */
  tick(): boolean {
    const unseen = this.tests.takeUnseen();
    if (unseen) this.note = unseen;
    return this.live.tick(() => this.resume());
  }

  type(ch: string): Outcome | false {
    this.note = null;
    return this.list.type(ch);
  }

  command(id: string): Outcome | undefined {
    this.note = null;
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
    const list = { top: this.list.top, cursor: this.list.cursor, option: (i: number) => this.list.options.get(this.overview.systems[i]!.name) };
    return renderSystems({ overview: this.overview, problem: this.problem, list }, { ...ctx, message: this.note ?? ctx.message });
  }

  /** Every typed option is checked first (one refused changes nothing), then processed top to bottom. */
  private enter(): Outcome {
    const typed = this.list.typed();
    if (typed.length === 0) return (this.resume(), {});
    const plan: { system: SystemView; action: string }[] = [];
    for (const [name, opt] of typed) {
      const system = this.overview.systems.find((s) => s.name === name)!;
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, this.services.readOnly, states(system)) : `Option ${opt} not valid for this screen.`;
      if (why) {
        this.list.focus(this.overview.systems.indexOf(system));
        return error(why);
      }
      plan.push({ system, action: b!.id });
    }
    this.list.options.clear();
    const notes: string[] = [];
    const problems: string[] = [];
    const screens: Screen[] = [];
    for (const { system, action } of plan) {
      const name = system.name;
      if (action === 'display-system') screens.push(new SystemDetails(this.services, name, this.tests, this.keymap));
      else if (action === 'test-system') {
        this.tests.start(name);
        notes.push(`Testing the connection to ${name}...`);
      } else if (action === 'restart-collector') {
        const r = this.services.systems.restart(name);
        if (r.ok) notes.push(`Restart of ${name} asked of the collector (pid ${r.pid}).`);
        else problems.push(`Cannot restart ${name}: ${r.reason}`);
      }
    }
    this.resume();
    const message = problems.length ? error(problems.join(' ')) : notes.length ? info(notes.join(' ')) : {};
    return { ...message, ...(screens.length ? { push: screens } : {}) };
  }
}
