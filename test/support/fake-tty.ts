// A fake terminal for the blessed adapter: PassThrough streams that look like a TTY, rendered by @xterm/headless.
import { PassThrough } from 'node:stream';
import xterm from '@xterm/headless';

/** Input/output streams blessed accepts as a terminal, plus the emulator that shows what it drew. */
export interface FakeTty {
  input: PassThrough;
  output: PassThrough;
  term: InstanceType<typeof xterm.Terminal>;
  /** Everything written to the terminal, for checks on raw escape sequences. */
  written: () => string;
  /** Waits until blessed's output has been parsed by the emulator. */
  settle: (ms?: number) => Promise<void>;
  /** The emulator's screen as text, trailing spaces trimmed. */
  text: () => string[];
  /** Sends keys as a terminal would. */
  send: (s: string) => Promise<void>;
}

/** Creates the fake terminal at a size. */
export function fakeTty(cols = 80, rows = 24): FakeTty {
  const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: false }) as PassThrough & { isRaw: boolean; setRawMode?: unknown };
  input.setRawMode = (raw: boolean) => {
    input.isRaw = raw;
    return input;
  };
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: cols, rows });
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  let all = '';
  let pending: Promise<void> = Promise.resolve();
  output.on('data', (d: Buffer) => {
    const s = d.toString('utf8');
    all += s;
    pending = new Promise((resolve) => term.write(s, resolve));
  });
  // Waits at least `ms`, then until output has been quiet for 20 ms (a loaded machine may be slow).
  const settle = async (ms = 30) => {
    await new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 100; i++) {
      const seen = all.length;
      await pending;
      await new Promise((r) => setTimeout(r, 20));
      if (all.length === seen) break;
    }
    await pending;
  };
  const text = () => {
    const buf = term.buffer.active;
    return Array.from({ length: rows }, (_, y) => buf.getLine(y)?.translateToString(true).trimEnd() ?? '');
  };
  const send = async (s: string) => {
    input.write(s);
    await settle();
  };
  return { input, output, term, written: () => all, settle, text, send };
}
