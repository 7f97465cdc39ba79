// 5=Display on Work with Channels and Work with Escalation Procedures: the service's report, scrolled.
import type { Grid } from '../grid.js';
import { renderReport, reportDoc, reportViewport } from '../render-notify.js';
import { Scrolled } from './scrolled.js';
import type { Outcome, Screen, ViewContext } from '../screen.js';

/** A read-only report of one channel or procedure; Enter or F12 goes back. */
export class NotifyDisplay extends Scrolled implements Screen {
  readonly id = 'notify-display' as const;
  protected readonly what = 'text' as const;

  constructor(
    private readonly title: string,
    private readonly lines: string[],
  ) {
    super();
  }

  command(id: string): Outcome | undefined {
    return id === 'enter' ? { pop: true } : this.page(id);
  }

  render(ctx: ViewContext): Grid {
    return renderReport(this.title, this.lines, this.top, ctx);
  }

  protected length(): number {
    return reportDoc(this.lines, this.cols).length;
  }

  protected viewport(): number {
    return reportViewport(this.rows);
  }
}
