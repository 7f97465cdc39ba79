// Keyset paging shared by the SQLite and PostgreSQL stores: a page of `limit` messages newest first from `before`, or
// the `limit` messages just after `after` (page up), each store supplying the query that fetches one direction.
import type { Message } from '../core/types.js';
import type { MessagePage } from '../core/services.js';

/**
 * Fetches up to `n` messages ordered `order` from the one with id `from` (exclusive; undefined: from the newest, or for
 * '>' with 0 from the oldest).
 */
export type FetchMessages = (cond: '<' | '>', from: number | undefined, order: 'ASC' | 'DESC', n: number) => Message[];

/** True when a fetch starts at a message (`after: 0` reads from the oldest: every message is after the beginning). */
export function startsAtMessage(cond: '<' | '>', from: number | undefined): from is number {
  return from !== undefined && !(cond === '>' && from === 0);
}

/** The page at `at` (MessageService.page's cursor) through `fetch`. */
export function keysetPage(fetch: FetchMessages, limit: number, at: { before?: number; after?: number }): MessagePage {
  if (at.after !== undefined) {
    const up = fetch('>', at.after, 'ASC', limit).reverse();
    if (up.length === limit) return { messages: up, more: true };
    // Reached the newest messages: show the first page instead of a short one.
    at = {};
  }
  const rows = fetch('<', at.before, 'DESC', limit + 1);
  return { messages: rows.slice(0, limit), more: rows.length > limit };
}
