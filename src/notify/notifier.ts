// The enqueue side: what rules asked for about committed messages becomes queue rows (one per message and
// channel, idempotency key msg:ID:CHANNEL), digest counts and escalations started, in one transaction per batch.
import type { NotifyRequest } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import type { NewNotification, NotifyTables } from '../store/notify-tables.js';
import type { NotifySetup } from './notify-config.js';
import { ChannelNoise, DIGEST_TEXTS } from './noise.js';

/** A committed message a rule asked notifications for. */
export interface NotifyItem {
  messageId: number;
  message: NewMessage;
  request: NotifyRequest;
}

interface OpenDigest {
  key: string;
  messageId: number;
  count: number;
  texts: string[];
  due: number;
  isNew: boolean;
}

/** Counts of one enqueue (what `ingest` may report). */
export interface EnqueueCounts {
  queued: number;
  folded: number;
  suppressed: number;
  escalations: number;
  /** Channels or procedures a rule names that the configuration does not have. */
  unknown: string[];
}

/** Turns notify requests into queue rows under each channel's noise control. */
export class Notifier {
  private readonly noise = new Map<string, { json: string; n: ChannelNoise }>();
  private digestSeq = 0;

  constructor(
    private readonly tables: NotifyTables,
    private readonly setup: () => NotifySetup,
    private readonly now: () => number = Date.now,
  ) {}

  private noiseOf(name: string, s: NotifySetup, now: number): ChannelNoise | null {
    const cfg = s.channels.get(name);
    if (!cfg) return null;
    const json = JSON.stringify(cfg);
    let e = this.noise.get(name);
    if (!e || e.json !== json) {
      e = { json, n: new ChannelNoise(cfg, this.tables, now) };
      this.noise.set(name, e);
    }
    return e.n;
  }

  /** Queues what the items ask for; one transaction. */
  enqueue(items: readonly NotifyItem[]): EnqueueCounts {
    const out: EnqueueCounts = { queued: 0, folded: 0, suppressed: 0, escalations: 0, unknown: [] };
    if (!items.length) return out;
    const now = this.now();
    const s = this.setup();
    const rows: NewNotification[] = [];
    const digests = new Map<string, OpenDigest>();
    const escalations: Array<{ id: number; name: string; due: number }> = [];
    const unknown = new Set<string>();
    for (const it of items) {
      const m = it.message;
      for (const ch of it.request.channels) {
        const noise = this.noiseOf(ch, s, now);
        if (!noise) {
          unknown.add(`channel ${ch}`);
          continue;
        }
        const same = `${m.msgId}\u0000${m.system}\u0000${m.text}`;
        const a = noise.admit(same, m.text, now);
        if (a.kind === 'suppress') {
          out.suppressed++;
          continue;
        }
        if (a.kind === 'send') {
          rows.push({ key: `msg:${it.messageId}:${ch}`, channel: ch, messageId: it.messageId, kind: 'message', state: 'pending', due: now, same });
          out.queued++;
          continue;
        }
        out.folded++;
        let d = digests.get(ch);
        if (!d) {
          const open = this.tables.openDigest(ch);
          if (open && open.due > now)
            d = { key: open.key, messageId: open.messageId ?? it.messageId, count: open.count, texts: open.firstTexts, due: open.due, isNew: false };
          else {
            const share = noise.windowShare(now);
            d = {
              key: `digest:${ch}:${now}:${++this.digestSeq}`,
              messageId: it.messageId,
              count: share.count,
              texts: [...share.texts],
              due: a.due,
              isNew: true,
            };
            noise.digestCreated(now);
          }
          digests.set(ch, d);
        }
        d.count++;
        if (d.texts.length < DIGEST_TEXTS) d.texts.push(m.text);
        d.due = Math.max(d.due, a.due);
      }
      const esc = it.request.escalation;
      if (esc) {
        const p = s.procedures.get(esc);
        if (!p) unknown.add(`escalation procedure ${esc}`);
        else {
          escalations.push({ id: it.messageId, name: esc, due: now + p.steps[0]!.after * 60_000 });
          out.escalations++;
        }
      }
    }
    const updates: Array<{ key: string; count: number; firstTexts: string[]; due: number }> = [];
    for (const [ch, d] of digests) {
      if (d.isNew)
        rows.push({ key: d.key, channel: ch, messageId: d.messageId, kind: 'digest', state: 'open', due: d.due, count: d.count, firstTexts: d.texts });
      else updates.push({ key: d.key, count: d.count, firstTexts: d.texts, due: d.due });
    }
    this.tables.db.transaction(() => {
      this.tables.enqueue(rows, updates, now);
      for (const e of escalations) this.tables.startEscalation(e.id, e.name, e.due, now);
    })();
    out.unknown = [...unknown];
    return out;
  }
}
