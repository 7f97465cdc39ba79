// `msgmon watch list | add | remove`: the watch lists in the configuration — sensitive paths, commands and users
// (wildcards) and trusted client networks (CIDR) — that rules name as `{ "field": "client", "list": "trustedNetworks" }`.
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { parseCidr } from '../core/cidr.js';
import { WATCH_LISTS, WATCH_LIST_NAMES, type WatchListName, type WatchLists } from '../core/watchlists.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';

function listName(s: string): WatchListName {
  if (!(WATCH_LIST_NAMES as string[]).includes(s)) throw new UsageError(`'${s}' is not a watch list: use one of ${WATCH_LIST_NAMES.join(', ')}`);
  return s as WatchListName;
}

function checkEntry(list: WatchListName, entry: string): string {
  const e = entry.trim();
  if (!e) throw new UsageError('an entry cannot be empty');
  if (WATCH_LISTS[list] === 'cidr') {
    try {
      parseCidr(e);
    } catch (err) {
      throw new UsageError(`${list}: ${(err as Error).message}`);
    }
  }
  return e;
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
      const lists: WatchLists = ctx().config.data.watchlists ?? {};
      if (o.json) return printJson(Object.fromEntries(WATCH_LIST_NAMES.map((n) => [n, lists[n] ?? []])));
      for (const n of WATCH_LIST_NAMES) print(`${n} (${WATCH_LISTS[n]}): ${(lists[n] ?? []).join(' ') || '(empty)'}\n`);
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
      const add = entries.map((e) => checkEntry(list, e));
      const after = ctx().config.update((c) => {
        const lists = { ...(c.watchlists ?? {}) };
        lists[list] = [...new Set([...(lists[list] ?? []), ...add])];
        c.watchlists = lists;
        return lists[list]!;
      });
      if (o.json) return printJson(after);
      print(`${list}: ${after.join(' ')}\n`);
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
      const after = ctx().config.update((c) => {
        const lists = { ...(c.watchlists ?? {}) };
        const missing = entries.filter((e) => !(lists[list] ?? []).includes(e.trim()));
        if (missing.length) throw new UserError(`${list} has no ${missing.join(', ')}; nothing was changed`);
        lists[list] = (lists[list] ?? []).filter((e) => !entries.some((x) => x.trim() === e));
        c.watchlists = lists;
        return lists[list]!;
      });
      if (o.json) return printJson(after);
      print(`${list}: ${after.join(' ') || '(empty)'}\n`);
    });
}
