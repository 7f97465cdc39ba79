// Copies an SQLite message store into an empty PostgreSQL one AS STORED: the same ids, hashes, chain head and
// checkpoint, so that verify on PostgreSQL proves the copy is the SQLite data. Nothing is chained again. Messages are
// streamed from one SQLite read snapshot and written one transaction per batch (memory stays bounded at any size).
import type Database from 'better-sqlite3';
import { UserError } from '../../core/errors.js';
import { EVIDENCE_COLS } from '../chain.js';
import type { PgConnection } from './pg-connection.js';
import { INSERT_BATCH } from './pg-commit.js';
import { ensurePartitions } from './pg-schema.js';
import { firstNul, type TableCounts, targetContents } from './migrate-checks.js';

/** Rows per PostgreSQL transaction. */
export const MIGRATE_BATCH = 5000;

/** What was copied: the counts read in SQLite's snapshot and the chain head copied. */
export interface CopyResult {
  counts: TableCounts;
  head: { id: number; hash: string };
}

/** The copy's options: rows per transaction and a progress callback (messages done, messages in all). */
export interface CopyOptions {
  batch?: number;
  progress?: (done: number, total: number) => void;
}

/** The message columns in INSERT_BATCH's order: the evidence, then console, ack and hash. */
const MESSAGE_COLS = `${EVIDENCE_COLS}, console, ack, hash`;

const INSERT_ACTIONS = `INSERT INTO message_actions(id, message_id, action, operator, comment, time, until, value)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])`;

/** Counts of the tables copied, in the caller's snapshot (SQLite). */
export function sqliteCounts(src: Database.Database): TableCounts {
  const n = (t: string) => (src.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number) ?? 0;
  return { messages: n('messages'), actions: n('message_actions'), cursors: n('cursors'), states: n('session_state'), ruleHits: n('rule_hits') };
}

/** Streams `sql`'s rows as arrays and hands them to `write` in batches of `size`; returns how many there were. */
function inBatches(src: Database.Database, sql: string, size: number, write: (cols: unknown[][], rows: number) => void): number {
  let cols: unknown[][] = [];
  let rows = 0;
  let total = 0;
  const flush = () => {
    if (rows) write(cols, rows);
    total += rows;
    cols = [];
    rows = 0;
  };
  for (const row of src.prepare(sql).raw(true).iterate() as IterableIterator<unknown[]>) {
    if (!rows) cols = row.map(() => []);
    for (let c = 0; c < row.length; c++) cols[c]!.push(row[c]);
    if (++rows === size) flush();
  }
  flush();
  return total;
}

/**
 * Copies the store read through `src` into the empty PostgreSQL store `db` (schema already applied). The whole read is
 * one SQLite snapshot, so a collector writing meanwhile cannot make the copy inconsistent. Refuses a target that holds
 * anything, and a source holding a NUL character (PostgreSQL text cannot store it), before writing anything.
 */
export function copyStore(src: Database.Database, db: PgConnection, opts: CopyOptions = {}): CopyResult {
  const size = opts.batch ?? MIGRATE_BATCH;
  if (!Number.isInteger(size) || size < 1) throw new Error(`copyStore: batch ${size} is not a positive integer`);
  const there = targetContents(db);
  if (there) throw new UserError(there);
  src.exec('BEGIN');
  try {
    const counts = sqliteCounts(src);
    const nul = firstNul(src);
    if (nul) throw new UserError(nul);
    const head = src.prepare("SELECT id, hash FROM chain WHERE name = 'head'").get() as { id: number; hash: string };
    const known = new Set<string>();
    let done = 0;
    opts.progress?.(0, counts.messages);
    inBatches(src, `SELECT ${MESSAGE_COLS} FROM messages ORDER BY id`, size, (cols, rows) => {
      db.transaction(() => {
        ensurePartitions(db, cols[1] as number[], known);
        db.batch([{ sql: INSERT_BATCH, params: cols }]);
      });
      done += rows;
      opts.progress?.(done, counts.messages);
    });
    inBatches(src, 'SELECT id, message_id, action, operator, comment, time, until, value FROM message_actions ORDER BY id', size, (cols) =>
      db.transaction(() => db.batch([{ sql: INSERT_ACTIONS, params: cols }])),
    );
    copySmallTables(src, db);
    return { counts, head };
  } finally {
    src.exec('COMMIT');
  }
}

/**
 * The rest in one last transaction: cursors, session state, rule hits, counters, the action ids' sequence, and the chain
 * head and checkpoint last of all, so a copy that stopped part-way holds messages under a head still at 0.
 */
function copySmallTables(src: Database.Database, db: PgConnection): void {
  const all = (sql: string) => src.prepare(sql).raw(true).all() as unknown[][];
  const columns = (rows: unknown[][], n: number) => Array.from({ length: n }, (_, c) => rows.map((r) => r[c]));
  const cursors = all('SELECT source, inode, offset, updated FROM cursors');
  const states = all('SELECT source, state, updated FROM session_state');
  const hits = all('SELECT rule_id, hits, last_hit FROM rule_hits');
  const counters = all('SELECT name, value FROM counters');
  const chain = all('SELECT name, id, hash, time, pruned FROM chain');
  db.transaction(() =>
    db.batch([
      {
        sql: 'INSERT INTO cursors(source, inode, "offset", updated) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])',
        params: columns(cursors, 4),
      },
      { sql: 'INSERT INTO session_state(source, state, updated) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])', params: columns(states, 3) },
      { sql: 'INSERT INTO rule_hits(rule_id, hits, last_hit) SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bigint[])', params: columns(hits, 3) },
      {
        sql: `INSERT INTO counters(name, value) SELECT * FROM unnest($1::text[], $2::bigint[])
              ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        params: columns(counters, 2),
      },
      // The next action recorded on PostgreSQL gets an id after the copied ones.
      { sql: "SELECT setval(pg_get_serial_sequence('message_actions', 'id'), coalesce(max(id), 0) + 1, false) FROM message_actions" },
      {
        sql: `UPDATE chain SET id = c.id, hash = c.hash, time = c.time, pruned = c.pruned
              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) AS c(name, id, hash, time, pruned) WHERE chain.name = c.name`,
        params: columns(chain, 5),
      },
    ]),
  );
}
