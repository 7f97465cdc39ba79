// The IBM i SQL reader: every --interval seconds it runs its service's query through db2util over the host's
// SSH connection, from the source's cursor (timestamp + sequence), and commits the messages of the rows with the
// new cursor in one transaction. A full page is followed at once by the next. A failing query stores MON0015
// once per outage and is retried; the cursor only moves with committed messages, so nothing is lost or repeated.
import type { Catalog } from '../catalog/catalog.js';
import type { Fields, NewMessage } from '../core/types.js';
import { IbmiJobSessions, type JobSession } from '../sessions/ibmi-jobs.js';
import { runDb2util } from './db2util.js';
import { ibmiQuery, ibmTimestampKey, initialPosition, jobMatches, PAGE_ROWS, queryParams, type IbmiOptions, type IbmiPosition } from './ibmi-queries.js';
import { readRow, type BadRow, type GoodRow } from './ibmi-rows.js';
import type { ExecHost } from './remote-exec.js';
import type { FilePosition } from './local-file.js';

/** The message that says a query failed (data/messages/ibmi.json). */
export const QUERY_FAILED = 'MON0015';

/** What an IBM i reader is made from. */
export interface IbmiReaderSetup {
  exec: ExecHost;
  system: string;
  /** The source name (shown on its messages). */
  source: string;
  ibmi: IbmiOptions;
  /** The stored cursor: `inode` holds the timestamp text, `offset` the sequence. Null: never read. */
  cursor: FilePosition | null;
  /** Daemon: query every interval; --once: query until the system has nothing more, then start() resolves. */
  follow: boolean;
  catalog: Catalog;
  /** The stored sessions whose id starts with a prefix (the sessions table). */
  sessions: (prefix: string) => JobSession[];
  /** Stores the messages and the cursor after them in one transaction. */
  commit: (msgs: NewMessage[], position: FilePosition) => void;
  /** Longest wait for one query (HISTORY_LOG_INFO reads the whole log window). Default 10 minutes. */
  queryTimeoutMs?: number;
}

/** Reads one IBM i service. */
export class IbmiSqlReader {
  /** No remote file to stat. */
  readonly statPath = null;
  private pos: IbmiPosition;
  private readonly jobs: IbmiJobSessions;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private error: string | null = null;

  constructor(private readonly s: IbmiReaderSetup) {
    this.pos = s.cursor ? { ts: s.cursor.inode, seq: s.cursor.offset } : initialPosition(s.ibmi.since);
    this.jobs = new IbmiJobSessions(s.system, s.sessions);
  }

  /** Where the reader stands. */
  get position(): FilePosition {
    return { inode: this.pos.ts, offset: this.pos.seq };
  }

  /**
   * --once: reads everything there is (rejects when a query failed). Daemon: starts querying now and every
   * interval, without waiting for the first query (HISTORY_LOG_INFO may take minutes; the host's other sources
   * must not wait for it); a failure is kept for poll() to report, and the next interval retries.
   */
  async start(): Promise<void> {
    if (!this.s.follow) return this.drain();
    this.run();
  }

  /** Daemon poll of the host: reports the last query's failure as the source's error. Lag is not known. */
  async poll(): Promise<number | null> {
    if (this.error) throw new Error(this.error);
    return null;
  }

  /** Rows not yet read cannot be counted without reading them. */
  lag(): number | null {
    return null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One drain now, the next one an interval after it ends. */
  private run(): void {
    this.drain()
      .catch(() => {
        /* kept in this.error */
      })
      .finally(() => {
        if (!this.closed) this.timer = setTimeout(() => this.run(), this.s.ibmi.intervalSeconds * 1000);
      });
  }

  /** Queries until a page is not full; a failure is stored as MON0015 once per outage, then rethrown. */
  private async drain(): Promise<void> {
    try {
      while (!this.closed && (await this.page()) >= PAGE_ROWS);
      this.error = null;
    } catch (err) {
      const reason = (err as Error).message;
      if (this.error === null && !this.closed) {
        this.s.commit([this.message(QUERY_FAILED, Date.now(), { system: this.s.system, service: this.s.ibmi.service, reason }, null, reason)], this.position);
      }
      this.error = reason;
      throw err;
    }
  }

  /** One query from the cursor; returns how many rows the system sent. */
  private async page(): Promise<number> {
    const q = ibmiQuery(this.s.ibmi.service);
    const rows = await runDb2util(this.s.exec, this.s.ibmi.db2util, q.sql, queryParams(this.s.ibmi, this.pos), this.s.queryTimeoutMs ?? 600_000);
    if (this.closed) return 0; // not committed: the next connection reads these rows again
    const from = this.pos;
    const fromKey = ibmTimestampKey(from.ts);
    let pos = from;
    // HISTORY_LOG_INFO is read from the cursor's instant inclusive: the rows already taken there come first again.
    let skip = this.s.ibmi.service === 'history' ? from.seq : 0;
    const msgs: NewMessage[] = [];
    for (const row of rows) {
      const r = readRow(this.s.ibmi.service, row, this.s.ibmi.queue);
      if (r.place) {
        const key = ibmTimestampKey(r.place.ts);
        if (this.s.ibmi.service === 'history') {
          if (key < fromKey) continue;
          if (key === fromKey && skip > 0) {
            skip--;
            continue;
          }
          pos = key === ibmTimestampKey(pos.ts) ? { ts: pos.ts, seq: pos.seq + 1 } : { ts: r.place.ts, seq: 1 };
        } else {
          if (key < fromKey || (key === fromKey && r.place.seq <= from.seq)) continue; // the query's own filter, kept as a guard
          pos = r.place;
        }
      }
      msgs.push(r.ok ? this.good(r) : this.bad(r));
    }
    if (rows.length >= PAGE_ROWS && pos === from) {
      throw new Error(`${rows.length} rows at ${from.ts} were all read before: more than ${PAGE_ROWS} rows at one instant cannot be paged`);
    }
    this.s.commit(msgs, { inode: pos.ts, offset: pos.seq });
    this.pos = pos;
    this.jobs.reset();
    return rows.length;
  }

  private good(r: GoodRow): NewMessage {
    let session: string | null = null;
    if (r.job && jobMatches(this.s.ibmi.job, r.job.name)) {
      r.fields.protocol = 'ftp';
      const own = r.fields.user === undefined ? null : String(r.fields.user);
      const s = this.jobs.assign(`${r.job.number}/${r.job.user}/${r.job.name}`, r.time, r.event, own);
      session = s.id;
      // CLRLIB QTEMP may run as QTCP once the user is gone: its session end names the session's user.
      if (r.event === 'end' && own === null && s.user !== null) r.fields.user = s.user;
      // The sessions table ends a session at a message carrying session_end (src/core/sessions.ts).
      if (r.event === 'end') r.fields.session_end = 'logout';
      if (r.event === 'jobend') r.fields.session_end = 'job';
    }
    const known = this.s.catalog.has(r.msgId);
    return this.message(r.msgId, r.time, r.fields, session, r.raw, known ? undefined : (r.text ?? r.msgId), known ? undefined : (r.severity ?? 20));
  }

  private bad(r: BadRow): NewMessage {
    return this.message('MON0010', r.time ?? Date.now(), { source: this.s.source, reason: `row of unexpected shape: ${r.reason}` }, null, r.raw);
  }

  private message(msgId: string, time: number, fields: Fields, session: string | null, raw: string, text?: string, severity?: number): NewMessage {
    return {
      time,
      system: this.s.system,
      source: this.s.source,
      msgId,
      severity: severity ?? this.s.catalog.severity(msgId),
      text: text ?? this.s.catalog.text(msgId, fields),
      fields,
      session,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw,
    };
  }
}
