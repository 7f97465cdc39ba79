// Watch lists: what the site calls sensitive, and which client networks it trusts. Kept in the configuration,
// edited by `msgmon watch` and the Watch Lists screen, referenced by rules as `{ "field": …, "list": NAME }`.
import { parseCidr } from './cidr.js';

/** The lists and what their entries are. */
export const WATCH_LISTS = {
  sensitivePaths: 'glob',
  sensitiveCommands: 'glob',
  sensitiveUsers: 'glob',
  trustedNetworks: 'cidr',
} as const;

/** A list's name. */
export type WatchListName = keyof typeof WATCH_LISTS;

/** Every list's entries. */
export type WatchLists = Partial<Record<WatchListName, string[]>>;

/** The list names, in the order screens and help show them. */
export const WATCH_LIST_NAMES = Object.keys(WATCH_LISTS) as WatchListName[];

/** Why an entry cannot go into a list (as the CLI and the screen both say it), or null when it can. */
export function watchEntryProblem(list: WatchListName, entry: string): string | null {
  const e = entry.trim();
  if (!e) return 'an entry cannot be empty';
  if (WATCH_LISTS[list] === 'cidr') {
    try {
      parseCidr(e);
    } catch (err) {
      return `${list}: ${(err as Error).message}`;
    }
  }
  return null;
}

/** What a change did: the list afterwards, or why nothing changed (`invalid` entry, `missing` entry, `read-only`). */
export type WatchListChange = { ok: true; entries: string[] } | { ok: false; kind: 'invalid' | 'missing' | 'read-only'; error: string };

/** The watch lists in the configuration (`msgmon watch` and the Watch Lists screen share it). */
export interface WatchListService {
  /** Every list, empty ones included, in WATCH_LIST_NAMES order. */
  lists(): Record<WatchListName, string[]>;
  add(list: WatchListName, entries: readonly string[]): WatchListChange;
  remove(list: WatchListName, entries: readonly string[]): WatchListChange;
}
