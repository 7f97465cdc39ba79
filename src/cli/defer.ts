// `msgmon defer ID… --minutes N`: snooze messages: their escalations pause until then, and who deferred them,
// when and why is recorded (ack and remove record the same).
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { operatorName } from './operator.js';
import { print, printJson } from './output.js';

/** Registers defer. */
export function registerDefer(program: Command, ctx: () => CliContext): void {
  program
    .command('defer')
    .description('snooze messages for N minutes: their escalation procedures pause until then (the operator is recorded)')
    .argument('<ids...>', 'message ids')
    .requiredOption('--minutes <n>', 'how long')
    .option('--operator <name>', 'who defers (default: $MSGMON_OPERATOR, else the login name)')
    .option('--comment <text>', 'why')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon defer 1201 --minutes 30\n  msgmon defer 1201 --minutes 120 --comment "partner restarts the job"')
    .action((args: string[], o: { minutes: string; operator?: string; comment?: string; json?: boolean }) => {
      const c = ctx();
      const minutes = Number(o.minutes);
      if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError(`--minutes '${o.minutes}' must be a number above 0`);
      const want = args.map((a) => {
        const n = Number(a);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`'${a}' is not a message id (see the ID column of msgmon messages)`);
        return n;
      });
      const missing = want.filter((id) => !c.messages.get(id));
      if (missing.length) throw new UserError(`no message with id ${missing.join(', ')}; nothing was changed`);
      const operator = operatorName(o.operator);
      const until = c.messages.defer(want, minutes, { operator, comment: o.comment ?? null });
      if (o.json) return printJson({ deferred: want, until: new Date(until).toISOString(), operator });
      print(`Deferred until ${new Date(until).toISOString().slice(0, 19).replace('T', ' ')} UTC by ${operator}: ${want.join(', ')}\n`);
    });
}
