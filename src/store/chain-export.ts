// Reading the Activity Log for an export: messages in chain (id) order, each with its hash and the hash it chains to.
import type Database from 'better-sqlite3';
import type { MessageQuery } from '../core/services.js';
import type { Message } from '../core/types.js';
import { buildWhere } from './query.js';
import { COLS, toMessage, type Row } from './message-row.js';
import { readChain, type ChainState } from './chain.js';

/** An exported message: its hash, and `prev`, the hash of the row before it in the store (not in the export). */
export interface ChainedMessage {
  message: Message;
  prev: string;
  hash: string;
}

/** A store as an export reads it: the chain and the matching pages, all from one snapshot taken by begin(). */
export interface ExportReader {
  begin(): void;
  end(): void;
  chainedPages(query: MessageQuery): { chain: ChainState; pages: Iterable<ChainedMessage[]> };
}

/** The SQLite store as an export reads it (one read transaction). */
export function sqliteExportReader(db: Database.Database): ExportReader {
  return { begin: () => db.exec('BEGIN'), end: () => db.exec('COMMIT'), chainedPages: (query) => chainedPages(db, query) };
}

/**
 * The chain's state and the matching messages in pages of `pageSize`, oldest id first. Run it inside a read
 * transaction (BEGIN … COMMIT around the whole export) so the head and every page belong to one snapshot.
 */
export function chainedPages(db: Database.Database, query: MessageQuery, pageSize = 1000): { chain: ChainState; pages: Generator<ChainedMessage[]> } {
  const chain = readChain(db);
  const q = buildWhere(query);
  const idCol = q.match ? 'f.rowid' : 'm.id';
  const from = q.match ? 'messages_fts f JOIN messages m ON m.id = f.rowid' : 'messages m';
  const where = [...(q.match ? ['messages_fts MATCH ?'] : []), ...q.where, `${idCol} > ?`];
  // prev: the stored hash of the row before (a rowid seek), else the checkpoint's (GENESIS when nothing was pruned).
  const sql = `SELECT ${COLS}, m.hash AS hash, coalesce((SELECT p.hash FROM messages p WHERE p.id < m.id AND p.id > @cp ORDER BY p.id DESC LIMIT 1), @cpHash) AS prev
    FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${idCol} LIMIT ?`;
  const stmt = db.prepare(sql);
  const params = q.match ? [q.match, ...q.params] : q.params;
  const named = { cp: chain.checkpoint.id, cpHash: chain.checkpoint.hash };
  function* pages(): Generator<ChainedMessage[]> {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = stmt.all(named, ...params, after, pageSize) as Array<Row & { hash: string | null; prev: string }>;
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      // A row inserted outside msgmon may have no hash: it is exported as such and fails the check there.
      yield rows.map((r) => ({ message: toMessage(r), prev: r.prev, hash: r.hash ?? '' }));
    }
  }
  return { chain, pages: pages() };
}
