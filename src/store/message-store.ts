// The message store: SQLite in WAL mode, keyset paging, FTS5 text search, cursors committed with messages.
import type Database from 'better-sqlite3';
import { COMMENT_REQUIRED, type Message, type NewMessage } from '../core/types.js';
import type { RuleHits } from '../core/rule-types.js';
import type { MessageAction, MessagePage, MessageQuery, MessageService } from '../core/services.js';
import { UserError } from '../core/errors.js';
import { CONSOLE_CODE, MIGRATIONS, MIGRATION_CODE } from './schema.js';
import { COLS, sealEvidence, toMessage, type Row, type SealedEvidence } from './message-row.js';
import { chainLink, EVIDENCE_COLS } from './chain.js';
import { buildWhere } from './query.js';
import { type FetchMessages, keysetPage, startsAtMessage } from './keyset-page.js';
import { SessionTable } from './session-table.js';
import { BaselineTable } from './baselines.js';
import { DetectionStateTable } from './detection-state.js';
import { registerForensicFunctions } from './forensic-query.js';
import { investigate } from './investigation.js';
import type { Investigation, InvestigationQuery, InvestigationService } from '../core/investigation.js';
import { explainDiskFull } from './disk-full.js';
import { openDatabase, useWal } from './open-db.js';
import { messageHistory, NotifyTables } from './notify-tables.js';
import { InquiryTable, type ReplyResult } from './inquiries.js';
import type { InquiryState } from '../core/types.js';

/** Where a reader stands in its input: committed in the same transaction as the messages it produced. */
export interface Cursor {
  source: string;
  inode: string;
  /** Always at a line boundary: an unfinished last line is read again once complete. */
  offset: number;
}

/** A source's session state (`LineProcessor.saveState`), keyed like its cursor and committed with it. */
export interface SavedState {
  source: string;
  state: string;
}

/** Hits of a rule within one committed batch: added to its counter in the same transaction as the messages. */
export interface RuleHitDelta {
  ruleId: number;
  hits: number;
  lastHit: number;
}

/** Why a database is not a msgmon store (another program's tables, or a version without msgmon's), or null. */
function foreignSchema(db: Database.Database, version: number): string | null {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const fix = 'point --home at your msgmon home, or move the file away; nothing was changed';
  if (version === 0 && tables.length)
    return `it is not a msgmon store (tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}, no msgmon schema version): ${fix}`;
  if (version > 0 && !tables.includes('messages')) return `it is not a msgmon store (schema version ${version} but no messages table): ${fix}`;
  return null;
}

/** SQLite-backed store of messages and cursors. */
export class MessageStore implements MessageService, InvestigationService {
  readonly db: Database.Database;
  /** Session summaries, maintained by every commit. */
  readonly sessions: SessionTable;
  /** What is usual (threat detections read it), learned by every commit. */
  readonly baselines: BaselineTable;
  /** What threat detections remember between messages, saved with the batches that changed it. */
  readonly detectionState: DetectionStateTable;
  /** Allowed replies of inquiries and the check of a typed reply. */
  private readonly inquiries: InquiryTable;
  private readonly insertMsg: Database.Statement;
  private readonly insertFts: Database.Statement;
  private readonly upsertCursor: Database.Statement;
  private readonly addConsole: Database.Statement;
  private readonly addHits: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly chainNext: Database.Statement;
  private readonly setHead: Database.Statement;
  private readonly commitTx: Database.Transaction<
    (msgs: NewMessage[], cursor: Cursor | null, hits: RuleHitDelta[], state: SavedState | null, sealed: readonly SealedEvidence[] | null) => number[]
  >;
  /** Statements by SQL text: queries built from filters are prepared once per shape, not once per page. */
  private readonly statements = new Map<string, Database.Statement>();

  /** Opens (and creates or upgrades) the store; `readonly` opens it without write access. */
  constructor(
    private readonly file: string,
    opts: { readonly?: boolean } = {},
  ) {
    try {
      this.db = openDatabase(file, opts.readonly ?? false);
      this.db.pragma('busy_timeout = 5000');
      registerForensicFunctions(this.db);
      // Before anything writes (switching to WAL rewrites the file header): another program's file stays untouched.
      this.checkSchema();
      if (!opts.readonly) {
        useWal(this.db);
        this.db.pragma('synchronous = NORMAL');
        // Checkpoint less often: bulk ingest commits many batches, and each checkpoint rewrites the pages it copies.
        this.db.pragma('wal_autocheckpoint = 20000');
      }
      this.migrate(opts.readonly ?? false);
    } catch (err) {
      // SQLite's "file is not a database": something else sits where the store should be; it is left as it is.
      const why =
        (err as { code?: string }).code === 'SQLITE_NOTADB'
          ? 'it is not an SQLite database, so not a msgmon store: point --home at your msgmon home, or move the file away; nothing was changed'
          : (err as Error).message;
      throw new UserError(`cannot open message store ${file}: ${why}`);
    }
    this.insertMsg = this.db.prepare(`INSERT INTO messages(${EVIDENCE_COLS}, console, ack, hash) VALUES (${'?,'.repeat(17)}?)`);
    // The next id continues the chain head even when rows at the end were deleted outside msgmon: a reused id
    // would hide the deletion, a gap shows it.
    this.chainNext = this.db.prepare("SELECT max(coalesce((SELECT max(id) FROM messages), 0), id) AS id, hash FROM chain WHERE name = 'head'");
    this.setHead = this.db.prepare("UPDATE chain SET id = ?, hash = ? WHERE name = 'head'");
    this.sessions = new SessionTable(this.db, (r) => toMessage(r as Row));
    this.baselines = new BaselineTable(this.db);
    this.detectionState = new DetectionStateTable(this.db);
    this.inquiries = new InquiryTable(this.db);
    // One statement per commit fills the text index from the rows just inserted (a call per message cost twice as much).
    this.insertFts = this.db.prepare('INSERT INTO messages_fts(rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ?');
    this.upsertCursor = this.db.prepare(
      'INSERT INTO cursors(source, inode, offset, updated) VALUES (?,?,?,?) ON CONFLICT(source) DO UPDATE SET inode=excluded.inode, offset=excluded.offset, updated=excluded.updated',
    );
    this.addConsole = this.db.prepare("UPDATE counters SET value = value + ? WHERE name = 'console'");
    this.addHits = this.db.prepare(
      'INSERT INTO rule_hits(rule_id, hits, last_hit) VALUES (?,?,?) ON CONFLICT(rule_id) DO UPDATE SET hits = hits + excluded.hits, last_hit = max(coalesce(last_hit, excluded.last_hit), excluded.last_hit)',
    );
    this.upsertState = this.db.prepare(
      'INSERT INTO session_state(source, state, updated) VALUES (?,?,?) ON CONFLICT(source) DO UPDATE SET state=excluded.state, updated=excluded.updated',
    );
    this.commitTx = this.db.transaction(
      (msgs: NewMessage[], cursor: Cursor | null, hits: RuleHitDelta[], state: SavedState | null, sealed: readonly SealedEvidence[] | null) => {
        const ids: number[] = [];
        let shown = 0;
        if (msgs.length) {
          // Read under the write lock (commit runs IMMEDIATE): collectors in other processes chain one after another.
          let { id, hash } = this.chainNext.get() as { id: number; hash: string };
          const first = id + 1;
          for (let i = 0; i < msgs.length; i++) {
            const m = msgs[i]!;
            const e = sealed?.[i] ?? sealEvidence(m);
            hash = chainLink(hash, ++id, e.json);
            this.insertMsg.run(id, ...e.values, CONSOLE_CODE[m.console], m.ack, hash);
            if (m.inquiry) this.inquiries.keep(m, id);
            ids.push(id);
            if (m.console === 'shown' && m.ack === null) shown++;
          }
          this.insertFts.run(first, id);
          this.setHead.run(id, hash);
        }
        if (shown) this.addConsole.run(shown);
        this.sessions.apply(msgs);
        this.baselines.learn(msgs);
        if (cursor) this.upsertCursor.run(cursor.source, cursor.inode, cursor.offset, Date.now());
        if (state) this.upsertState.run(state.source, state.state, Date.now());
        for (const h of hits) this.addHits.run(h.ruleId, h.hits, h.lastHit);
        return ids;
      },
    );
  }

  /** The prepared statement of `sql`, made at its first use. */
  private sql(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Throws when the file is a newer msgmon's store or not a msgmon store at all. */
  private checkSchema(): void {
    // Version and tables read in one read transaction: another process creating the store between the two reads
    // would otherwise show tables without a version, and a new home opened by several commands at once was refused.
    this.db.transaction(() => {
      const version = this.db.pragma('user_version', { simple: true }) as number;
      if (version > MIGRATIONS.length) {
        throw new Error(`its schema version ${version} is newer than this msgmon knows (${MIGRATIONS.length}): upgrade msgmon; nothing was changed`);
      }
      const foreign = foreignSchema(this.db, version);
      if (foreign) throw new Error(foreign);
    })();
  }

  private migrate(readonly: boolean): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === MIGRATIONS.length) return;
    if (readonly) throw new Error('store needs an upgrade; open it once without --read-only');
    // A collector and a console started together on a new home migrate at the same moment: take the write
    // lock first (immediate) and read the version again under it, so the second one finds the work done.
    this.db
      .transaction(() => {
        const current = this.db.pragma('user_version', { simple: true }) as number;
        const other = foreignSchema(this.db, current);
        if (other) throw new Error(other);
        for (let v = current; v < MIGRATIONS.length; v++) {
          this.db.exec(MIGRATIONS[v]!);
          MIGRATION_CODE.get(MIGRATIONS[v]!)?.(this.db);
        }
        this.db.pragma(`user_version = ${MIGRATIONS.length}`);
      })
      .immediate();
  }

  /**
   * Stores messages, moves the source's cursor, saves its session state and counts rule hits in one transaction:
   * a crash keeps all or nothing. `sealed` (optional) is sealEvidence() of each message, made where there is time
   * to spare (a parsing thread, after the rules): the writer then only hashes and inserts.
   */
  commit(
    msgs: NewMessage[],
    cursor: Cursor | null = null,
    hits: RuleHitDelta[] = [],
    state: SavedState | null = null,
    sealed: readonly SealedEvidence[] | null = null,
  ): number[] {
    if (sealed && sealed.length !== msgs.length) throw new Error(`commit: ${sealed.length} sealed evidences for ${msgs.length} messages`);
    try {
      // IMMEDIATE: the chain head is read and moved by the same writer, never by two at once.
      return this.commitTx.immediate(msgs, cursor, hits, state, sealed);
    } catch (err) {
      throw explainDiskFull(err, this.file, 'nothing of this batch was stored and reading did not move past it');
    }
  }

  /** The session state saved with a source's cursor, or null (never saved, or a store from before it was kept). */
  savedState(source: string): string | null {
    const r = this.sql('SELECT state FROM session_state WHERE source = ?').get(source) as { state: string } | undefined;
    return r?.state ?? null;
  }

  /** Hit counters of every rule that ever acted, by rule id. */
  ruleHits(): Map<number, RuleHits> {
    const rows = this.sql('SELECT rule_id AS ruleId, hits, last_hit AS lastHit FROM rule_hits').all() as RuleHits[];
    return new Map(rows.map((r) => [r.ruleId, r]));
  }

  /** Forgets a rule's hits (the rule was removed). */
  clearRuleHits(ruleId: number): void {
    this.sql('DELETE FROM rule_hits WHERE rule_id = ?').run(ruleId);
  }

  /** Oldest first from `afterId` (exclusive): replays read the whole Activity Log in pages of `limit`. */
  scan(query: Omit<MessageQuery, 'text'>, afterId: number, limit: number): Message[] {
    const q = buildWhere(query);
    const where = [...q.where, 'm.id > ?'];
    const sql = `SELECT ${COLS} FROM messages m WHERE ${where.join(' AND ')} ORDER BY m.id ASC LIMIT ?`;
    return (this.sql(sql).all(...q.params, afterId, limit) as Row[]).map(toMessage);
  }

  /** The saved cursor of a source, or null when it was never read. */
  cursor(source: string): Cursor | null {
    const r = this.sql('SELECT source, inode, offset FROM cursors WHERE source = ?').get(source) as Cursor | undefined;
    return r ?? null;
  }

  page(query: MessageQuery, limit: number, at: { before?: number; after?: number } = {}): MessagePage {
    const q = buildWhere(query);
    // The console and the Activity Log read in log time order (ties by arrival), which the (x, time) indexes and
    // the console's partial time index give without sorting (rowid is their last column); text search follows the
    // FTS rowid order.
    const byTime = !q.match;
    const fetch: FetchMessages = (cond, param, order, n) => {
      const idCol = q.match ? 'f.rowid' : 'm.id';
      const where = q.match ? ['messages_fts MATCH ?', ...q.where] : [...q.where];
      const params = q.match ? [q.match, ...q.params] : [...q.params];
      if (startsAtMessage(cond, param)) {
        where.push(byTime ? `(m.time, m.id) ${cond} (SELECT time, id FROM messages WHERE id = ?)` : `${idCol} ${cond} ?`);
        params.push(param);
      }
      const from = q.match ? 'messages_fts f JOIN messages m ON m.id = f.rowid' : 'messages m';
      const orderBy = byTime ? `m.time ${order}, m.id ${order}` : `${idCol} ${order}`;
      const sql = `SELECT ${COLS} FROM ${from}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY ${orderBy} LIMIT ?`;
      params.push(n);
      return (this.sql(sql).all(...params) as Row[]).map(toMessage);
    };
    return keysetPage(fetch, limit, at);
  }

  get(id: number): Message | null {
    const r = this.sql(`SELECT ${COLS} FROM messages m WHERE m.id = ?`).get(id) as Row | undefined;
    return r ? toMessage(r) : null;
  }

  count(query: MessageQuery): number {
    const q = buildWhere(query);
    if (query.console && q.where.length === 1 && !q.match) {
      return (this.sql("SELECT value FROM counters WHERE name = 'console'").get() as { value: number }).value;
    }
    const sql = q.match
      ? `SELECT count(*) AS n FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?${q.where.length ? ' AND ' + q.where.join(' AND ') : ''}`
      : `SELECT count(*) AS n FROM messages m${q.where.length ? ' WHERE ' + q.where.join(' AND ') : ''}`;
    return (this.sql(sql).get(...(q.match ? [q.match, ...q.params] : q.params)) as { n: number }).n;
  }

  /** Who acts when `act` is not told (the CLI sets the operator: --operator, MSGMON_OPERATOR, else the login name). */
  operator = 'unknown';

  /**
   * The ids that a rule's requireComment holds until someone says why: tagged `comment-required` and not yet dealt
   * with (not acknowledged; once acknowledged with its comment, a later remove needs none).
   */
  needingComment(ids: number[]): number[] {
    const st = this.sql('SELECT 1 FROM messages WHERE id = ? AND ack IS NULL AND tags LIKE ?');
    const tag = `%${JSON.stringify(COMMENT_REQUIRED)}%`;
    return ids.filter((id) => st.get(id, tag) !== undefined);
  }

  act(ids: number[], action: MessageAction, by?: { operator?: string; comment?: string | null }): number[] {
    if (!by?.comment?.trim()) {
      const held = this.needingComment(ids);
      if (held.length)
        throw new UserError(
          `message${held.length > 1 ? 's' : ''} ${held.join(', ')} need${held.length > 1 ? '' : 's'} a comment (a rule requires one): nothing was changed`,
        );
    }
    // RETURNING tells whether the message was on the console before, so the console counter stays exact.
    // An inquiry stays until it is acknowledged: remove leaves unacknowledged inquiries alone.
    const stmt =
      action === 'remove'
        ? this.sql('UPDATE messages SET console = 1 WHERE id = ? AND console = 0 AND NOT (inquiry = 1 AND ack IS NULL) RETURNING ack IS NULL AS was')
        : this.sql('UPDATE messages SET ack = ? WHERE id = ? AND ack IS NULL RETURNING console = 0 AS was');
    const now = Date.now();
    const record = this.sql('INSERT INTO message_actions(message_id, action, operator, comment, time) VALUES (?,?,?,?,?)');
    const operator = by?.operator ?? this.operator;
    const tx = this.db.transaction(() => {
      const changed: number[] = [];
      let left = 0;
      for (const id of ids) {
        const r = (action === 'remove' ? stmt.get(id) : stmt.get(now, id)) as { was: number } | undefined;
        if (!r) continue;
        changed.push(id);
        // Who acknowledged or removed it, in the same transaction (Message Details and log --json show it).
        record.run(id, action, operator, by?.comment ?? null, now);
        if (r.was) left++;
      }
      if (left) this.addConsole.run(-left);
      return changed;
    });
    try {
      return tx();
    } catch (err) {
      throw explainDiskFull(err, this.file, 'the console is unchanged');
    }
  }

  defer(ids: number[], minutes: number, by?: { operator?: string; comment?: string | null }): number {
    const now = Date.now();
    const until = now + minutes * 60_000;
    const operator = by?.operator ?? this.operator;
    new NotifyTables(this.db).record(ids.map((id) => ({ messageId: id, action: 'defer', operator, comment: by?.comment ?? null, time: now, until })));
    return until;
  }

  inquiry(id: number): InquiryState | null {
    return this.inquiries.state(id);
  }

  reply(id: number, value: string, by?: { operator?: string; comment?: string | null }): ReplyResult {
    const tx = this.db.transaction((): ReplyResult => {
      const checked = this.inquiries.check(id, value);
      if (!checked.ok) return checked;
      const now = Date.now();
      // The reply acknowledges the inquiry: it leaves the console, and the counter with it.
      const r = this.sql('UPDATE messages SET ack = ? WHERE id = ? AND ack IS NULL RETURNING console = 0 AS was').get(now, id) as { was: number } | undefined;
      if (!r) return { ok: false, error: `inquiry ${id} was acknowledged already without a reply` };
      if (r.was) this.addConsole.run(-1);
      this.sql("INSERT INTO message_actions(message_id, action, operator, comment, time, value) VALUES (?, 'reply', ?, ?, ?, ?)").run(
        id,
        by?.operator ?? this.operator,
        by?.comment ?? null,
        now,
        checked.value,
      );
      return checked;
    });
    try {
      return tx.immediate();
    } catch (err) {
      throw explainDiskFull(err, this.file, 'the inquiry is unanswered');
    }
  }

  history(id: number): { actions: string[]; notifications: string[] } {
    return messageHistory(new NotifyTables(this.db), id);
  }

  /** Sessions, files, failed logons and alerts of a user, client or path (`msgmon investigate`). */
  investigate(q: InvestigationQuery): Investigation {
    return investigate(this.db, this.sessions, q);
  }

  lastId(): number {
    return (this.sql('SELECT max(id) AS n FROM messages').get() as { n: number | null }).n ?? 0;
  }

  /** SQLite's data_version: it moves when another connection commits (a read of the header, no query). */
  changes(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    this.db.close();
  }
}
