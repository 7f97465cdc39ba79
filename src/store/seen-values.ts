// Values seen in the store, for the rule editor's F4 prompts: systems and users (distinct, read by index
// skip-scan so millions of messages cost a few hundred index probes) and the field names of recent messages.
import type Database from 'better-sqlite3';

/** Columns a prompt may list the distinct values of; each has an index that leads with it. */
export type SeenColumn = 'system' | 'user' | 'source';

/** Distinct values of a column, sorted, at most `limit`: one index probe per value, not a scan. */
export function seenValues(db: Database.Database, column: SeenColumn, limit = 500): string[] {
  // `source` has no index of its own: read it from the newest messages only.
  if (column === 'source') {
    const rows = db.prepare('SELECT DISTINCT source AS v FROM (SELECT source FROM messages ORDER BY id DESC LIMIT 20000) ORDER BY v LIMIT ?').all(limit) as {
      v: string;
    }[];
    return rows.map((r) => r.v);
  }
  const sql = `WITH RECURSIVE s(v) AS (
      SELECT (SELECT min(${column}) FROM messages)
      UNION ALL SELECT (SELECT min(${column}) FROM messages WHERE ${column} > s.v) FROM s WHERE s.v IS NOT NULL
    ) SELECT v FROM s WHERE v IS NOT NULL LIMIT ?`;
  return (db.prepare(sql).all(limit) as { v: string }[]).map((r) => r.v);
}

/** Field names of the newest `recent` messages, sorted. */
export function recentFieldNames(db: Database.Database, recent = 2000): string[] {
  const rows = db
    .prepare('SELECT DISTINCT j.key AS k FROM (SELECT fields FROM messages ORDER BY id DESC LIMIT ?) m, json_each(m.fields) j ORDER BY k')
    .all(recent) as { k: string }[];
  return rows.map((r) => r.k);
}
