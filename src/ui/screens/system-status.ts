// System Status (main menu): the status probe's newest sample of every system, read again every 2 seconds.
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { renderSystemStatus, statusDoc, statusViewport, type StatusScreenView } from '../render-system-status.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';
import { Scrolled } from './scrolled.js';

/** Samples shown in a sparkline. */
const TREND = 40;
/** Ticks (about 500 ms each) between two reads of the store. */
const REFRESH_TICKS = 4;

/** Controller of System Status; Enter or F12 goes back. */
export class SystemStatus extends Scrolled implements Screen {
  readonly id = 'system-status' as const;
  protected readonly what = 'text' as const;
  private view: StatusScreenView = { systems: [], thresholds: [], now: 0, top: 0 };
  private ticks = 0;

  constructor(
    private readonly services: Services,
    readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.resume();
  }

  resume(): void {
    const st = this.services.status;
    const systems = (st?.latest() ?? []).map((sample) => ({
      sample,
      cpuTrend: st!.recent(sample.system, 'cpu', TREND),
      memTrend: st!.recent(sample.system, 'mem', TREND),
    }));
    this.view = { systems, thresholds: st?.thresholds() ?? [], now: this.services.now(), top: this.top };
    this.top = Math.min(this.top, Math.max(0, this.length() - 1));
  }

  resize(cols: number, rows: number): void {
    const top = this.top;
    super.resize(cols, rows);
    this.top = Math.min(top, Math.max(0, this.length() - 1));
  }

  tick(): boolean {
    if (++this.ticks % REFRESH_TICKS !== 0) return false;
    this.resume();
    return true;
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
    return renderSystemStatus({ ...this.view, now: this.services.now(), top: this.top }, ctx);
  }

  protected length(): number {
    return statusDoc(this.view, this.cols).length;
  }

  protected viewport(): number {
    return statusViewport(this.rows);
  }
}
