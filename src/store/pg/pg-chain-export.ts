// `log export` on PostgreSQL: the matching messages in id (chain) order with their hash and the hash they chain to,
// as chain-export.ts reads them from SQLite, all pages from one REPEATABLE READ snapshot.
import type { MessageQuery } from '../../core/services.js';
import type { ChainedMessage, ExportReader } from '../chain-export.js';
import { COLS, type Row, toMessage } from '../message-row.js';
import type { PgConnection } from './pg-connection.js';
import { readPgChain } from './pg-chain-verify.js';
import { pgWhere } from './pg-query.js';

/** Rows per round trip of the bridge. */
const PAGE = 1000;

/** The PostgreSQL store as an export reads it. */
export function pgExportReader(db: PgConnection): ExportReader {
  return {
    // Not db.transaction(): the export writes between pages (awaits), so the snapshot spans calls.
    begin: () => db.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
    end: () => db.exec('COMMIT'),
    chainedPages(query: MessageQuery) {
      const chain = readPgChain(db);
      const q = pgWhere(query, 3);
      // prev: the stored hash of the row before, else the checkpoint's (GENESIS when nothing was pruned).
      const sql = `SELECT ${COLS}, m.hash AS hash,
          coalesce((SELECT p.hash FROM messages p WHERE p.id < m.id AND p.id > $1 ORDER BY p.id DESC LIMIT 1), $2) AS prev
        FROM messages m WHERE ${[...q.where, `m.id > $${q.params.length + 3}`].join(' AND ')} ORDER BY m.id LIMIT ${PAGE}`;
      function* pages(): Generator<ChainedMessage[]> {
        let after = Number.MIN_SAFE_INTEGER;
        for (;;) {
          const rows = db.query<Row & { hash: string | null; prev: string }>(sql, [chain.checkpoint.id, chain.checkpoint.hash, ...q.params, after]);
          if (!rows.length) return;
          after = rows[rows.length - 1]!.id;
          // A row inserted outside msgmon may have no hash: it is exported as such and fails the check there.
          yield rows.map((r) => ({ message: toMessage(r), prev: r.prev, hash: r.hash ?? '' }));
        }
      }
      return { chain, pages: pages() };
    },
  };
}
