// `msgmon watch list | add | remove`: the watch lists in the configuration — sensitive paths, commands and users
// (wildcards) and trusted client networks (CIDR) — that rules name as `{ "field": "client", "list": "trustedNetworks" }`.
// The Watch Lists screen changes them through the same service (src/services/watch-list-service.ts).
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { WATCH_LISTS, WATCH_LIST_NAMES, type WatchListChange, type WatchListName } from '../core/watchlists.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';

function listName(s: string): WatchListName {
  if (!(WATCH_LIST_NAMES as string[]).includes(s)) throw new UsageError(`'${s}' is not a watch list: use one of ${WATCH_LIST_NAMES.join(', ')}`);
  return s as WatchListName;
}

/** Prints the list after a change, or throws what refused it (a bad entry is a usage error). */
function report(list: WatchListName, r: WatchListChange, json: boolean | undefined): void {
  if (!r.ok) throw r.kind === 'invalid' ? new UsageError(r.error) : new UserError(r.error);
  if (json) return printJson(r.entries);
  print(`${list}: ${r.entries.join(' ') || '(empty)'}\n`);
}

/** Registers `watch list`, `watch add` and `watch remove`. */
export function registerWatchLists(program: Command, ctx: () => CliContext): void {
  const watch = program.command('watch').description('watch lists: sensitive paths, commands and users, trusted networks');
  watch
    .command('list')
    .description('show every watch list')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon watch list\n  msgmon watch list --json')
    .action((o: { json?: boolean }) => {
      const lists = ctx().watchLists().lists();
      if (o.json) return printJson(lists);
      for (const n of WATCH_LIST_NAMES) print(`${n} (${WATCH_LISTS[n]}): ${lists[n].join(' ') || '(empty)'}\n`);
    });
  watch
    .command('add')
    .description('add entries to a watch list')
    .argument('<list>', WATCH_LIST_NAMES.join(' | '))
    .argument('<entries...>', 'wildcards (paths, commands, users) or networks (trustedNetworks: 10.0.0.0/8, 2001:db8::/32)')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  msgmon watch add trustedNetworks 10.0.0.0/8 192.168.0.0/16\n  msgmon watch add sensitivePaths '/srv/finance/*' '*/payroll/*'",
    )
    .action((name: string, entries: string[], o: { json?: boolean }) => {
      const list = listName(name);
      report(list, ctx().watchLists().add(list, entries), o.json);
    });
  watch
    .command('remove')
    .description('remove entries from a watch list')
    .argument('<list>', WATCH_LIST_NAMES.join(' | '))
    .argument('<entries...>', 'entries as listed')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', '\nExample:\n  msgmon watch remove trustedNetworks 192.168.0.0/16')
    .action((name: string, entries: string[], o: { json?: boolean }) => {
      const list = listName(name);
      report(list, ctx().watchLists().remove(list, entries), o.json);
    });
}
