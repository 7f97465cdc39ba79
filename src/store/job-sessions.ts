// Sessions whose id starts with a prefix (an IBM i job's sessions are `system:number/user/name:n`), read from
// the sessions table by its primary key range.
import type Database from 'better-sqlite3';

/** Start, newest message and end (epoch ms) of each stored session whose id starts with `prefix`. */
export function sessionsByPrefix(db: Database.Database, prefix: string): { id: string; start: number; last: number; end: number | null }[] {
  // Every id with the prefix sorts between the prefix itself and the prefix followed by the highest code point.
  return db.prepare('SELECT id, start, last, end FROM sessions WHERE id >= ? AND id < ?').all(prefix, `${prefix}\u{10ffff}`) as {
    id: string; start: number; last: number; end: number | null;
  }[];
}
