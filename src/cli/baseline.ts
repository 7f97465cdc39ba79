// `msgmon baseline show | rebuild`: what the threat detections know as usual (first/last seen per user, client and
// user+client, logon hours, usual download volumes), learned as messages are stored; rebuilt from the Activity Log.
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';

const NAMES = ['user', 'client', 'user+client', 'hours', 'session-down', 'day-down'];

/** Registers `baseline show` and `baseline rebuild`. */
export function registerBaseline(program: Command, ctx: () => CliContext): void {
  const baseline = program.command('baseline').description('what the threat detections consider usual, learned from the Activity Log');
  baseline
    .command('show')
    .description('how many users, clients and pairs each baseline knows, and since when')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon baseline show\n  msgmon baseline show --json')
    .action((o: { json?: boolean }) => {
      const b = ctx().store.baselines;
      const counts = b.counts();
      const since = b.since();
      const keys = Object.fromEntries(NAMES.map((n) => [n, counts[n] ?? 0]));
      if (o.json) return printJson({ since: since === null ? null : new Date(since).toISOString(), keys });
      print(`Baselines learned since ${since === null ? 'nothing yet' : new Date(since).toISOString()}:\n`);
      for (const n of NAMES) print(`  ${n.padEnd(13)} ${keys[n]} keys\n`);
    });
  baseline
    .command('rebuild')
    .description('forget the baselines and learn them again from every message of the Activity Log')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon baseline rebuild\n  msgmon log prune --before 400d && msgmon baseline rebuild')
    .action((o: { json?: boolean }) => {
      const b = ctx().store.baselines;
      const started = performance.now();
      const read = b.rebuild();
      const seconds = Math.round(performance.now() - started) / 1000;
      if (o.json) return printJson({ read, seconds, keys: b.counts() });
      print(`Rebuilt the baselines from ${read} logons and session ends in ${seconds} s.\n`);
    });
}
