// The sending side: due escalations move, due queue rows are claimed, sent and marked sent after the send; a
// failed send is retried with a doubling wait and ends, after its last attempt, as a MON0050 on the console.
// Channels send in parallel, each its rows in order.
import type { Message } from '../core/types.js';
import type { Notification, NotifyTables } from '../store/notify-tables.js';
import type { NotifySetup } from './notify-config.js';
import type { ChannelConfig } from './channel-schema.js';
import type { Secrets } from './secrets.js';
import { senderFor } from './channel-registry.js';
import { timeoutOf } from './delivery.js';
import { render, type NotifyContent } from './template.js';
import { ChannelNoise } from './noise.js';
import { moveEscalation } from './escalation.js';

/** A notification that failed for good. */
export const FAILED_MSGID = 'MON0050';
/** An escalation step. */
export const ESCALATION_MSGID = 'MON0040';

const DEFAULT_RETRY = { attempts: 4, backoffSeconds: 2 };

/** What the sender needs from outside. */
export interface SenderDeps {
  tables: NotifyTables;
  setup: () => NotifySetup;
  secrets: Secrets;
  message: (id: number) => Message | null;
  /** Puts a MON message on the console (system: the message's, else this host). */
  raise: (msgId: string, fields: Record<string, string | number>, about: Message | null) => void;
  now?: () => number;
  note?: (text: string) => void;
}

/** What one pass did. */
export interface PassResult {
  sent: number;
  failed: number;
  retried: number;
  steps: number;
}

/** Sends what is due, now and then (start) or on demand (pass, drain). */
export class NotifySender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassResult> | null = null;
  private readonly now: () => number;

  constructor(private readonly d: SenderDeps) {
    this.now = d.now ?? Date.now;
  }

  /** One pass: escalations due, then notifications due. Passes never overlap. */
  pass(opts: { closeDigests?: boolean } = {}): Promise<PassResult> {
    this.running ??= this.run(opts).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(opts: { closeDigests?: boolean }): Promise<PassResult> {
    const out: PassResult = { sent: 0, failed: 0, retried: 0, steps: 0 };
    const { tables } = this.d;
    const setup = this.d.setup();
    const now = this.now();
    for (const e of tables.dueEscalations(now)) {
      const mv = moveEscalation(tables, e, setup.procedures.get(e.procedure), now);
      if (mv.kind !== 'step') continue;
      out.steps++;
      const m = this.d.message(e.messageId);
      this.d.raise(
        ESCALATION_MSGID,
        {
          step: mv.step,
          procedure: mv.procedure,
          message: e.messageId,
          reason: `message ${e.messageId} not acknowledged, ${mv.procedure} tells ${mv.channels.join(', ')}`,
        },
        m,
      );
    }
    if (opts.closeDigests) tables.db.prepare("UPDATE notifications SET due = ? WHERE state = 'open' AND due > ?").run(now, now);
    const due = tables.due(now, 200);
    const byChannel = new Map<string, Notification[]>();
    for (const n of due) byChannel.set(n.channel, [...(byChannel.get(n.channel) ?? []), n]);
    await Promise.all(
      [...byChannel].map(async ([ch, rows]) => {
        for (const n of rows) await this.sendOne(n, setup.channels.get(ch), out);
      }),
    );
    return out;
  }

  private async sendOne(n: Notification, cfg: ChannelConfig | undefined, out: PassResult): Promise<void> {
    const { tables } = this.d;
    const now = this.now();
    const hold = (cfg ? timeoutOf(cfg) : 0) + 30_000;
    if (!tables.claim(n.id, now, hold)) return;
    const m = n.messageId !== null ? this.d.message(n.messageId) : null;
    if (n.kind === 'escalation' && n.messageId !== null && tables.ackOf(n.messageId) !== null) return tables.cancel(n.id, 'acknowledged before it was sent');
    if (!cfg) return this.fail(n, `channel ${n.channel} no longer exists`, null, m, out);
    if (n.kind !== 'test' && n.kind !== 'escalation') {
      const noise = new ChannelNoise(cfg, tables, now);
      if (noise.isQuiet(now)) return tables.postpone(n.id, noise.quietEnd(now), n.kind === 'digest' ? 'open' : 'pending');
    }
    const esc = n.kind === 'escalation' && n.messageId !== null ? tables.escalation(n.messageId) : null;
    const content: NotifyContent = {
      channel: n.channel,
      kind: n.kind,
      message: m,
      count: n.count,
      firstTexts: n.firstTexts,
      ...(esc ? { procedure: esc.procedure, step: n.step ?? 0 } : {}),
    };
    try {
      await senderFor(cfg, this.d.secrets)({ content, rendered: render(content, cfg), key: n.key });
      tables.sent(n.id, this.now());
      out.sent++;
    } catch (err) {
      const retry = cfg.retry ?? DEFAULT_RETRY;
      const attempt = n.attempts + 1;
      const why = (err as Error).message;
      if (attempt >= retry.attempts) return this.fail(n, why, attempt, m, out);
      tables.failed(n.id, why, this.now() + retry.backoffSeconds * 1000 * 2 ** (attempt - 1));
      out.retried++;
      this.d.note?.(`notification ${n.key} on ${n.channel} failed (attempt ${attempt} of ${retry.attempts}), retried later: ${why}`);
    }
  }

  private fail(n: Notification, why: string, attempts: number | null, m: Message | null, out: PassResult): void {
    this.d.tables.failed(n.id, why, null);
    out.failed++;
    this.d.raise(FAILED_MSGID, { channel: n.channel, key: n.key, attempts: attempts ?? n.attempts + 1, reason: why, ...(m ? { message: m.id } : {}) }, m);
  }

  /** Passes every `ms` until stop. */
  start(ms = 250): void {
    if (this.timer) return;
    const tick = () => {
      this.pass()
        .catch((err) => this.d.note?.(`notifications: ${(err as Error).message}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, ms);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the passes (waits for one in flight). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  /** Sends what is due now, open digests closed early (a one-shot run ends), until nothing is due or the deadline passes. */
  async drain(deadlineMs: number): Promise<PassResult> {
    const total: PassResult = { sent: 0, failed: 0, retried: 0, steps: 0 };
    const end = this.now() + deadlineMs;
    for (let first = true; this.now() < end; first = false) {
      const r = await this.pass({ closeDigests: first });
      total.sent += r.sent;
      total.failed += r.failed;
      total.retried += r.retried;
      total.steps += r.steps;
      if (!this.d.tables.due(this.now(), 1).length) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    return total;
  }
}
