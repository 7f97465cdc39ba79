// The blessed adapter: a screen, keys → navigator, grid → screen, a 500 ms live tick and a quick look for new
// messages between ticks. Nothing else.
import blessed, { type Widgets } from 'blessed';
import type { Services } from '../core/services.js';
import { Navigator } from '../ui/navigator.js';
import { keyName, rawFunctionKey, terminalFor } from './keys.js';
import { paintGrid, wantsMono } from './paint.js';
import { nextRefreshAt } from './refresh-gap.js';

/** Where the console runs: the process's terminal by default; tests pass PassThrough streams. */
export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Terminal type for blessed; default mapped from TERM. */
  terminal?: string;
  /** Environment for NO_COLOR and TERM; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Live refresh period; default 500 ms. */
  tickMs?: number;
  /**
   * Runs once the first screen is painted (loading what later screens need); keys typed meanwhile wait and are
   * handled, in order, when it resolves. A rejection ends the console with that error.
   */
  afterFirstPaint?: () => Promise<void>;
}

/**
 * How often the store is asked whether another process committed (SQLite's data_version, a read of shared memory):
 * a message stored by the collector is on the screen this soon, not at the next tick.
 */
const CHANGE_CHECK_MS = 50;
/**
 * Creates blessed's screen without its `tmux -V` run: inside tmux blessed starts that program synchronously to learn
 * the version, which it only uses for mouse motion and its terminal widget (neither used here), and the run cost up to
 * 60 ms before the first screen. tmux is still known to blessed afterwards (it wraps passthrough sequences for it).
 */
function withoutTmuxProbe(make: () => Widgets.Screen): Widgets.Screen {
  const tmux = process.env.TMUX;
  if (tmux === undefined) return make();
  delete process.env.TMUX;
  try {
    const screen = make();
    Object.assign(screen.program, { tmux: true, tmuxVersion: 2 });
    return screen;
  } finally {
    process.env.TMUX = tmux;
  }
}

type KeyListener = (ch: string | undefined, key: { name?: string; full?: string; code?: string } | undefined) => void;

/**
 * Runs Work with Messages until F3 (or F12 on it); resolves with exit code 0 after the terminal is
 * restored (alternate screen left, cursor shown). Rejects, also after restoring, if a screen throws.
 */
export function runConsole(services: Services, opts: ConsoleOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const screen = withoutTmuxProbe(() =>
    blessed.screen({
      input: (opts.input ?? process.stdin) as never,
      output: (opts.output ?? process.stdout) as never,
      terminal: opts.terminal ?? terminalFor(env.TERM),
      // Wide characters (CJK, emoji) take two columns: the grid leaves the cell after one empty and blessed skips it.
      fullUnicode: true,
      forceUnicode: true,
      smartCSR: true,
      warnings: false,
    }),
  );
  const mono = wantsMono(env);
  const input = screen.program.input as unknown as NodeJS.EventEmitter;
  let nav: Navigator;

  return new Promise<number>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let changeCheck: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (err: unknown, code = 0) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      clearInterval(changeCheck);
      input.removeListener('keypress', onRaw);
      screen.destroy();
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(code);
    };
    // Every entry point is guarded: an exception must not leave the terminal in raw mode on the alternate screen.
    const guard = (fn: () => void) => () => {
      try {
        fn();
        if (nav.done) finish(null, 0);
        else paintGrid(screen, nav.render(), mono);
      } catch (err) {
        finish(err);
      }
    };
    // Keys typed before afterFirstPaint is done, in order; null once keys are handled as they come.
    let held: string[] | null = opts.afterFirstPaint ? [] : null;
    const onKey = (name: string) => {
      if (held) held.push(name);
      else guard(() => nav.key(name))();
    };
    const onRaw: KeyListener = (_ch, key) => {
      const name = rawFunctionKey(key);
      if (name) onKey(name);
    };
    try {
      nav = Navigator.console(services, { cols: screen.width as number, rows: screen.height as number });
    } catch (err) {
      finish(err);
      return;
    }
    screen.program.on('keypress', ((ch, key) => {
      const name = keyName(ch, key);
      if (name) onKey(name);
    }) as KeyListener);
    input.on('keypress', onRaw);
    screen.on(
      'resize',
      guard(() => nav.resize(screen.width as number, screen.height as number)),
    );
    timer = setInterval(
      guard(() => nav.tick()),
      opts.tickMs ?? 500,
    );
    let version = services.messages.changes?.();
    let nextRefresh = 0;
    if (version !== undefined) {
      changeCheck = setInterval(() => {
        if (performance.now() < nextRefresh) return;
        let now: number | undefined;
        try {
          now = services.messages.changes?.();
        } catch (err) {
          return finish(err);
        }
        if (now === version) return;
        version = now;
        const t0 = performance.now();
        guard(() => nav.tick())();
        nextRefresh = nextRefreshAt(t0, performance.now());
      }, CHANGE_CHECK_MS);
    }
    guard(() => undefined)();
    opts.afterFirstPaint?.().then(
      () => {
        const keys = held ?? [];
        held = null;
        for (const k of keys) if (!finished) onKey(k);
      },
      (err: unknown) => finish(err),
    );
  });
}
