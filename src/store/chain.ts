// The hash chain that makes the Activity Log tamper-evident: each message's hash covers its evidence and the hash
// of the message before it, so changing, removing or adding a row directly in SQLite breaks the chain there.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The evidence of a stored message, in the order the chain hashes it: everything known when it was stored, the
 * rules' effects included (rules, highlight, inquiry, tags, severity, text). The console state and the
 * acknowledgement are left out: operators change them later.
 */
export type EvidenceValues = [
  id: number,
  time: number,
  system: string,
  source: string,
  msgId: string,
  severity: number,
  text: string,
  fields: string,
  user: string | null,
  session: string | null,
  rules: string | null,
  raw: string,
  highlight: string | null,
  inquiry: number,
  tags: string | null,
];

/** The stored columns of EvidenceValues, in the same order. */
export const EVIDENCE_COLS = 'id, time, system, source, msg_id, severity, text, fields, user, session, rules, raw, highlight, inquiry, tags';

/** The "previous hash" of the very first message: 64 zeros. */
export const GENESIS = '0'.repeat(64);

// crypto.hash (Node 20.12+) is about 3x faster than createHash for one short input: this is the ingest hot path.
const sha256: (s: string) => string =
  typeof crypto.hash === 'function' ? (s) => crypto.hash('sha256', s, 'hex') : (s) => crypto.createHash('sha256').update(s).digest('hex');

/** A message's hash: SHA-256 (hex) of the previous message's hash followed by the JSON array of its evidence. */
export function chainHash(prev: string, v: EvidenceValues): string {
  return sha256(prev + JSON.stringify(v));
}

/**
 * The same hash as chainHash(prev, [id, ...evidence]) from a sealed message's JSON (SealedEvidence.json): the insert
 * hot path serializes each message once instead of twice.
 */
export function chainLink(prev: string, id: number, sealedJson: string): string {
  return sha256(`${prev}[${id},${sealedJson}`);
}

/** A point of the chain: a message id and its hash. */
export interface ChainPoint {
  id: number;
  hash: string;
}

/** The chain's two stored points: its head (last message stored) and its checkpoint (last message pruned). */
export interface ChainState {
  head: ChainPoint;
  /** id 0 and GENESIS while nothing was pruned. */
  checkpoint: ChainPoint & { time: number | null; pruned: number };
}

/** SQL of the chain migration: the hash column and the chain table (the hashes themselves: backfillChain). */
export const CHAIN_MIGRATION = `ALTER TABLE messages ADD COLUMN hash TEXT;
   CREATE TABLE chain(name TEXT PRIMARY KEY, id INTEGER NOT NULL, hash TEXT NOT NULL, time INTEGER, pruned INTEGER NOT NULL DEFAULT 0);
   INSERT INTO chain(name, id, hash) VALUES ('head', 0, '${GENESIS}'), ('checkpoint', 0, '${GENESIS}');`;

/** Reads the head and checkpoint (inside the caller's transaction, so both belong to one snapshot). */
export function readChain(db: Database.Database): ChainState {
  const rows = db.prepare('SELECT name, id, hash, time, pruned FROM chain').all() as Array<ChainPoint & { name: string; time: number | null; pruned: number }>;
  const head = rows.find((r) => r.name === 'head');
  const cp = rows.find((r) => r.name === 'checkpoint');
  if (!head || !cp) throw new Error('the chain table lacks its head or checkpoint row: the store was changed outside msgmon');
  return { head: { id: head.id, hash: head.hash }, checkpoint: { id: cp.id, hash: cp.hash, time: cp.time, pruned: cp.pruned } };
}

/** Chains every message after the checkpoint again, in id order, and sets the head: for stores made before the chain. */
export function backfillChain(db: Database.Database): void {
  const { checkpoint } = readChain(db);
  const set = db.prepare('UPDATE messages SET hash = ? WHERE id = ?');
  let prev = checkpoint.hash;
  let last = checkpoint.id;
  // Pages, not one iterator: better-sqlite3 allows no UPDATE while a SELECT is being iterated.
  const page = db.prepare(`SELECT ${EVIDENCE_COLS} FROM messages WHERE id > ? ORDER BY id LIMIT 5000`).raw(true);
  for (;;) {
    const rows = page.all(last) as EvidenceValues[];
    if (!rows.length) break;
    for (const v of rows) {
      prev = chainHash(prev, v);
      set.run(prev, v[0]);
      last = v[0];
    }
  }
  db.prepare("UPDATE chain SET id = ?, hash = ? WHERE name = 'head'").run(last, prev);
}
