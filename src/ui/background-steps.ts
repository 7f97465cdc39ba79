// A screen action that may take long (a rule test over 100,000 messages), run in steps: the first steps right away,
// and when it has taken more than PROGRESS_AFTER_MS the rest between key presses, its progress on the message line.

/** An action that takes longer than this shows its progress and lets the screen answer keys meanwhile. */
export const PROGRESS_AFTER_MS = 300;
/** How long one turn of steps may hold the screen before keys and painting get their turn. */
const TURN_MS = 50;

/** Runs a generator of `{done, total}` steps to its result, in the foreground first, then in turns. */
export class BackgroundSteps<T> {
  result: T | null = null;
  private done = 0;
  private total = 0;
  private moved = false;

  constructor(
    private readonly steps: Generator<{ done: number; total: number }, T>,
    private readonly now: () => number,
    /** What is running, for the message line: `Testing rule Uploads`. */
    private readonly what: string,
  ) {}

  /** Runs steps for up to `ms`; returns the result when it ended within them, else null. */
  runFor(ms = PROGRESS_AFTER_MS): T | null {
    const start = this.now();
    for (;;) {
      const r = this.steps.next();
      this.moved = true;
      if (r.done) return (this.result = r.value);
      ({ done: this.done, total: this.total } = r.value);
      if (this.now() - start > ms) return null;
    }
  }

  /** Runs the remaining steps in turns between events, until the result is there. */
  continueInBackground(): void {
    const turn = () => {
      if (this.runFor(TURN_MS) === null) setImmediate(turn);
    };
    setImmediate(turn);
  }

  /** True once after the steps moved on (the screen repaints). */
  changed(): boolean {
    const moved = this.moved;
    this.moved = false;
    return moved;
  }

  /** `Testing rule Uploads ... 40%` while it runs; null when it has ended. */
  progressLine(): string | null {
    if (this.result !== null) return null;
    const pct = this.total > 0 ? Math.min(99, Math.floor((this.done / this.total) * 100)) : 0;
    return `${this.what} ... ${pct}% (${this.done.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')} messages)`;
  }
}
