// Watch lists: what the site calls sensitive, and which client networks it trusts. Kept in the configuration,
// edited by `msgmon watch` and the Watch Lists screen, referenced by rules as `{ "field": …, "list": NAME }`.

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
