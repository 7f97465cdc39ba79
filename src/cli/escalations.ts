// `msgmon escalations add|list|show|remove`: escalation procedures (steps after N minutes without
// acknowledgement, their channels, repeats, business hours); `msgmon defer` pauses one for a message.
import fs from 'node:fs';
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { checkProcedure, parseChannels, parseProcedures, type ProcedureConfig } from '../notify/channel-schema.js';
import { describeStep, parseStep } from '../notify/step-spec.js';
import { NotifyTables } from '../store/notify-tables.js';
import type { CliContext } from './context.js';
import { print, printJson, printTable } from './output.js';
import { procedureUsers } from './notify-refs.js';

const collect = (v: string, prev: string[]) => [...prev, v];

function proceduresOf(c: CliContext): ProcedureConfig[] {
  return parseProcedures(c.config.data.escalations, c.config.file);
}

/** Registers escalations. */
export function registerEscalations(program: Command, ctx: () => CliContext): void {
  const cmd = program
    .command('escalations')
    .description('escalation procedures: who is told next while nobody acknowledges a message')
    .addHelpText('after', '\nExamples:\n  msgmon escalations add oncall --step 0:mail-ops --step 15:sms-oncall:every=10,times=3\n  msgmon escalations list');

  cmd
    .command('add')
    .description('add an escalation procedure (its channels must exist)')
    .argument('<name>')
    .option('--step <spec>', 'MINUTES:CHANNEL[,CHANNEL][:every=M,times=N;hours=08:00-18:00,mon,tue@ZONE] (repeatable, in order)', collect, [])
    .option('--description <text>')
    .option('--file <json>', 'the procedure as JSON ({"steps": [...]})')
    .option('--replace', 'replace a procedure of that name')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon escalations add oncall --step 0:mail-ops --step 15:sms-oncall:every=10,times=3
  msgmon escalations add office --step 0:mail-ops:hours=08:00-18:00,mon,tue,wed,thu,fri@Europe/Berlin
  msgmon escalations add night --step 0:mail-ops --step 30:pager:every=15,times=2;hours=18:00-08:00
A rule starts it (actions.escalate); acknowledging the message (console option 7, msgmon ack) stops it;
msgmon defer ID --minutes N pauses it. Steps count minutes from the message's arrival.`,
    )
    .action((name: string, o: { step: string[]; description?: string; file?: string; replace?: boolean; json?: boolean }) => {
      const c = ctx();
      let raw: unknown;
      if (o.file) {
        try {
          raw = { ...(JSON.parse(fs.readFileSync(o.file, 'utf8')) as object), name };
        } catch (err) {
          throw new UserError(`cannot read procedure file ${o.file}: ${(err as Error).message}`);
        }
      } else {
        if (!o.step.length) throw new UsageError('give at least one --step MINUTES:CHANNEL (or --file F)');
        raw = { name, ...(o.description ? { description: o.description } : {}), steps: o.step.map(parseStep) };
      }
      const p = checkProcedure(raw);
      const channels = parseChannels(c.config.data.channels, c.config.file).map((x) => x.name);
      const missing = [...new Set(p.steps.flatMap((s) => s.channels))].filter((ch) => !channels.includes(ch));
      if (missing.length)
        throw new UserError(`no channel ${missing.join(', ')}: create it first (msgmon channels add ${missing[0]} --type …); nothing was changed`);
      const replaced = c.config.update((cfg) => {
        const i = cfg.escalations.findIndex((x) => x.name === name);
        if (i >= 0 && !o.replace) throw new UserError(`escalation procedure ${name} exists; nothing was changed (add --replace to replace it)`);
        if (i >= 0) cfg.escalations[i] = p;
        else cfg.escalations.push(p);
        return i >= 0;
      });
      if (o.json) return printJson(p);
      print(`Escalation procedure ${name} ${replaced ? 'replaced' : 'added'}:\n${p.steps.map((s, i) => `  ${describeStep(s, i)}`).join('\n')}\n`);
    });

  cmd
    .command('list')
    .description('the escalation procedures and their steps')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon escalations list\n  msgmon escalations list --json')
    .action((o: { json?: boolean }) => {
      const list = proceduresOf(ctx());
      if (o.json) return printJson(list);
      if (!list.length) return void print('No escalation procedures. Add one: msgmon escalations add NAME --step 0:CHANNEL …\n');
      printTable(
        ['Name', 'Steps'],
        list.map((p) => [p.name, p.steps.map((s, i) => describeStep(s, i)).join(' | ')]),
      );
    });

  cmd
    .command('show')
    .description('one procedure: its steps, the rules that start it, and its escalations in progress')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon escalations show oncall')
    .action((name: string, o: { json?: boolean }) => {
      const c = ctx();
      const p = proceduresOf(c).find((x) => x.name === name);
      if (!p) throw new UserError(`no escalation procedure ${name} (msgmon escalations list shows them)`);
      const runs = new NotifyTables(c.store.db).escalations(200).filter((e) => e.procedure === name);
      const users = procedureUsers(c, name);
      if (o.json) return printJson({ procedure: p, startedBy: users, escalations: runs });
      print(
        `Escalation procedure ${name}\n${p.steps.map((s, i) => `  step ${describeStep(s, i)}`).join('\n')}\n  started by ${users.join(', ') || 'no rule yet'}\n`,
      );
      if (runs.length)
        printTable(
          ['Message', 'State', 'Next step', 'Due (UTC)', 'Reason'],
          runs.map((e) => [
            e.messageId,
            e.state,
            e.state === 'active' ? e.step + 1 : '-',
            new Date(e.due).toISOString().slice(0, 19).replace('T', ' '),
            e.reason ?? '',
          ]),
        );
    });

  cmd
    .command('remove')
    .description('remove a procedure (refused while a rule starts it)')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon escalations remove oncall')
    .action((name: string, o: { json?: boolean }) => {
      const c = ctx();
      if (!proceduresOf(c).some((x) => x.name === name)) throw new UserError(`no escalation procedure ${name}`);
      const users = procedureUsers(c, name);
      if (users.length) throw new UserError(`escalation procedure ${name} is started by ${users.join(', ')}: change those first; nothing was changed`);
      c.config.update((cfg) => {
        cfg.escalations = cfg.escalations.filter((x) => x.name !== name);
      });
      if (o.json) return printJson({ removed: name });
      print(`Escalation procedure ${name} removed.\n`);
    });
}
