// The navigation stack: turns key names into bindings for the screen on top, F12 back, F3 exit, F1 help.
import type { Services } from '../core/services.js';
import { UnavailableError } from '../core/errors.js';
import { bindingForKey, bindingsFor, DEFAULT_KEYMAP, keyLabel, plainKey, refusal, typesText, type Keymap } from './keymap.js';
import { SPECS } from './screen-spec.js';
import { error, type Outcome, type Screen, type StatusLine } from './screen.js';
import { ATTR, Grid } from './grid.js';
import { MIN_COLS, MIN_ROWS } from './render.js';
import { HelpScreen } from './screens/help.js';
import { MainMenu } from './screens/main-menu.js';
import { WorkWithMessages } from './screens/work-with-messages.js';

interface Entry {
  screen: Screen;
  /** Screens queued behind this one (several 5/8 options typed at once): leaving it opens the next. */
  next: Screen[];
  message: StatusLine | null;
}

/** Owns the screen stack and the legend page; the adapter feeds it key names and paints `render()`. */
export class Navigator {
  private readonly stack: Entry[] = [];
  private legendPage = 0;
  /** Set when the operator left msgmon (F3 from any screen); the adapter then exits. */
  done = false;

  constructor(
    private readonly services: Services,
    root: Screen,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
    private cols = 80,
    private rows = 24,
  ) {
    this.open([root]);
  }

  /** The console as the first screen, the main menu under it (F12 goes back to it): what `msgmon` opens. */
  static console(services: Services, size?: { cols: number; rows: number }, keymap: Keymap = DEFAULT_KEYMAP): Navigator {
    const nav = new Navigator(services, new MainMenu(services, keymap), keymap, size?.cols, size?.rows);
    nav.open([new WorkWithMessages(services, keymap)]);
    return nav;
  }

  /** True when the terminal is below 80×24: only the "too small" screen shows and only F3 acts. */
  get tooSmall(): boolean {
    return this.cols < MIN_COLS || this.rows < MIN_ROWS;
  }

  /** The screen on top. */
  get current(): Screen {
    return this.stack[this.stack.length - 1]!.screen;
  }

  /** The message line of the screen on top. */
  get message(): StatusLine | null {
    return this.stack[this.stack.length - 1]?.message ?? null;
  }

  /** Handles one key name (`f3`, `enter`, `5`, `S-tab`); unbound F-keys say so on the message line. */
  key(name: string): void {
    try {
      this.handle(name);
    } catch (err) {
      // A screen whose service the store does not offer yet (PostgreSQL): said on the message line, the console goes on.
      if (!(err instanceof UnavailableError)) throw err;
      this.stack[this.stack.length - 1]!.message = { text: err.message, error: true };
    }
  }

  private handle(name: string): void {
    if (this.done) return;
    // Keys typed blind at a screen that is not shown would act on rows nobody sees: only leaving works.
    if (this.tooSmall) {
      if (bindingForKey(this.keymap, this.current.id, name)?.id === 'exit') this.done = true;
      return;
    }
    const entry = this.stack[this.stack.length - 1]!;
    entry.message = null; // like 5250's Reset: any key clears the previous message
    const screen = entry.screen;
    // In text fields every character types, even those that are plain-key alternatives elsewhere (q, ?).
    const inField = screen.inTextField?.() === true;
    if ((SPECS[screen.id].textInput || inField) && typesText(name)) return this.apply(entry, screen.type(name === 'space' ? ' ' : name) || {});
    // Backspace, Delete, Home, End edit the field the cursor is in, though the screen binds them elsewhere.
    const edited = inField && screen.edit?.(name);
    if (edited) return this.apply(entry, edited);
    const b = bindingForKey(this.keymap, screen.id, name);
    if (!b) {
      const typed = [...name].length === 1 ? screen.type(name) : (screen.edit?.(name) ?? false);
      if (typed) this.apply(entry, typed);
      else if (/^f\d+$/.test(name)) entry.message = { text: `${keyLabel(name)} not allowed on this screen.`, error: true };
      return;
    }
    const why = refusal(b, this.services.readOnly);
    if (why) return this.apply(entry, error(why));
    switch (b.id) {
      case 'exit':
        this.done = true;
        return;
      case 'more-keys':
        this.legendPage++;
        return;
      case 'help':
        return this.open([new HelpScreen(this.keymap, screen.id, this.services.readOnly)]);
      case 'cancel':
        // F12 goes back one screen and never leaves msgmon (PuTTY sends F12 for Shift+F2); neither does a stray
        // Esc (vim habit, or an escape sequence split over a slow link). Only F3 leaves.
        if (this.stack.length === 1 && entry.next.length === 0) return this.apply(entry, error(this.howToExit()));
        return this.pop();
      default:
        this.apply(entry, screen.command(b.id) ?? {});
    }
  }

  /** New terminal size: every screen on the stack re-sizes so returning to one needs no reload. */
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    for (const e of this.stack) e.screen.resize(cols, rows);
  }

  /** Live refresh of the screen on top; true when it changed. */
  tick(): boolean {
    if (this.done) return false;
    const r = this.current.tick?.() ?? false;
    if (typeof r === 'boolean') return r;
    this.apply(this.stack[this.stack.length - 1]!, r);
    return true;
  }

  /** The screen on top as a Grid (pure apart from reading the clock through services.now()). */
  render(): Grid {
    if (this.tooSmall) return this.tooSmallGrid();
    const e = this.stack[this.stack.length - 1]!;
    return e.screen.render({
      cols: this.cols,
      rows: this.rows,
      now: this.services.now(),
      hostName: this.services.hostName,
      keymap: this.keymap,
      legendPage: this.legendPage,
      message: e.message,
      inTextField: e.screen.inTextField?.() === true,
    });
  }

  private apply(entry: Entry, o: Outcome): void {
    if (o.message) entry.message = o.message;
    if (o.exit) this.done = true;
    else if (o.replace?.length && this.stack.length > 1) {
      this.stack.pop();
      this.open(o.replace);
      if (o.message) this.stack[this.stack.length - 1]!.message = o.message;
    } else if (o.pop) {
      this.pop();
      // What the closed screen did ("Rule #12 added.") is told on the screen now on top.
      const top = this.stack[this.stack.length - 1];
      if (o.message && top && top !== entry) top.message = o.message;
    } else if (o.push?.length) this.open(o.push);
  }

  private open(screens: Screen[]): void {
    const [first, ...rest] = screens;
    if (!first) return;
    first.resize(this.cols, this.rows);
    this.stack.push({ screen: first, next: rest, message: null });
    this.legendPage = 0;
  }

  private pop(): void {
    // The first screen stays on the stack so a render after exit still has something to draw.
    if (this.stack.length === 1 && this.stack[0]!.next.length === 0) {
      this.done = true;
      return;
    }
    const gone = this.stack.pop()!;
    this.legendPage = 0;
    if (gone.next.length) return this.open(gone.next);
    this.current.resume?.();
  }

  /** Below 80×24 a cropped screen would hide the legend and the message line: say so instead, centred. */
  private tooSmallGrid(): Grid {
    const g = new Grid(Math.max(1, this.cols), Math.max(1, this.rows));
    const lines = ['Terminal too small', `need ${MIN_COLS}x${MIN_ROWS}, have ${this.cols}x${this.rows}`, 'Enlarge the window, or press F3 to exit.'];
    const top = Math.max(0, Math.floor((g.rows - lines.length) / 2));
    lines.forEach((l, i) => {
      g.put(top + i, Math.max(0, Math.floor((g.cols - l.length) / 2)), l, i === 0 ? ATTR.title : ATTR.data);
    });
    return g;
  }

  private howToExit(): string {
    const exit = bindingsFor(this.keymap, this.current.id).find((b) => b.id === 'exit');
    const alt = exit && plainKey(exit);
    return exit ? `Press ${exit.label.split('=')[0]}${alt ? ` or ${keyLabel(alt)}` : ''} to exit.` : 'Press F3 to exit.';
  }
}
