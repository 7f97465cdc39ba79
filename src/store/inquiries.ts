// Inquiry replies: what a rule allows as the answer to an inquiry, and the answer an operator gave. Kept beside the
// messages table, not in it: the allowed replies are not evidence of what happened on the server, and the answer is
// an operator action (message_actions, with its value), like an acknowledgement.
import type Database from 'better-sqlite3';
import type { InquiryReplies, InquiryState, NewMessage } from '../core/types.js';

/** The migration (appended to MIGRATIONS in schema.ts). */
export const INQUIRY_MIGRATION = `CREATE TABLE inquiry_replies(message_id INTEGER PRIMARY KEY, allowed TEXT NOT NULL, default_reply TEXT);
   ALTER TABLE message_actions ADD COLUMN value TEXT;`;

/** What `reply` answers: the value recorded, or why nothing was. */
export type ReplyResult = { ok: true; value: string } | { ok: false; error: string };

/** The stored replies of an inquiry, or the "any reply" default. */
function repliesOf(db: Database.Database, id: number): InquiryReplies {
  const r = db.prepare('SELECT allowed, default_reply AS dflt FROM inquiry_replies WHERE message_id = ?').get(id) as
    | { allowed: string; dflt: string | null }
    | undefined;
  return r ? { allowed: JSON.parse(r.allowed) as string[], default: r.dflt } : { allowed: [], default: null };
}

/** The inquiry table's writer and readers for one store. */
export class InquiryTable {
  private readonly ins: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.ins = db.prepare('INSERT INTO inquiry_replies(message_id, allowed, default_reply) VALUES (?,?,?)');
  }

  /** Keeps the allowed replies of a message just stored with `id` (inside the commit's transaction). */
  keep(m: NewMessage, id: number): void {
    if (m.inquiry && m.replies && (m.replies.allowed.length || m.replies.default !== null))
      this.ins.run(id, JSON.stringify(m.replies.allowed), m.replies.default);
  }

  /** The inquiry's replies and its answer; null when the message is not an inquiry (or is gone). */
  state(id: number): InquiryState | null {
    const m = this.db.prepare('SELECT inquiry FROM messages WHERE id = ?').get(id) as { inquiry: number } | undefined;
    if (m?.inquiry !== 1) return null;
    const answer = this.db
      .prepare("SELECT value, operator, time FROM message_actions WHERE message_id = ? AND action = 'reply' ORDER BY id DESC LIMIT 1")
      .get(id) as { value: string; operator: string; time: number } | undefined;
    return { ...repliesOf(this.db, id), reply: answer ?? null };
  }

  /**
   * Checks a typed reply against the inquiry: a blank takes the default, an allowed value is matched without regard
   * to case and recorded as the rule spells it. Returns the value to record or why it may not be.
   */
  check(id: number, typed: string): ReplyResult {
    const s = this.state(id);
    if (!s) return { ok: false, error: `message ${id} is not an inquiry: acknowledge it instead` };
    if (s.reply) return { ok: false, error: `inquiry ${id} was answered already (${s.reply.value} by ${s.reply.operator})` };
    const value = typed.trim() || s.default;
    if (!value) return { ok: false, error: `type a reply${s.allowed.length ? `: ${s.allowed.join(', ')}` : ''}` };
    if (!s.allowed.length) return { ok: true, value };
    const hit = s.allowed.find((a) => a.toUpperCase() === value.toUpperCase());
    return hit ? { ok: true, value: hit } : { ok: false, error: `reply ${value} not allowed: type ${s.allowed.join(', ')}` };
  }
}
