// Stores for the PostgreSQL rows (pg-rows.ts): real messages read back from a bench SQLite store, committed in the
// pipeline's batch size, and a PostgreSQL store grown to N messages in SQL for the page timing (as store-fill.ts grows
// SQLite: copies as eight more servers and later days), so 10M rows take minutes instead of an hour of commits.
import Database from 'better-sqlite3';
import type { NewMessage } from '../src/core/types.js';
import { COLS, type Row as StoredRow, toMessage } from '../src/store/message-row.js';
import type { Cursor } from '../src/store/message-store.js';
import { BACKFILL } from '../src/pipeline/source-pipeline.js';
import type { PgMessageStore } from '../src/store/pg/pg-message-store.js';
import { ensurePartitions } from '../src/store/pg/pg-schema.js';
import { num } from './table.js';

/** Messages per commit: the pipeline's back-fill batch (ingest of a file commits every 5,000 messages). */
export const COMMIT_BATCH = BACKFILL.messages;
/** Rows copied per INSERT … SELECT while growing: big enough to be quick, small enough to show progress. */
const GROW_STEP = 500_000;
const DAY = 86_400_000;

/** The first `n` messages of an SQLite store as the pipeline hands them to commit (without their ids). */
export function readMessages(dbFile: string, n: number): NewMessage[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare(`SELECT ${COLS} FROM messages m ORDER BY m.id LIMIT ?`).all(n) as StoredRow[];
    return rows.map((r) => {
      const { id, ...m } = toMessage(r);
      void id; // commit numbers them anew
      return m;
    });
  } finally {
    db.close();
  }
}

/** Something with the stores' commit signature (MessageStore and PgMessageStore both have it). */
interface Committer {
  commit(msgs: NewMessage[], cursor: Cursor | null): unknown;
}

/** Commits `msgs` in COMMIT_BATCH batches, each moving a file cursor as ingest does; returns the milliseconds taken. */
export function commitAll(store: Committer, msgs: NewMessage[]): number {
  const t0 = performance.now();
  for (let i = 0; i < msgs.length; i += COMMIT_BATCH) {
    // The cursor as ingest would move it: an offset after the batch's lines (its size does not matter to the store).
    store.commit(msgs.slice(i, i + COMMIT_BATCH), { source: 'bench:/var/log/vsftpd.log', inode: '1', offset: (i + COMMIT_BATCH) * 120 });
  }
  return performance.now() - t0;
}

/** The stored columns copied while growing (tsv is generated), with the three a copy changes. */
const COPY_COLS = ['id', 'time', 'system', 'source', 'msg_id', 'severity', 'text', 'fields', '"user"', 'session'];
const COPY_REST = ['console', 'ack', 'rules', 'raw', 'highlight', 'inquiry', 'tags', 'hash'];

/**
 * Grows a store holding `base` committed messages (ids 1..base) to `n` by copies: round g is server web(g mod 9 + 1)
 * shifted by whole spans of the base's time every nine rounds (nine servers busy at once), ids base*g + id. The hash
 * chain is not recomputed (the copies carry their originals' hashes): a page-timing store, not one to verify.
 */
export function growPg(store: PgMessageStore, n: number, log: (s: string) => void): void {
  const db = store.db;
  const [b] = db.query<{ c: number; lo: number; hi: number }>('SELECT count(*) AS c, min(time) AS lo, max(time) AS hi FROM messages');
  const base = b!.c;
  if (base === 0) throw new Error('growPg: the store is empty; commit a base set first');
  if (base >= n) return;
  const span = b!.hi - b!.lo + 1000;
  const rounds = Math.ceil(n / base) - 1;
  // The day partitions every copy lands in, made before the copies (as a commit makes them).
  const times: number[] = [];
  for (let s = 0; s <= Math.floor(rounds / 9); s++) for (let t = b!.lo + s * span; t <= b!.hi + s * span + DAY; t += DAY) times.push(t);
  ensurePartitions(db, times, new Set());
  const exprs = [
    `m.id + g * ${base}`,
    `m.time + (g / 9) * ${span}`,
    `'web' || (g % 9 + 1)`,
    'm.source',
    'm.msg_id',
    'm.severity',
    'm.text',
    'm.fields',
    'm."user"',
    "CASE WHEN m.session IS NULL THEN NULL ELSE m.session || '.' || g END",
    ...COPY_REST.map((c) => `m.${c}`),
  ];
  const per = Math.max(1, Math.floor(GROW_STEP / base));
  for (let from = 1; from <= rounds; from += per) {
    const to = Math.min(rounds, from + per - 1);
    db.exec(`INSERT INTO messages(${[...COPY_COLS, ...COPY_REST].join(', ')}) SELECT ${exprs.join(', ')}
      FROM messages m CROSS JOIN generate_series(${from}, ${to}) AS g WHERE m.id <= ${base} AND m.id + g * ${base} <= ${n}`);
    log(`  ${num(Math.min(n, (to + 1) * base))} / ${num(n)} rows`);
  }
  // The console counter and the chain head as a commit would leave them, then statistics for the planner.
  db.exec(`UPDATE counters SET value = (SELECT count(*) FROM messages WHERE console = 0 AND ack IS NULL) WHERE name = 'console';
    UPDATE chain SET id = ${n} WHERE name = 'head'; ANALYZE messages`);
}
