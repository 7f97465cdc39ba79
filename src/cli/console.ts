// Opens the console screens on a context's store (the blessed adapter is loaded only when needed).
import type { CliContext } from './context.js';
import { UserError } from '../core/errors.js';
import { backgroundRetention } from './log-prune.js';
import { terminalRefusal } from '../tui/terminal-check.js';
import { servicesOf } from './services-of.js';

/** Runs the console until F3; returns its exit code. */
export async function openConsole(ctx: CliContext): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the console needs a terminal; use msgmon messages or msgmon log for text output');
  }
  const refused = terminalRefusal(process.env.TERM);
  if (refused) throw new UserError(refused);
  const { runConsole } = await import('../tui/run-console.js');
  // Retention prunes between paints; what it has to say waits until the screen is given back.
  const notes: string[] = [];
  const retention = backgroundRetention(ctx, (s) => notes.push(s), true);
  // Its first pass waits until the first screen is up: nothing on that screen needs it.
  const later = setTimeout(() => retention?.start(), 1000);
  const code = await runConsole(servicesOf(ctx)).finally(() => {
    clearTimeout(later);
    retention?.stop();
  });
  for (const n of notes.filter((t) => !t.startsWith('retention: pruned'))) process.stderr.write(`msgmon: ${n}\n`);
  if (code !== 0) process.exitCode = code;
}
