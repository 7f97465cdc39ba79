// System Status (main menu): the status probe's newest sample of every system, read again every 2 seconds. The
// cursor moves over the option fields of the FTP/SFTP server processes; 5 opens the process's session with its
// CPU and I/O numbers. Enter with nothing typed or F12 goes back.
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, refusal, type Keymap } from '../keymap.js';
import { type ProcRow, renderSystemStatus, statusDoc, statusViewport, type StatusScreenView } from '../render-system-status.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { Scrolled } from './scrolled.js';
import { SessionMessages } from './session-messages.js';

/** Samples shown in a sparkline. */
const TREND = 40;
/** Ticks (about 500 ms each) between two reads of the store. */
const REFRESH_TICKS = 4;

/** Controller of System Status. */
export class SystemStatus extends Scrolled implements Screen {
  readonly id = 'system-status' as const;
  protected readonly what = 'text' as const;
  private view: StatusScreenView = { systems: [], thresholds: [], now: 0, top: 0 };
  private ticks = 0;
  /** The process row whose option field has the cursor (`system:pid`), kept across refreshes while the process lives. */
  private cursor: string | null = null;
  /** Options typed per process row; they survive refreshes and paging, and go with their process. */
  private readonly options = new Map<string, string>();

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
    const rows = this.procRows();
    const keys = new Set(rows.map((r) => r.key));
    for (const k of [...this.options.keys()]) if (!keys.has(k)) this.options.delete(k);
    if (this.cursor === null || !keys.has(this.cursor)) this.cursor = this.firstOnPage(rows);
  }

  resize(cols: number, rows: number): void {
    const top = this.top;
    super.resize(cols, rows);
    this.top = Math.min(top, Math.max(0, this.length() - 1));
    this.show(this.procRows().find((r) => r.key === this.cursor));
  }

  tick(): boolean {
    if (++this.ticks % REFRESH_TICKS !== 0) return false;
    this.resume();
    return true;
  }

  /** A digit into the option field under the cursor; false when no process is listed. */
  type(ch: string): Outcome | false {
    if (!/^\d$/.test(ch) || this.cursor === null) return false;
    this.options.set(this.cursor, ch);
    return {};
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return this.enter();
      case 'refresh':
        this.resume();
        return {};
      case 'next-field':
      case 'prev-field':
        return this.move(id === 'next-field' ? 1 : -1);
      case 'clear-field':
        if (this.cursor !== null) this.options.delete(this.cursor);
        return {};
      default: {
        const out = this.page(id);
        // After paging, the cursor goes to the first process on the new page (if it shows any).
        if (out && !out.message) this.cursor = this.firstOnPage(this.procRows()) ?? this.cursor;
        return out;
      }
    }
  }

  render(ctx: ViewContext): Grid {
    return renderSystemStatus({ ...this.view, now: this.services.now(), top: this.top, cursor: this.cursor, options: this.options }, ctx);
  }

  protected length(): number {
    return statusDoc(this.view, this.cols).lines.length;
  }

  protected viewport(): number {
    return statusViewport(this.rows);
  }

  private procRows(): ProcRow[] {
    return statusDoc(this.view, this.cols).procs;
  }

  /** The first process row on the page shown, else the first of all, else null. */
  private firstOnPage(rows: ProcRow[]): string | null {
    const end = this.top + this.viewport();
    return (rows.find((r) => r.line >= this.top && r.line < end) ?? rows[0])?.key ?? null;
  }

  /** Scrolls so that the row is on the page. */
  private show(row: ProcRow | undefined): void {
    if (!row) return;
    const page = this.viewport();
    if (row.line < this.top) this.top = row.line;
    else if (row.line >= this.top + page) this.top = row.line - page + 1;
  }

  /** Down / Up: the next or previous process row (wrapping), its page shown. */
  private move(step: 1 | -1): Outcome {
    const rows = this.procRows();
    if (!rows.length) return {};
    const at = rows.findIndex((r) => r.key === this.cursor);
    const next = rows[(at + step + rows.length) % rows.length]!;
    this.cursor = next.key;
    this.show(next);
    return {};
  }

  /** 5s open the sessions of their processes one after another; every option is checked before any opens. */
  private enter(): Outcome {
    if (!this.options.size) return { pop: true };
    const rows = this.procRows().filter((r) => this.options.has(r.key));
    const screens: Screen[] = [];
    for (const r of rows) {
      const opt = this.options.get(r.key)!;
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, this.services.readOnly, r.proc.session ? [] : ['no-session']) : `Option ${opt} not valid for this screen.`;
      if (why) {
        this.cursor = r.key;
        this.show(r);
        return error(why);
      }
      screens.push(new SessionMessages(this.services, r.proc.session!, this.keymap, { system: r.system, pid: r.proc.pid }));
    }
    this.options.clear();
    return { push: screens };
  }
}
