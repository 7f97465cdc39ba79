// The sessions table: one summary row per session, updated from each committed batch of messages inside the
// same transaction, so a summary never disagrees with the messages stored (kill -9 keeps both or neither).
import type Database from 'better-sqlite3';
import type { Message, NewMessage } from '../core/types.js';
import {
  ENDING_MSGIDS,
  NOT_COMMANDS,
  mergeProtocol,
  SESSION_END_FIELD,
  SESSION_ENDS,
  type SessionEnd,
  type SessionQuery,
  type SessionService,
  type SessionSummary,
} from '../core/sessions.js';

interface Row {
  id: string;
  system: string;
  source: string;
  protocol: string | null;
  user: string | null;
  client: string | null;
  start: number;
  last: number;
  end: number | null;
  ended_by: string | null;
  commands: number;
  files_up: number;
  files_down: number;
  bytes_up: number;
  bytes_down: number;
  messages: number;
  logged_on: number;
  pids: string;
}

function toSummary(r: Row): SessionSummary {
  return {
    id: r.id,
    system: r.system,
    source: r.source,
    protocol: r.protocol,
    user: r.user,
    client: r.client,
    start: r.start,
    last: r.last,
    end: r.end,
    endedBy: r.ended_by as SessionEnd | null,
    commands: r.commands,
    filesUp: r.files_up,
    filesDown: r.files_down,
    bytesUp: r.bytes_up,
    bytesDown: r.bytes_down,
    messages: r.messages,
    loggedOn: r.logged_on === 1,
    pids: JSON.parse(r.pids),
  };
}

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);

/** A session's summary with one message added. */
function addToSummary(s: SessionSummary, m: NewMessage): void {
  const f = m.fields;
  s.start = Math.min(s.start, m.time);
  s.last = Math.max(s.last, m.time);
  s.messages++;
  s.user ??= str(f.user);
  s.client ??= str(f.client);
  s.protocol = mergeProtocol(s.protocol, str(f.protocol));
  const pid = f.pid === undefined ? NaN : Number(f.pid);
  if (Number.isInteger(pid) && pid > 0 && !s.pids.includes(pid)) s.pids.push(pid);
  if (m.msgId === 'FTP0002') s.loggedOn = true;
  const end = f[SESSION_END_FIELD] ?? ENDING_MSGIDS[m.msgId];
  if (end !== undefined && SESSION_ENDS.includes(end as SessionEnd)) {
    // The earliest end wins: two sources of one system (IBM i history log and audit journal) may arrive in either order.
    if (s.end === null || m.time < s.end) (s.end = m.time), (s.endedBy = end as SessionEnd);
    return;
  }
  if (NOT_COMMANDS.has(m.msgId)) return;
  s.commands++;
  if (m.msgId === 'FTP0020') s.filesUp++, (s.bytesUp += num(f.bytes));
  if (m.msgId === 'FTP0021') s.filesDown++, (s.bytesDown += num(f.bytes));
}

/** A new, empty summary for the session of `m`. */
function fresh(m: NewMessage): SessionSummary {
  return {
    id: m.session!,
    system: m.system,
    source: m.source,
    protocol: null,
    user: null,
    client: null,
    start: m.time,
    last: m.time,
    end: null,
    endedBy: null,
    commands: 0,
    filesUp: 0,
    filesDown: 0,
    bytesUp: 0,
    bytesDown: 0,
    messages: 0,
    loggedOn: false,
    pids: [],
  };
}

const MSG_COLS = 'id, time, system, source, msg_id, severity, text, fields, session, console, ack, rules, raw, highlight, inquiry, tags';

/** Reads and maintains the sessions table of a message store's database. */
export class SessionTable implements SessionService {
  private readonly getRow: Database.Statement;
  private readonly putRow: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly toMessage: (row: unknown) => Message,
  ) {
    this.getRow = db.prepare('SELECT * FROM sessions WHERE id = ?');
    this.putRow = db.prepare(`INSERT OR REPLACE INTO sessions(id, system, source, protocol, user, client, start, last, end, ended_by,
      commands, files_up, files_down, bytes_up, bytes_down, messages, logged_on, pids) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  }

  /** Adds a batch of messages to their sessions' summaries; the caller runs it inside its transaction. */
  apply(msgs: readonly NewMessage[]): void {
    const touched = new Map<string, SessionSummary>();
    for (const m of msgs) {
      if (!m.session) continue;
      let s = touched.get(m.session);
      if (!s) {
        s = this.get(m.session) ?? fresh(m);
        touched.set(m.session, s);
      }
      addToSummary(s, m);
    }
    for (const s of touched.values()) {
      this.putRow.run(
        s.id,
        s.system,
        s.source,
        s.protocol,
        s.user,
        s.client,
        s.start,
        s.last,
        s.end,
        s.endedBy,
        s.commands,
        s.filesUp,
        s.filesDown,
        s.bytesUp,
        s.bytesDown,
        s.messages,
        s.loggedOn ? 1 : 0,
        JSON.stringify(s.pids),
      );
    }
  }

  get(id: string): SessionSummary | null {
    const r = this.getRow.get(id) as Row | undefined;
    return r ? toSummary(r) : null;
  }

  /** Sessions of one source still open: what a restarted collector takes back and what its checks look at. */
  open(system: string, source: string): SessionSummary[] {
    const rows = this.db.prepare('SELECT * FROM sessions WHERE system = ? AND source = ? AND end IS NULL ORDER BY start').all(system, source) as Row[];
    return rows.map(toSummary);
  }

  list(q: SessionQuery, limit: number): SessionSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.active) where.push('end IS NULL');
    if (q.user) where.push('user = ?'), params.push(q.user);
    if (q.system) where.push('system = ?'), params.push(q.system);
    if (q.since !== undefined) where.push('start >= ?'), params.push(q.since);
    const sql = `SELECT * FROM sessions${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY start DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as Row[]).map(toSummary);
  }

  messages(id: string, limit = 10_000): Message[] {
    const rows = this.db.prepare(`SELECT ${MSG_COLS} FROM messages m WHERE session = ? ORDER BY time, id LIMIT ?`).all(id, limit);
    return rows.map(this.toMessage);
  }
}
