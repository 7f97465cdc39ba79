// The message store on PostgreSQL: the MessageService the screens use, and the commit that chains messages and moves a
// source's cursor in one transaction, as the SQLite store (message-store.ts) does. Synchronous through PgConnection.
import { UserError } from '../../core/errors.js';
import type { MessageAction, MessagePage, MessageQuery, MessageService } from '../../core/services.js';
import { COMMENT_REQUIRED, type Message, type NewMessage } from '../../core/types.js';
import { chainLink } from '../chain.js';
import { COLS, type Row, type SealedEvidence, sealEvidence, toMessage } from '../message-row.js';
import type { Cursor, RuleHitDelta, SavedState } from '../message-store.js';
import { describeAct, type MessageAct } from '../notify-tables.js';
import { CONSOLE_CODE } from '../schema.js';
import type { VerifyResult } from '../chain-verify.js';
import { verifyPgChain } from './pg-chain-verify.js';
import { PgConnection } from './pg-connection.js';
import { CHANGES_CHANNEL, ensurePartitions, migratePg } from './pg-schema.js';
import { pgWhere } from './pg-query.js';
import { type FetchMessages, keysetPage, startsAtMessage } from '../keyset-page.js';
import type { PgStatement } from './pg-worker.js';
import { checkNoNul, INSERT_BATCH, sourceStatements } from './pg-commit.js';

/** How often changes() reads the counter besides counting notifications. */
const COUNTER_READ_MS = 1000;

/** Records one action for each message id ($1 an array), who ($3), why ($4), when ($5), until ($6). */
const RECORD_ACTS = 'INSERT INTO message_actions(message_id, action, operator, comment, time, until) SELECT unnest($1::bigint[]), $2, $3, $4, $5, $6';

/** PostgreSQL-backed store of messages and cursors (the first slice of issue 18: no sessions, baselines or notify tables). */
export class PgMessageStore implements MessageService {
  /** Day partitions this connection has seen exist. */
  private readonly partitions = new Set<string>();
  /** Who acts when `act` is not told. */
  operator = 'unknown';
  /** changes(): whether this connection LISTENs, the counter as last read, and when. */
  private readonly live = { listening: false, counter: 0, read: 0 };

  private constructor(readonly db: PgConnection) {}

  /** Connects to `url` and creates or upgrades the schema. */
  static open(url: string): PgMessageStore {
    const db = PgConnection.open(url);
    try {
      migratePg(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new PgMessageStore(db);
  }

  /**
   * Stores messages (chained after the current head), moves the source's cursor, saves its session state and counts
   * rule hits in one transaction. The head's row lock makes collectors on several machines chain one after another.
   */
  commit(
    msgs: NewMessage[],
    cursor: Cursor | null = null,
    hits: RuleHitDelta[] = [],
    state: SavedState | null = null,
    sealed: readonly SealedEvidence[] | null = null,
  ): number[] {
    if (sealed && sealed.length !== msgs.length) throw new Error(`commit: ${sealed.length} sealed evidences for ${msgs.length} messages`);
    const evidence = msgs.map((m, i) => sealed?.[i] ?? sealEvidence(m));
    evidence.forEach((e, i) => checkNoNul(e, msgs[i]!));
    return this.db.transaction(() => {
      const ids: number[] = [];
      const now = Date.now();
      const stmts: PgStatement[] = [];
      if (msgs.length) {
        const [[head], [top]] = this.db.batch([
          { sql: "SELECT id, hash FROM chain WHERE name = 'head' FOR UPDATE" },
          { sql: 'SELECT coalesce(max(id), 0) AS id FROM messages' },
        ]) as [[{ id: number; hash: string }], [{ id: number }]];
        // As in SQLite: ids continue after rows deleted at the end outside msgmon, so the gap shows in verify.
        let id = Math.max(head.id, top.id);
        let hash = head.hash;
        ensurePartitions(
          this.db,
          msgs.map((m) => m.time),
          this.partitions,
        );
        const cols: unknown[][] = Array.from({ length: 18 }, () => []);
        let shown = 0;
        for (let i = 0; i < msgs.length; i++) {
          const m = msgs[i]!;
          const e = evidence[i]!;
          hash = chainLink(hash, ++id, e.json);
          const row = [id, ...e.values, CONSOLE_CODE[m.console], m.ack, hash];
          for (let c = 0; c < 18; c++) cols[c]!.push(row[c]);
          ids.push(id);
          if (m.console === 'shown' && m.ack === null) shown++;
        }
        stmts.push({ sql: INSERT_BATCH, params: cols });
        stmts.push({ sql: "UPDATE chain SET id = $1, hash = $2 WHERE name = 'head'", params: [id, hash] });
        if (shown) stmts.push({ sql: "UPDATE counters SET value = value + $1 WHERE name = 'console'", params: [shown] });
      }
      stmts.push(...sourceStatements(cursor, state, hits, now));
      stmts.push({ sql: "UPDATE counters SET value = value + 1 WHERE name = 'changes'" });
      this.db.batch(stmts);
      return ids;
    });
  }

  /** The saved cursor of a source, or null when it was never read. */
  cursor(source: string): Cursor | null {
    const [r] = this.db.query<Cursor>('SELECT source, inode, "offset" AS offset FROM cursors WHERE source = $1', [source]);
    return r ?? null;
  }

  /** The session state saved with a source's cursor, or null. */
  savedState(source: string): string | null {
    const [r] = this.db.query<{ state: string }>('SELECT state FROM session_state WHERE source = $1', [source]);
    return r?.state ?? null;
  }

  page(query: MessageQuery, limit: number, at: { before?: number; after?: number } = {}): MessagePage {
    const fetch: FetchMessages = (cond, param, order, n) => {
      const q = pgWhere(query);
      // As SQLite: log time order (ties by arrival), text search by id.
      const byTime = !q.text;
      const where = [...q.where];
      const params = [...q.params];
      if (startsAtMessage(cond, param)) {
        params.push(param);
        where.push(byTime ? `(m.time, m.id) ${cond} (SELECT time, id FROM messages WHERE id = $${params.length})` : `m.id ${cond} $${params.length}`);
      }
      params.push(n);
      const orderBy = byTime ? `m.time ${order}, m.id ${order}` : `m.id ${order}`;
      const sql = `SELECT ${COLS} FROM messages m${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY ${orderBy} LIMIT $${params.length}`;
      return this.db.query<Row>(sql, params).map(toMessage);
    };
    return keysetPage(fetch, limit, at);
  }

  get(id: number): Message | null {
    const [r] = this.db.query<Row>(`SELECT ${COLS} FROM messages m WHERE m.id = $1`, [id]);
    return r ? toMessage(r) : null;
  }

  count(query: MessageQuery): number {
    const q = pgWhere(query);
    if (query.console && q.where.length === 1) return this.db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'console'")[0]!.value;
    const sql = `SELECT count(*) AS n FROM messages m${q.where.length ? ' WHERE ' + q.where.join(' AND ') : ''}`;
    return this.db.query<{ n: number }>(sql, q.params)[0]!.n;
  }

  act(ids: number[], action: MessageAction, by?: { operator?: string; comment?: string | null }): number[] {
    return this.db.transaction(() => {
      if (!by?.comment?.trim()) {
        const held = this.needingComment(ids);
        if (held.length)
          throw new UserError(
            `message${held.length > 1 ? 's' : ''} ${held.join(', ')} need${held.length > 1 ? '' : 's'} a comment (a rule requires one): nothing was changed`,
          );
      }
      const now = Date.now();
      // RETURNING says whether each was on the console, so the counter stays exact; two operators acting at once
      // wait for each other's row lock, and the second finds nothing left to change.
      const rows =
        action === 'remove'
          ? this.db.query<{ id: number; was: boolean }>(
              'UPDATE messages SET console = 1 WHERE id = ANY($1::bigint[]) AND console = 0 AND NOT (inquiry = 1 AND ack IS NULL) RETURNING id, ack IS NULL AS was',
              [ids],
            )
          : this.db.query<{ id: number; was: boolean }>(
              'UPDATE messages SET ack = $2 WHERE id = ANY($1::bigint[]) AND ack IS NULL RETURNING id, console = 0 AS was',
              [ids, now],
            );
      const done = new Set(rows.map((r) => r.id));
      const changed = ids.filter((id, i) => done.has(id) && ids.indexOf(id) === i);
      if (!changed.length) return changed;
      const left = rows.filter((r) => r.was).length;
      this.db.batch([
        { sql: RECORD_ACTS, params: [changed, action, by?.operator ?? this.operator, by?.comment ?? null, now, null] },
        { sql: "UPDATE counters SET value = value - $1 WHERE name = 'console'", params: [left] },
        { sql: "UPDATE counters SET value = value + 1 WHERE name = 'changes'" },
      ]);
      return changed;
    });
  }

  defer(ids: number[], minutes: number, by?: { operator?: string; comment?: string | null }): number {
    const now = Date.now();
    const until = now + minutes * 60_000;
    this.db.transaction(() =>
      this.db.batch([
        { sql: RECORD_ACTS, params: [ids, 'defer', by?.operator ?? this.operator, by?.comment ?? null, now, until] },
        { sql: "UPDATE counters SET value = value + 1 WHERE name = 'changes'" },
      ]),
    );
    return until;
  }

  /** The actions on a message in the order they were taken (`log --json` lists them). */
  acts(id: number): MessageAct[] {
    return this.db.query<MessageAct>(
      'SELECT message_id AS "messageId", action, operator, comment, time, until, value FROM message_actions WHERE message_id = $1 ORDER BY id',
      [id],
    );
  }

  /** Who acknowledged, deferred or removed the message (notifications are not kept in PostgreSQL yet). */
  history(id: number): { actions: string[]; notifications: string[] } {
    return { actions: this.acts(id).map(describeAct), notifications: [] };
  }

  /** The ids a rule's requireComment holds until someone says why (tagged and not yet acknowledged), as on SQLite. */
  needingComment(ids: number[]): number[] {
    return this.db
      .query<{ id: number }>('SELECT id FROM messages WHERE id = ANY($1::bigint[]) AND ack IS NULL AND tags LIKE $2 ORDER BY id', [
        ids,
        `%${JSON.stringify(COMMENT_REQUIRED)}%`,
      ])
      .map((r) => r.id);
  }

  lastId(): number {
    return this.db.query<{ id: number | null }>('SELECT max(id) AS id FROM messages')[0]!.id ?? 0;
  }

  /**
   * Moves with every commit and action of any process. The first call LISTENs on the changes channel; from then on a
   * notification moves it without a round trip (the console asks every 50 ms). The counter itself is still read once
   * a second: a notification missed never leaves a console stale for longer, and a lost connection is reported.
   */
  changes(): number {
    const live = this.live;
    if (!live.listening) {
      this.db.listen(CHANGES_CHANNEL);
      live.listening = true;
    }
    const now = Date.now();
    if (now - live.read >= COUNTER_READ_MS) {
      live.counter = this.db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'changes'")[0]!.value;
      live.read = now;
    }
    return this.db.notifications() + live.counter;
  }

  /** Recomputes the hash chain (`log verify`): the same result as verifyChain on SQLite. */
  verify(opts: { since?: number; progress?: (done: number, total: number) => void } = {}): VerifyResult {
    return verifyPgChain(this.db, opts);
  }

  close(): void {
    this.db.close();
  }
}
