// The Activity Log's evidence commands under `msgmon log`: verify, export, prune.
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { registerLogVerify } from './log-verify.js';
import { registerLogExport } from './log-export.js';
import { registerLogPrune } from './log-prune.js';

/** Registers the evidence subcommands on the `log` command (registerMessages must have made it). */
export function registerLogChain(program: Command, ctx: () => CliContext): void {
  const log = program.commands.find((c) => c.name() === 'log');
  if (!log) throw new Error('log command missing: registerMessages must run first');
  // log's own options (--since, --json, the filters) are parsed by log even after a subcommand's name (global
  // options like --home must work anywhere, so positional options are off): subcommands read optsWithGlobals().
  registerLogVerify(log, ctx);
  registerLogExport(log, ctx);
  registerLogPrune(log, ctx);
}
