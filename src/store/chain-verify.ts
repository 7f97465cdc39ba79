// Recomputes the Activity Log's hash chain and names each row that was altered, inserted or deleted outside msgmon.
import type Database from 'better-sqlite3';
import { chainHash, EVIDENCE_COLS, readChain, type ChainPoint, type ChainState, type EvidenceValues } from './chain.js';

/** What went wrong at a row: its content no longer matches its hash, it was never chained, or ids are missing. */
export type ProblemKind = 'altered' | 'inserted' | 'deleted';

/** One break of the chain, named by row id (for `deleted`, the first missing id; `to` is the last). */
export interface ChainProblem {
  kind: ProblemKind;
  id: number;
  to?: number;
  detail: string;
}

/** Where a verification started: the start of the log, the retention checkpoint, or the row before --since. */
export interface VerifyAnchor extends ChainPoint {
  kind: 'genesis' | 'checkpoint' | 'since';
}

/** The outcome of a verification. */
export interface VerifyResult {
  ok: boolean;
  from: VerifyAnchor;
  /** First and last id checked; null when there was nothing to check. */
  first: number | null;
  last: number | null;
  checked: number;
  chain: ChainState;
  /** The first MAX_LISTED problems, in id order. */
  problems: ChainProblem[];
  problemCount: number;
}

/** At most this many problems are listed (all are counted). */
export const MAX_LISTED = 100;

/** Where to start: the chain's checkpoint, or the first message at or after `since` (epoch ms). */
function anchorOf(db: Database.Database, state: ChainState, since: number | undefined): { anchor: VerifyAnchor; startId: number } {
  const cp = state.checkpoint;
  const base: VerifyAnchor = { kind: cp.id > 0 ? 'checkpoint' : 'genesis', id: cp.id, hash: cp.hash };
  // Without --since every row is read, those below the checkpoint too (they can only have been inserted).
  if (since === undefined) return { anchor: base, startId: Number.MIN_SAFE_INTEGER };
  const start = (db.prepare('SELECT min(id) AS id FROM messages WHERE time >= ? AND id > ?').get(since, cp.id) as { id: number | null }).id;
  if (start === null) return { anchor: { kind: 'since', id: state.head.id, hash: state.head.hash }, startId: state.head.id + 1 };
  const before = db.prepare('SELECT id, hash FROM messages WHERE id < ? AND id > ? ORDER BY id DESC LIMIT 1').get(start, cp.id) as ChainPoint | undefined;
  return { anchor: before && before.hash !== null ? { kind: 'since', ...before } : base, startId: start };
}

/** Walks the chain from its anchor to the head in one read snapshot; `progress` is called now and then. */
export function verifyChain(db: Database.Database, opts: { since?: number; progress?: (done: number, total: number) => void } = {}): VerifyResult {
  return db.transaction(() => {
    const chain = readChain(db);
    const { anchor, startId } = anchorOf(db, chain, opts.since);
    const rows = db.prepare(`SELECT ${EVIDENCE_COLS}, hash FROM messages WHERE id >= ? ORDER BY id`).raw(true);
    return walkChain(chain, anchor, rows.iterate(startId) as IterableIterator<unknown[]>, opts.progress);
  })();
}

/**
 * Checks rows (each its EvidenceValues then its stored hash, in id order, from the anchor's start on) against the chain:
 * the part every store shares, whatever database the rows come from.
 */
export function walkChain(chain: ChainState, anchor: VerifyAnchor, rows: Iterable<unknown[]>, progress?: (done: number, total: number) => void): VerifyResult {
  const { head, checkpoint: cp } = chain;
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  const report = (p: ChainProblem): void => void (problemCount++ < MAX_LISTED && problems.push(p));
  let good = anchor.hash; // hash of the last row that verified
  let prev: { id: number; hash: string | null } = { id: anchor.id, hash: anchor.hash }; // the row read before
  let lastChained: { id: number; hash: string | null } | null = null;
  let first: number | null = null;
  let checked = 0;
  const total = Math.max(1, head.id - anchor.id);
  for (const row of rows) {
    const stored = row.pop() as string | null;
    const v = row as EvidenceValues;
    const id = v[0];
    first ??= id;
    checked++;
    if (checked % 4096 === 0) progress?.(id - anchor.id, total);
    if (id <= cp.id) {
      report({ kind: 'inserted', id, detail: `row ${id} is below the retention checkpoint (id ${cp.id}): it was inserted outside msgmon` });
      continue;
    }
    // A row chains from the last row that verified, or (right after a broken row) from that row's stored hash.
    const ok = stored !== null && (chainHash(good, v) === stored || (prev.hash !== null && prev.hash !== good && chainHash(prev.hash, v) === stored));
    if (ok && id <= head.id) good = stored;
    else if (stored === null) report({ kind: 'inserted', id, detail: `row ${id} has no hash: it was inserted outside msgmon` });
    else if (id > head.id) report({ kind: 'inserted', id, detail: `row ${id} is after the chain head (id ${head.id}): it was inserted outside msgmon` });
    else if (id > prev.id + 1) {
      report({ kind: 'deleted', id: prev.id + 1, to: id - 1, detail: `${range(prev.id + 1, id - 1)} deleted: row ${id} does not chain to row ${prev.id}` });
    } else {
      report({
        kind: 'altered',
        id,
        detail:
          `row ${id} was altered: its content does not match its hash` +
          (prev.id > anchor.id ? ` (or row ${prev.id} was altered and its hash recomputed)` : ''),
      });
    }
    prev = { id, hash: stored };
    if (id <= head.id) lastChained = prev;
  }
  progress?.(total, total);
  // The head was moved with the last message stored: rows missing at the end, or a last row changed, show there.
  const lastId = lastChained?.id ?? anchor.id;
  if (head.id > cp.id && lastId < head.id) {
    report({ kind: 'deleted', id: lastId + 1, to: head.id, detail: `${range(lastId + 1, head.id)} deleted: the chain head is row ${head.id}` });
  } else if (lastChained && lastChained.id === head.id && lastChained.hash !== head.hash && !problems.some((p) => p.id === head.id)) {
    report({ kind: 'altered', id: head.id, detail: `row ${head.id} was altered: its hash does not match the chain head` });
  }
  problems.sort((a, b) => a.id - b.id);
  return { ok: problemCount === 0, from: anchor, first, last: prev.id > anchor.id ? prev.id : null, checked, chain, problems, problemCount };
}

/** "row 7" or "rows 7-9". */
function range(a: number, b: number): string {
  return a === b ? `row ${a}` : `rows ${a}-${b}`;
}
