// `log verify` on PostgreSQL: the same walk and result as SQLite's (chain-verify.ts walkChain), over rows read from
// PostgreSQL in id order, a page at a time, all in one REPEATABLE READ snapshot.
import { EVIDENCE_COLS, type ChainPoint, type ChainState } from '../chain.js';
import { type VerifyAnchor, type VerifyResult, walkChain } from '../chain-verify.js';
import type { PgConnection } from './pg-connection.js';

/** The evidence columns as PostgreSQL spells them (`user` is a reserved word there). */
export const PG_EVIDENCE_COLS = EVIDENCE_COLS.replace(/\buser\b/, '"user"');

/** Rows read per round trip of the bridge. */
const PAGE = 5000;

/** The chain's head and checkpoint. */
export function readPgChain(db: PgConnection): ChainState {
  const rows = db.query<ChainPoint & { name: string; time: number | null; pruned: number }>('SELECT name, id, hash, time, pruned FROM chain');
  const head = rows.find((r) => r.name === 'head');
  const cp = rows.find((r) => r.name === 'checkpoint');
  if (!head || !cp) throw new Error('the chain table lacks its head or checkpoint row: the store was changed outside msgmon');
  return { head: { id: head.id, hash: head.hash }, checkpoint: { id: cp.id, hash: cp.hash, time: cp.time, pruned: cp.pruned } };
}

/** Where to start: as SQLite's anchorOf, the checkpoint or the row before the first message at or after `since`. */
function anchorOf(db: PgConnection, state: ChainState, since: number | undefined): { anchor: VerifyAnchor; startId: number } {
  const cp = state.checkpoint;
  const base: VerifyAnchor = { kind: cp.id > 0 ? 'checkpoint' : 'genesis', id: cp.id, hash: cp.hash };
  if (since === undefined) return { anchor: base, startId: Number.MIN_SAFE_INTEGER };
  const start = db.query<{ id: number | null }>('SELECT min(id) AS id FROM messages WHERE time >= $1 AND id > $2', [since, cp.id])[0]!.id;
  if (start === null) return { anchor: { kind: 'since', id: state.head.id, hash: state.head.hash }, startId: state.head.id + 1 };
  const [before] = db.query<ChainPoint>('SELECT id, hash FROM messages WHERE id < $1 AND id > $2 ORDER BY id DESC LIMIT 1', [start, cp.id]);
  return { anchor: before && before.hash !== null ? { kind: 'since', ...before } : base, startId: start };
}

/** Evidence rows with their stored hash, id order, from `startId` on, read in pages. */
function* rowsFrom(db: PgConnection, startId: number): Generator<unknown[]> {
  let from = startId;
  let inclusive = true;
  for (;;) {
    const page = db.arrays(`SELECT ${PG_EVIDENCE_COLS}, hash FROM messages WHERE id ${inclusive ? '>=' : '>'} $1 ORDER BY id LIMIT ${PAGE}`, [from]);
    yield* page;
    if (page.length < PAGE) return;
    from = page[page.length - 1]![0] as number;
    inclusive = false;
  }
}

/** Verifies the hash chain of a PostgreSQL store; the same result shape as verifyChain on SQLite. */
export function verifyPgChain(db: PgConnection, opts: { since?: number; progress?: (done: number, total: number) => void } = {}): VerifyResult {
  return db.transaction(() => {
    const chain = readPgChain(db);
    const { anchor, startId } = anchorOf(db, chain, opts.since);
    return walkChain(chain, anchor, rowsFrom(db, startId), opts.progress);
  }, 'ISOLATION LEVEL REPEATABLE READ READ ONLY');
}
