// Opens the console screens on a context's store (the blessed adapter is loaded only when needed).
import type { CliContext } from './context.js';
import { UserError } from '../core/errors.js';

/** Runs the console until F3; returns its exit code. */
export async function openConsole(ctx: CliContext): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the console needs a terminal; use msgmon messages or msgmon log for text output');
  }
  const { runConsole } = await import('../tui/run-console.js');
  const code = await runConsole(ctx.services());
  if (code !== 0) process.exitCode = code;
}
