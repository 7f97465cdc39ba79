// The notification queue, escalations in progress and who acted on a message, in the message store. Every
// notification is a row with an idempotency key (message+channel, digest window, escalation step+round): a row is
// claimed before its send and marked sent after it, so a crash re-sends at most the one notification in flight.
import type Database from 'better-sqlite3';

/** The migration that creates the tables (appended to MIGRATIONS in schema.ts). */
export const NOTIFY_MIGRATION = `CREATE TABLE notifications(
     id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, message_id INTEGER, kind TEXT NOT NULL,
     state TEXT NOT NULL, due INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, count INTEGER NOT NULL DEFAULT 1,
     first_texts TEXT, step INTEGER, error TEXT, claim_until INTEGER, created INTEGER NOT NULL, sent INTEGER, same TEXT);
   CREATE INDEX notifications_due ON notifications(due) WHERE state IN ('pending', 'open', 'sending');
   CREATE INDEX notifications_message ON notifications(message_id);
   CREATE INDEX notifications_channel ON notifications(channel, created);
   CREATE TABLE escalations(
     message_id INTEGER PRIMARY KEY, procedure TEXT NOT NULL, step INTEGER NOT NULL, round INTEGER NOT NULL,
     due INTEGER NOT NULL, state TEXT NOT NULL, started INTEGER NOT NULL, updated INTEGER NOT NULL, reason TEXT);
   CREATE INDEX escalations_due ON escalations(due) WHERE state = 'active';
   CREATE TABLE message_actions(
     id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL, action TEXT NOT NULL, operator TEXT NOT NULL,
     comment TEXT, time INTEGER NOT NULL, until INTEGER);
   CREATE INDEX message_actions_message ON message_actions(message_id);`;

/** What a queued notification is: one message, a digest of many, an escalation step, or a test. */
export type NotificationKind = 'message' | 'digest' | 'escalation' | 'test';

/** pending: to send at `due`; open: a digest still collecting; sending: claimed by a sender; then sent, failed or cancelled. */
export type NotificationState = 'pending' | 'open' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** A row of the notification queue. */
export interface Notification {
  id: number;
  key: string;
  channel: string;
  messageId: number | null;
  kind: NotificationKind;
  state: NotificationState;
  due: number;
  attempts: number;
  /** Messages it stands for (a digest's count). */
  count: number;
  /** A digest's first texts. */
  firstTexts: string[];
  step: number | null;
  error: string | null;
  created: number;
  sent: number | null;
}

/** A new queue row. */
export interface NewNotification {
  key: string;
  channel: string;
  messageId: number | null;
  kind: NotificationKind;
  state: 'pending' | 'open';
  due: number;
  count?: number;
  firstTexts?: string[];
  step?: number | null;
  /** What makes two messages "the same" for the suppression window. */
  same?: string | null;
}

/** An escalation in progress (or ended) for one message. */
export interface Escalation {
  messageId: number;
  procedure: string;
  /** Index of the next step to run. */
  step: number;
  /** Repeats of that step already run. */
  round: number;
  due: number;
  state: 'active' | 'stopped' | 'done';
  started: number;
  updated: number;
  reason: string | null;
}

/** Who did what to a message, when. */
export interface MessageAct {
  messageId: number;
  action: string;
  operator: string;
  comment: string | null;
  time: number;
  until: number | null;
  /** The reply given to an inquiry (action `reply`); null for other actions. */
  value?: string | null;
}

interface NRow {
  id: number;
  key: string;
  channel: string;
  message_id: number | null;
  kind: NotificationKind;
  state: NotificationState;
  due: number;
  attempts: number;
  count: number;
  first_texts: string | null;
  step: number | null;
  error: string | null;
  created: number;
  sent: number | null;
}

const toNotification = (r: NRow): Notification => ({
  id: r.id,
  key: r.key,
  channel: r.channel,
  messageId: r.message_id,
  kind: r.kind,
  state: r.state,
  due: r.due,
  attempts: r.attempts,
  count: r.count,
  firstTexts: r.first_texts ? JSON.parse(r.first_texts) : [],
  step: r.step,
  error: r.error,
  created: r.created,
  sent: r.sent,
});

const ESC_COLS = 'message_id AS messageId, procedure, step, round, due, state, started, updated, reason';

/** The queue, escalations and operator actions of one store. */
export class NotifyTables {
  private readonly ins: Database.Statement;
  private readonly digestUpd: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.ins = db.prepare(
      `INSERT OR IGNORE INTO notifications(key, channel, message_id, kind, state, due, count, first_texts, step, created, same)
       VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    );
    this.digestUpd = db.prepare('UPDATE notifications SET count = ?, first_texts = ?, due = ? WHERE key = ?');
  }

  /** Queues notifications and grows open digests in one transaction; a key queued before is left as it is. */
  enqueue(rows: NewNotification[], digests: Array<{ key: string; count: number; firstTexts: string[]; due: number }>, now = Date.now()): void {
    if (!rows.length && !digests.length) return;
    this.db.transaction(() => {
      for (const r of rows) {
        this.ins.run(
          r.key,
          r.channel,
          r.messageId,
          r.kind,
          r.state,
          r.due,
          r.count ?? 1,
          r.firstTexts ? JSON.stringify(r.firstTexts) : null,
          r.step ?? null,
          now,
          r.same ?? null,
        );
      }
      for (const d of digests) this.digestUpd.run(d.count, JSON.stringify(d.firstTexts), d.due, d.key);
    })();
  }

  /** Rows due at `now`: pending and open ones, and ones claimed by a sender that went away. */
  due(now: number, limit = 50): Notification[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM notifications WHERE state IN ('pending', 'open', 'sending') AND due <= ?
         AND (state != 'sending' OR claim_until < ?) ORDER BY due, id LIMIT ?`,
      )
      .all(now, now, limit) as NRow[];
    return rows.map(toNotification);
  }

  /** Claims a row for one send (false: another sender has it, or it is done). */
  claim(id: number, now: number, holdMs: number): boolean {
    const r = this.db
      .prepare(
        `UPDATE notifications SET state = 'sending', claim_until = ? WHERE id = ?
         AND (state IN ('pending', 'open') OR (state = 'sending' AND claim_until < ?))`,
      )
      .run(now + holdMs, id, now);
    return r.changes === 1;
  }

  /** Marks a row sent (after the send). */
  sent(id: number, now: number): void {
    this.db.prepare("UPDATE notifications SET state = 'sent', sent = ?, attempts = attempts + 1, error = NULL WHERE id = ?").run(now, id);
  }

  /** A failed attempt: due again at `retryAt`, or failed for good when null. */
  failed(id: number, error: string, retryAt: number | null): void {
    if (retryAt === null) this.db.prepare("UPDATE notifications SET state = 'failed', attempts = attempts + 1, error = ? WHERE id = ?").run(error, id);
    else this.db.prepare("UPDATE notifications SET state = 'pending', attempts = attempts + 1, error = ?, due = ? WHERE id = ?").run(error, retryAt, id);
  }

  /** Puts a row back to wait (quiet hours, rate limit) without counting an attempt. */
  postpone(id: number, due: number, state: 'pending' | 'open' = 'pending'): void {
    this.db.prepare('UPDATE notifications SET state = ?, due = ? WHERE id = ?').run(state, due, id);
  }

  /** A row that will not be sent (its escalation was stopped). */
  cancel(id: number, why: string): void {
    this.db.prepare("UPDATE notifications SET state = 'cancelled', error = ? WHERE id = ?").run(why, id);
  }

  get(key: string): Notification | null {
    const r = this.db.prepare('SELECT * FROM notifications WHERE key = ?').get(key) as NRow | undefined;
    return r ? toNotification(r) : null;
  }

  /** The notifications of a message, oldest first. */
  forMessage(messageId: number): Notification[] {
    return (this.db.prepare('SELECT * FROM notifications WHERE message_id = ? ORDER BY id').all(messageId) as NRow[]).map(toNotification);
  }

  /** Every notification of a channel (or all) newest first. */
  list(channel?: string, limit = 100): Notification[] {
    const rows = channel
      ? this.db.prepare('SELECT * FROM notifications WHERE channel = ? ORDER BY id DESC LIMIT ?').all(channel, limit)
      : this.db.prepare('SELECT * FROM notifications ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as NRow[]).map(toNotification);
  }

  /** Rows that count against a channel's rate limit since `since` (sent, or on their way). */
  recentSends(channel: string, since: number): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM notifications WHERE channel = ? AND created >= ? AND kind != 'test' AND state IN ('pending', 'sending', 'sent')")
        .get(channel, since) as { n: number }
    ).n;
  }

  /** The open digest of a channel, if any. */
  openDigest(channel: string): Notification | null {
    const r = this.db.prepare("SELECT * FROM notifications WHERE channel = ? AND kind = 'digest' AND state = 'open' ORDER BY id DESC LIMIT 1").get(channel) as
      | NRow
      | undefined;
    return r ? toNotification(r) : null;
  }

  /** When a message that is "the same" was last queued on a channel (suppression window), or null. */
  lastSame(channel: string, same: string): number | null {
    const r = this.db.prepare('SELECT max(created) AS t FROM notifications WHERE channel = ? AND same = ?').get(channel, same) as { t: number | null };
    return r.t;
  }

  /** Notifications that failed for good since `since`, per channel (status). */
  failedSince(since: number): Array<{ channel: string; n: number; error: string | null }> {
    return this.db
      .prepare(
        "SELECT channel, count(*) AS n, max(error) AS error FROM notifications WHERE state = 'failed' AND created >= ? GROUP BY channel ORDER BY channel",
      )
      .all(since) as Array<{ channel: string; n: number; error: string | null }>;
  }

  /** Counts by state (for status): failed ones need a look. */
  counts(): Record<string, number> {
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM notifications GROUP BY state').all() as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** Starts an escalation of a message (a message escalates once: a second start is ignored). */
  startEscalation(messageId: number, procedure: string, due: number, now: number): void {
    this.db
      .prepare("INSERT OR IGNORE INTO escalations(message_id, procedure, step, round, due, state, started, updated) VALUES (?,?,0,0,?,'active',?,?)")
      .run(messageId, procedure, due, now, now);
  }

  escalation(messageId: number): Escalation | null {
    return (this.db.prepare(`SELECT ${ESC_COLS} FROM escalations WHERE message_id = ?`).get(messageId) as Escalation | undefined) ?? null;
  }

  /** Active escalations due at `now`. */
  dueEscalations(now: number, limit = 50): Escalation[] {
    return this.db.prepare(`SELECT ${ESC_COLS} FROM escalations WHERE state = 'active' AND due <= ? ORDER BY due LIMIT ?`).all(now, limit) as Escalation[];
  }

  /** Every escalation, newest first. */
  escalations(limit = 100): Escalation[] {
    return this.db.prepare(`SELECT ${ESC_COLS} FROM escalations ORDER BY started DESC LIMIT ?`).all(limit) as Escalation[];
  }

  /** Moves an escalation on (next step, round, due, state) in the same transaction as the step's queued notifications. */
  advance(e: Pick<Escalation, 'messageId' | 'step' | 'round' | 'due' | 'state'>, reason: string | null, rows: NewNotification[], now: number): void {
    this.db.transaction(() => {
      this.enqueue(rows, [], now);
      this.db
        .prepare('UPDATE escalations SET step = ?, round = ?, due = ?, state = ?, reason = ?, updated = ? WHERE message_id = ?')
        .run(e.step, e.round, e.due, e.state, reason, now, e.messageId);
    })();
  }

  /** Records who did what to messages (ack, remove, defer). */
  record(acts: MessageAct[]): void {
    const st = this.db.prepare('INSERT INTO message_actions(message_id, action, operator, comment, time, until) VALUES (?,?,?,?,?,?)');
    this.db.transaction(() => {
      for (const a of acts) st.run(a.messageId, a.action, a.operator, a.comment, a.time, a.until);
    })();
  }

  /** What operators did to a message, oldest first. */
  acts(messageId: number): MessageAct[] {
    return this.db
      .prepare('SELECT message_id AS messageId, action, operator, comment, time, until, value FROM message_actions WHERE message_id = ? ORDER BY id')
      .all(messageId) as MessageAct[];
  }

  /** Until when a message is deferred (its latest defer), or null. */
  deferredUntil(messageId: number): number | null {
    const r = this.db.prepare("SELECT until FROM message_actions WHERE message_id = ? AND action = 'defer' ORDER BY id DESC LIMIT 1").get(messageId) as
      | { until: number | null }
      | undefined;
    return r?.until ?? null;
  }

  /** When the message was acknowledged, or null (also null when it is gone). */
  ackOf(messageId: number): number | null {
    const r = this.db.prepare('SELECT ack FROM messages WHERE id = ?').get(messageId) as { ack: number | null } | undefined;
    return r?.ack ?? null;
  }
}

const stamp = (t: number): string => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** One operator action for people (Message Details), the same for every store. */
export function describeAct(a: MessageAct): string {
  const verb =
    a.action === 'ack'
      ? 'Acknowledged'
      : a.action === 'remove'
        ? 'Removed'
        : a.action === 'defer'
          ? 'Deferred'
          : a.action === 'reply'
            ? `Replied ${a.value ?? ''}`
            : a.action;
  const until = a.until !== null ? ` until ${stamp(a.until)}` : '';
  return `${verb} ${stamp(a.time)} UTC by ${a.operator}${until}${a.comment ? `: ${a.comment}` : ''}`;
}

/** What was done about a message, for people (Message Details): who acted, what was notified, its escalation. */
export function messageHistory(t: NotifyTables, messageId: number): { actions: string[]; notifications: string[] } {
  const actions = t.acts(messageId).map(describeAct);
  const notifications = t.forMessage(messageId).map((n) => {
    const what = n.kind === 'escalation' ? `escalation step ${n.step}` : n.kind === 'digest' ? `digest of ${n.count}` : 'message';
    const when = n.state === 'sent' && n.sent !== null ? ` ${stamp(n.sent)} UTC` : '';
    return `${n.channel}: ${what}, ${n.state}${when}${n.state !== 'sent' && n.error ? ` (${n.error})` : ''}`;
  });
  const e = t.escalation(messageId);
  if (e)
    notifications.push(
      `Escalation ${e.procedure}: ${e.state}${e.state === 'active' ? `, step ${e.step + 1} due ${stamp(e.due)} UTC` : ''}${e.reason ? ` (${e.reason})` : ''}`,
    );
  return { actions, notifications };
}
