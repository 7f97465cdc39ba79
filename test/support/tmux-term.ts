// msgmon in a real terminal: a tmux session per console, keys typed with send-keys, the screen read with capture-pane.
import { afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, tempHome } from './cli.js';

export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

const started: string[] = [];
afterAll(() => {
  for (const name of started) {
    try {
      tmux('kill-session', '-t', name);
    } catch {
      /* already gone */
    }
  }
});

/** A msgmon process in a tmux pane: its keys, its screen and waits on both. */
export interface TmuxTerm {
  session: string;
  /** The msgmon home the process runs on (`HOME_DIR/h` unless given). */
  home: string;
  screen(): string;
  keys(...k: string[]): void;
  wait(pred: (s: string) => boolean, what: string, ms?: number): Promise<string>;
  /** Where the shell writes msgmon's exit code when it ends. */
  exitFile: string;
  /** The exit code msgmon left, once it has exited (within 10 s). */
  exited(): Promise<string>;
}

/** Starts `msgmon ARGS` in a new tmux session of the given size on `home` (default: a new one); stopped after the file's tests. */
export function startTerm(
  name: string,
  cols: number,
  rows: number,
  args: string,
  env: Record<string, string> = {},
  home = path.join(tempHome(), 'h'),
): TmuxTerm {
  const session = `msgmon-${name}-${process.pid}`;
  started.push(session);
  const exitFile = path.join(tempHome(), `exit-code-${name}`);
  // In the command itself: tmux sets TERM in a new pane after applying `-e`.
  const envArgs = Object.entries({ NCURSES_NO_UTF8_ACS: '1', TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env }).map(([k, v]) => `${k}=${v}`);
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    String(cols),
    '-y',
    String(rows),
    `env ${envArgs.join(' ')} ${process.execPath} ${CLI} --home ${home} ${args}; echo $? > ${exitFile}; sleep 60`,
  );
  const screen = () => tmux('capture-pane', '-p', '-t', session);
  return {
    session,
    home,
    exitFile,
    screen,
    keys: (...k: string[]) => void tmux('send-keys', '-t', session, ...k),
    async wait(pred, what, ms = 30_000) {
      const end = Date.now() + ms;
      for (;;) {
        const s = screen();
        if (pred(s)) return s;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async exited() {
      const end = Date.now() + 10_000;
      while (!fs.existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      return fs.readFileSync(exitFile, 'utf8').trim();
    },
  };
}

/** The console's "Messages . . :" count on a captured screen. */
export const consoleCount = (s: string): number => Number(/Messages \. \. :\s+([\d,]+)/.exec(s)?.[1]?.replace(/,/g, '') ?? Number.NaN);
