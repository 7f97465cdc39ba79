// The checks around `store migrate` (sqlite-to-pg.ts): is the target empty, can PostgreSQL hold every value (no NUL
// characters), and afterwards, do both stores hold the same number of rows.
import type Database from 'better-sqlite3';
import type { PgConnection } from './pg-connection.js';

/** Rows of each table the migration copies. */
export interface TableCounts {
  messages: number;
  actions: number;
  cursors: number;
  states: number;
  ruleHits: number;
}

/** What each count is, for messages. */
const LABEL: Record<keyof TableCounts, string> = {
  messages: 'messages',
  actions: 'operator actions',
  cursors: 'cursors',
  states: 'session states',
  ruleHits: 'rule hit counters',
};

/** Counts of the same tables in PostgreSQL. */
export function pgCounts(db: PgConnection): TableCounts {
  const [r] = db.query<TableCounts>(
    `SELECT (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM message_actions)::int AS actions,
            (SELECT count(*) FROM cursors)::int AS cursors, (SELECT count(*) FROM session_state)::int AS states,
            (SELECT count(*) FROM rule_hits)::int AS "ruleHits"`,
  );
  return r!;
}

/** The differences between two sets of counts ("messages: SQLite 10, PostgreSQL 9"), empty when equal. */
export function countDifferences(sqlite: TableCounts, pg: TableCounts): string[] {
  return (Object.keys(LABEL) as Array<keyof TableCounts>)
    .filter((k) => sqlite[k] !== pg[k])
    .map((k) => `${LABEL[k]}: SQLite ${sqlite[k]}, PostgreSQL ${pg[k]}`);
}

/** Why the target is not an empty store (what it holds and what to do), or null when it is empty. */
export function targetContents(db: PgConnection): string | null {
  const counts = pgCounts(db);
  const [head] = db.query<{ id: number }>("SELECT id FROM chain WHERE name = 'head'");
  const held = (Object.keys(LABEL) as Array<keyof TableCounts>).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${LABEL[k]}`);
  if (!held.length && (head?.id ?? 0) === 0) return null;
  const partial = counts.messages > 0 && (head?.id ?? 0) === 0 ? ' (an earlier migrate stopped part-way: its head was never written)' : '';
  return (
    `the PostgreSQL store already holds ${held.join(', ') || `a chain head at row ${head!.id}`}${partial}: migrate copies only into an empty store, ` +
    'nothing was changed. Name an empty database, or drop and create this one (dropdb, createdb) if what it holds may go'
  );
}

/** The text columns of the messages table: PostgreSQL text refuses NUL in any of them. */
const MESSAGE_TEXT = ['system', 'source', 'msg_id', 'text', 'fields', 'user', 'session', 'rules', 'raw', 'highlight', 'tags'];

/** Other tables' text columns, with the column that names their row. */
const OTHER_TEXT: Array<{ table: string; key: string; cols: string[] }> = [
  { table: 'message_actions', key: 'id', cols: ['action', 'operator', 'comment', 'value'] },
  { table: 'cursors', key: 'source', cols: ['source', 'inode'] },
  { table: 'session_state', key: 'source', cols: ['source', 'state'] },
];

/** SQL true when one of `cols` holds a NUL byte (as a blob: text functions stop at the first NUL). */
const hasNul = (cols: string[]) => cols.map((c) => `instr(CAST("${c}" AS BLOB), x'00') > 0`).join(' OR ');

/**
 * Why the SQLite store cannot be copied losslessly (the first row holding a NUL character, and what to do), or null.
 * A NUL cannot be escaped without changing the text its hash covers, so verify on PostgreSQL could no longer prove the copy.
 */
export function firstNul(src: Database.Database): string | null {
  const m = src.prepare(`SELECT id, msg_id AS msgId, system FROM messages WHERE ${hasNul(MESSAGE_TEXT)} ORDER BY id LIMIT 1`).get() as
    | { id: number; msgId: string; system: string }
    | undefined;
  if (m) {
    return (
      `message ${m.id} (${m.msgId} of ${m.system}) holds a NUL character, which PostgreSQL text cannot store, and changing it would break ` +
      `its hash: nothing was copied. Keep this home on SQLite, or, if retention allows, prune the log past it (msgmon log prune) and migrate again`
    );
  }
  for (const t of OTHER_TEXT) {
    const r = src.prepare(`SELECT ${t.key} AS k FROM ${t.table} WHERE ${hasNul(t.cols)} LIMIT 1`).get() as { k: unknown } | undefined;
    if (r) return `${t.table} row ${JSON.stringify(r.k)} holds a NUL character, which PostgreSQL text cannot store: nothing was copied`;
  }
  return null;
}
