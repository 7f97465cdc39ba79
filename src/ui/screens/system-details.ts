// Display System (5 on Work with Systems): one system in full, read again every second while shown.
import type { Services, SystemsOverview } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { renderSystemDetails, systemDetailsViewport, systemDoc, type SystemDetailsView } from '../render-system-details.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';
import { LiveTicks, type ConnectionTests } from './connection-tests.js';
import { Scrolled } from './scrolled.js';

/** Controller of Display System; Enter or F12 goes back. */
export class SystemDetails extends Scrolled implements Screen {
  readonly id = 'system-details' as const;
  protected readonly what = 'text' as const;
  private overview: SystemsOverview = { systems: [], collectorPid: null };
  private readonly live: LiveTicks;

  constructor(
    private readonly services: Services,
    readonly name: string,
    private readonly tests: ConnectionTests,
    readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.live = new LiveTicks(tests);
    this.resume();
  }

  resume(): void {
    try {
      this.overview = this.services.systems.overview();
    } catch {
      this.overview = { systems: [], collectorPid: null }; // Work with Systems names the broken file
    }
  }

  resize(cols: number, rows: number): void {
    const top = this.top;
    super.resize(cols, rows);
    this.top = Math.min(top, Math.max(0, this.length() - 1));
  }

  tick(): boolean {
    return this.live.tick(() => this.resume());
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return { pop: true };
      case 'refresh':
        this.resume();
        return {};
      default:
        return this.page(id);
    }
  }

  render(ctx: ViewContext): Grid {
    return renderSystemDetails(this.view(), ctx);
  }

  protected length(): number {
    return systemDoc(this.view(), this.cols).length;
  }

  protected viewport(): number {
    return systemDetailsViewport(this.rows);
  }

  private view(): SystemDetailsView {
    return {
      name: this.name,
      system: this.overview.systems.find((s) => s.name === this.name) ?? null,
      collectorPid: this.overview.collectorPid,
      test: this.tests.result(this.name),
      testing: this.tests.testing(this.name),
      now: this.services.now(),
      top: this.top,
    };
  }
}
