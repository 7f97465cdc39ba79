// Terminal types the console meets: a DEC VT gets neither colours nor the alternate screen (it has neither), and
// still shows and works the console; xterm gets both. Real blessed on a fake TTY, the bytes it writes checked.
// (TERM=dumb is refused before blessed loads: tmux-console.test.ts.)
import { describe, expect, it } from 'vitest';
import { runConsole } from '../src/tui/run-console.js';
import { fakeTty } from './support/fake-tty.js';
import { memoryServices } from './support/memory-services.js';

const F3 = '\x1bOR';
const ALT_SCREEN = '\x1b[?1049h';
// Any SGR that sets a colour: 30-37, 40-47, 90-97, 100-107, or 38;5/48;5.
const COLOUR = /\x1b\[[\d;]*\b(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5|48;5)(;[\d;]*)?m/;

/** Runs the console on TERM=term until F3; returns what it wrote and the screen it showed. */
async function session(term: string): Promise<{ written: string; screen: string[]; code: number }> {
  const tty = fakeTty(80, 24);
  const done = runConsole(memoryServices({ filler: 10 }), { input: tty.input, output: tty.output, env: { TERM: term }, tickMs: 50 });
  await tty.settle(80);
  const screen = tty.text();
  await tty.send(F3);
  const code = await done;
  return { written: tty.written(), screen, code };
}

describe('terminal types', () => {
  it('vt100 and vt220: no colours, no alternate screen, the console as usual', async () => {
    for (const term of ['vt100', 'vt220']) {
      const s = await session(term);
      expect(s.screen[0], term).toContain('Work with Messages');
      expect(s.screen.join('\n')).toContain('F3=Exit');
      expect(s.written.includes(ALT_SCREEN), `${term} alternate screen`).toBe(false);
      expect(COLOUR.exec(s.written)?.[0], `${term} colour`).toBeUndefined();
      expect(s.code).toBe(0);
    }
  });

  it('xterm-256color: colours on the alternate screen', async () => {
    const s = await session('xterm-256color');
    expect(s.screen[0]).toContain('Work with Messages');
    expect(s.written).toContain(ALT_SCREEN);
    expect(s.written).toMatch(COLOUR);
  });
});
