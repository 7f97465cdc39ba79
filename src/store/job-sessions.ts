// The stored sessions whose id starts with a prefix (an IBM i job's sessions are `system:number/user/name:n`),
// summed from their messages through the session index: the end is the EARLIEST message carrying session_end,
// because the evidence of one session comes from several sources stored in any order.
import type Database from 'better-sqlite3';

/** Start, newest message, earliest end (epoch ms) and user of each stored session whose id starts with `prefix`. */
export function sessionsByPrefix(
  db: Database.Database,
  prefix: string,
): { id: string; start: number; last: number; end: number | null; user: string | null }[] {
  // Every id with the prefix sorts between the prefix itself and the prefix followed by the highest code point.
  return db
    .prepare(`SELECT session AS id, min(time) AS start, max(time) AS last,
      min(CASE WHEN json_extract(fields, '$.session_end') IS NOT NULL THEN time END) AS end, max(user) AS user
    FROM messages WHERE session >= ? AND session < ? GROUP BY session`)
    .all(prefix, `${prefix}\u{10ffff}`) as {
    id: string;
    start: number;
    last: number;
    end: number | null;
    user: string | null;
  }[];
}
