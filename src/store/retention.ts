// Retention: the oldest messages are pruned in small batches, each checked against the chain first, and the chain's
// checkpoint moves to the last one pruned, so what is kept verifies from there (log verify says so).
import type Database from 'better-sqlite3';
import { chainHash, EVIDENCE_COLS, readChain, type ChainPoint, type EvidenceValues } from './chain.js';

/** What one batch did. */
export interface PruneBatch {
  deleted: number;
  /** The checkpoint after the batch: the last message pruned so far. */
  checkpoint: ChainPoint;
  /** Nothing more to prune now: the next message is young enough, or none is left, or `stopped`. */
  done: boolean;
  /** Set when pruning stopped at a message that does not verify: pruning never erases evidence of tampering. */
  stopped?: string;
}

/**
 * Prunes up to `max` of the oldest messages (in id order, the chain's order) that are older than `cutoff` (epoch ms),
 * in one IMMEDIATE transaction. Only a prefix of ids is pruned: a younger message stops it, so the chain stays whole
 * from the checkpoint on (a log ingested late, with old times after newer ones, waits until everything before it goes).
 */
export function pruneBatch(db: Database.Database, cutoff: number, max: number, now: number = Date.now()): PruneBatch {
  return db
    .transaction((): PruneBatch => {
      const { checkpoint: cp } = readChain(db);
      const rows = db
        .prepare(`SELECT ${EVIDENCE_COLS}, hash, console, ack FROM messages WHERE id > ? ORDER BY id LIMIT ?`)
        .raw(true)
        .all(cp.id, max) as unknown[][];
      let prev: ChainPoint = { id: cp.id, hash: cp.hash };
      let young = false;
      let stopped: string | undefined;
      let shown = 0;
      const sessions = new Set<string>();
      const ftsDelete = db.prepare("INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', ?, ?)");
      for (const row of rows) {
        const ack = row.pop() as number | null;
        const consoleState = row.pop() as number;
        const hash = row.pop() as string | null;
        const v = row as EvidenceValues;
        if (v[1] >= cutoff) {
          young = true;
          break;
        }
        if (v[0] !== prev.id + 1 || hash === null || chainHash(prev.hash, v) !== hash) {
          stopped = `retention stopped at row ${v[0]}: it does not verify (msgmon log verify names the problem); nothing after row ${prev.id} is pruned`;
          break;
        }
        ftsDelete.run(v[0], v[6]);
        if (v[9] !== null) sessions.add(v[9]);
        if (consoleState === 0 && ack === null) shown++;
        prev = { id: v[0], hash };
      }
      const deleted = prev.id - cp.id;
      if (deleted > 0) {
        db.prepare('DELETE FROM messages WHERE id > ? AND id <= ?').run(cp.id, prev.id);
        if (shown) db.prepare("UPDATE counters SET value = value - ? WHERE name = 'console'").run(shown);
        // A session's summary goes with its last message (an open session stays: it may still get messages).
        const dropSession = db.prepare('DELETE FROM sessions WHERE id = ? AND end IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages WHERE session = ?)');
        for (const s of sessions) dropSession.run(s, s);
        db.prepare("UPDATE chain SET id = ?, hash = ?, time = ?, pruned = pruned + ? WHERE name = 'checkpoint'").run(prev.id, prev.hash, now, deleted);
      }
      return { deleted, checkpoint: prev, done: young || stopped !== undefined || rows.length < max, ...(stopped ? { stopped } : {}) };
    })
    .immediate();
}
