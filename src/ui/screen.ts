// The contract between the navigator and the screen controllers (small state + methods, no I/O of their own).
import type { Grid } from './grid.js';
import type { Keymap } from './keymap.js';
import type { ScreenId } from './screen-spec.js';

/** Text for the message line (row 24); errors show white on red. */
export interface StatusLine {
  text: string;
  error: boolean;
}

/** Everything a render function may use besides the screen's own model: size, clock, legend page. */
export interface ViewContext {
  cols: number;
  rows: number;
  /** Epoch ms from services.now(), so goldens are stable. */
  now: number;
  hostName: string;
  keymap: Keymap;
  /** Which set of keys the bottom lines show (F24 cycles). */
  legendPage: number;
  message: StatusLine | null;
  /** The cursor is in a text field of a screen that also has plain-key alternatives (Screen.inTextField). */
  inTextField?: boolean;
}

/** What a controller wants after a command: a message, screens to open one after another, back, or exit. */
export interface Outcome {
  message?: StatusLine;
  /** Opened in order: leaving the first (F12/Enter) opens the second, and so on. */
  push?: Screen[];
  pop?: boolean;
  /** This screen closes and these open in its place (a search prompt giving way to its list). */
  replace?: Screen[];
  exit?: boolean;
}

/** A screen controller: owns its model, runs commands from the key map, renders through a pure function. */
export interface Screen {
  readonly id: ScreenId;
  /** Runs a binding id (`enter`, `page-down`, `attributes`…); ids it does not know return undefined. */
  command(id: string): Outcome | undefined;
  /** A printable character typed into the field under the cursor; false when no field takes it. */
  type(ch: string): Outcome | false;
  /** An editing key no binding claims (left, right, backspace, delete, home, end); false when unused. */
  edit?(key: string): Outcome | false;
  /**
   * True while the cursor rests in a text field of a screen that also has option fields or plain-key alternatives
   * (the console's header, the reply field of Message Details): every character types there, and the editing keys
   * edit the field before any binding sees them.
   */
  inTextField?(): boolean;
  /** The terminal size changed (also called once before the first render). */
  resize(cols: number, rows: number): void;
  render(ctx: ViewContext): Grid;
  /** The screen is on top again after the one above it closed: re-read what may have changed. */
  resume?(): void;
  /**
   * Called about every 500 ms; true when the model changed and the screen should be repainted, or an outcome when
   * something that ran in the background ended (a rule test's report opens).
   */
  tick?(): boolean | Outcome;
}

/** Error message helper so controllers read as intent. */
export function error(text: string): Outcome {
  return { message: { text, error: true } };
}

/** Informational message helper. */
export function info(text: string): Outcome {
  return { message: { text, error: false } };
}
