// Pieces of the PostgreSQL commit (pg-message-store.ts) that are plain statements: the batch insert, and the source's
// cursor, session state and rule hits that go into the same transaction as its messages.
import { UserError } from '../../core/errors.js';
import type { NewMessage } from '../../core/types.js';
import type { SealedEvidence } from '../message-row.js';
import type { Cursor, RuleHitDelta, SavedState } from '../message-store.js';
import type { PgStatement } from './pg-worker.js';

/** The insert of a whole batch: one array per column, unnested into rows (one statement, any batch size). */
export const INSERT_BATCH = `INSERT INTO messages(id, time, system, source, msg_id, severity, text, fields, "user", session, rules, raw, highlight, inquiry,
  tags, console, ack, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[],
  $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::smallint[], $15::text[], $16::smallint[], $17::bigint[], $18::text[])`;

/** PostgreSQL cannot store the NUL character in text: refuse the batch clearly rather than half-store it. */
export function checkNoNul(e: SealedEvidence, m: NewMessage): void {
  if (e.values.some((v) => typeof v === 'string' && v.includes('\0'))) {
    throw new UserError(`message ${m.msgId} of ${m.system} at ${new Date(m.time).toISOString()} holds a NUL character, which PostgreSQL text cannot store`);
  }
}

/** The statements that move a source's cursor, save its session state and add rule hits, at `now`. */
export function sourceStatements(cursor: Cursor | null, state: SavedState | null, hits: RuleHitDelta[], now: number): PgStatement[] {
  const out: PgStatement[] = [];
  if (cursor) {
    out.push({
      sql: 'INSERT INTO cursors(source, inode, "offset", updated) VALUES ($1, $2, $3, $4) ON CONFLICT (source) DO UPDATE SET inode = excluded.inode, "offset" = excluded."offset", updated = excluded.updated',
      params: [cursor.source, cursor.inode, cursor.offset, now],
    });
  }
  if (state) {
    out.push({
      sql: 'INSERT INTO session_state(source, state, updated) VALUES ($1, $2, $3) ON CONFLICT (source) DO UPDATE SET state = excluded.state, updated = excluded.updated',
      params: [state.source, state.state, now],
    });
  }
  for (const h of hits) {
    out.push({
      sql: 'INSERT INTO rule_hits(rule_id, hits, last_hit) VALUES ($1, $2, $3) ON CONFLICT (rule_id) DO UPDATE SET hits = rule_hits.hits + excluded.hits, last_hit = greatest(rule_hits.last_hit, excluded.last_hit)',
      params: [h.ruleId, h.hits, h.lastHit],
    });
  }
  return out;
}
