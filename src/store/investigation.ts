// `msgmon investigate` from the store: one query on the index of the user, client or path, read in time order,
// folded into sessions (their summaries), files touched, failed logons and alerts.
import type Database from 'better-sqlite3';
import { FAILURE_MSGIDS, FILE_ACTIONS, type Investigation, type InvestigationEvent, type InvestigationQuery } from '../core/investigation.js';
import type { SessionSummary } from '../core/sessions.js';
import type { FieldValue } from '../core/types.js';
import { buildWhere } from './query.js';
import type { SessionTable } from './session-table.js';

interface Row {
  id: number;
  time: number;
  msg_id: string;
  text: string;
  fields: string;
  session: string | null;
}

const str = (v: FieldValue | undefined): string | null => (v === undefined ? null : String(v));
const num = (v: FieldValue | undefined): number | null => (v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));

/** Runs an investigation over the messages table (alias m) and the session summaries. */
export function investigate(db: Database.Database, sessions: SessionTable, q: InvestigationQuery): Investigation {
  const w = buildWhere({ user: q.user, client: q.client, path: q.path, since: q.since, until: q.until });
  const sql = `SELECT m.id, m.time, m.msg_id, m.text, m.fields, m.session FROM messages m WHERE ${w.where.join(' AND ')} ORDER BY m.time, m.id`;
  const events: InvestigationEvent[] = [];
  const seen = new Set<string>();
  let messages = 0;
  for (const r of db.prepare(sql).iterate(...w.params) as IterableIterator<Row>) {
    messages++;
    if (r.session !== null) seen.add(r.session);
    const action = FILE_ACTIONS[r.msg_id];
    const kind = action ? 'file' : FAILURE_MSGIDS.has(r.msg_id) ? 'failure' : r.msg_id.startsWith('SEC') ? 'alert' : null;
    if (!kind) continue;
    const f = JSON.parse(r.fields) as Record<string, FieldValue>;
    events.push({
      id: r.id,
      time: r.time,
      kind,
      msgId: r.msg_id,
      what: action ?? (kind === 'failure' ? 'failed logon' : r.text),
      user: str(f.user),
      client: str(f.client),
      path: str(f.path),
      target: str(f.target),
      bytes: kind === 'file' ? num(f.bytes) : null,
      session: r.session,
    });
  }
  const list = [...seen].map((id) => sessions.get(id)).filter((s): s is SessionSummary => s !== null);
  list.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const files = events.filter((e) => e.kind === 'file');
  const sum = (action: string) => files.filter((e) => e.what === action).reduce((a, e) => a + (e.bytes ?? 0), 0);
  return {
    messages,
    sessions: list,
    events,
    totals: {
      sessions: list.length,
      files: files.length,
      bytesUp: sum('upload'),
      bytesDown: sum('download'),
      failures: events.filter((e) => e.kind === 'failure').length,
      alerts: events.filter((e) => e.kind === 'alert').length,
    },
  };
}
