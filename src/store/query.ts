// Builds the SQL WHERE clause for a MessageQuery; shared by console pages, counts and the Activity Log.
import type { MessageQuery } from '../core/services.js';
import { clientWhere, pathWhere } from './forensic-query.js';

/** SQL text plus its bound parameters. */
export interface Sql {
  where: string[];
  params: unknown[];
  /** Full-text words as an FTS5 query; when set the query is driven from the FTS index. */
  match: string | null;
}

/** Quotes each word so user text never reaches FTS5 as query syntax. */
export function ftsQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `"${w.replace(/"/g, '""')}"`);
  return words.length ? words.join(' ') : null;
}

/** Conditions on the messages table (alias m). */
export function buildWhere(q: MessageQuery): Sql {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.console) where.push('m.console = 0 AND m.ack IS NULL');
  if (q.since !== undefined) where.push('m.time >= ?'), params.push(q.since);
  if (q.until !== undefined) where.push('m.time <= ?'), params.push(q.until);
  if (q.system) where.push('m.system = ?'), params.push(q.system);
  if (q.user) where.push('m.user = ?'), params.push(q.user);
  if (q.session) where.push('m.session = ?'), params.push(q.session);
  if (q.minSeverity !== undefined) where.push('m.severity >= ?'), params.push(q.minSeverity);
  for (const f of [q.client === undefined ? null : clientWhere(q.client), q.path === undefined ? null : pathWhere(q.path)]) {
    if (f) where.push(f.where), params.push(...f.params);
  }
  if (q.msgId) {
    const id = q.msgId.toUpperCase();
    if (id.includes('*') || id.includes('?')) where.push('m.msg_id GLOB ?'), params.push(id);
    else where.push('m.msg_id = ?'), params.push(id);
  }
  return { where, params, match: q.text ? ftsQuery(q.text) : null };
}
