// Noise control of one channel: the same message not twice within a window, a rate limit, bursts folded into a
// digest (count and first texts), and quiet hours. Decides in memory per message (cheap at ingest speed); its
// state is rebuilt from the queue when a process starts, so a restart neither re-sends nor forgets a window.
import type { ChannelConfig } from './channel-schema.js';
import type { NotifyTables } from '../store/notify-tables.js';
import { compileCalendar } from '../rules/calendar.js';

/** How many first texts a digest keeps. */
export const DIGEST_TEXTS = 5;

/** What to do with one message on one channel. */
export type Admission = { kind: 'send' } | { kind: 'fold'; due: number } | { kind: 'suppress' };

/** The first instant at or after `t` outside the calendar (minute steps, at most 8 days on). */
export function nextOutside(inside: (t: number) => boolean, t: number): number {
  let x = Math.ceil(t / 60_000) * 60_000;
  for (let i = 0; i < 8 * 1440 && inside(x); i++) x += 60_000;
  return x;
}

/** The first instant at or after `t` inside the calendar. */
export function nextInside(inside: (t: number) => boolean, t: number): number {
  if (inside(t)) return t;
  let x = Math.ceil(t / 60_000) * 60_000;
  for (let i = 0; i < 8 * 1440 && !inside(x); i++) x += 60_000;
  return x;
}

/** The noise state of one channel. */
export class ChannelNoise {
  private readonly quiet: ((t: number) => boolean) | null;
  /** Creation times of rows that count against the rate limit, oldest first. */
  private sends: number[] = [];
  /** The digest window: opened by a message sent on its own. */
  private window: { end: number; texts: string[] } | null = null;
  private readonly same = new Map<string, number>();

  constructor(
    readonly cfg: ChannelConfig,
    private readonly tables: NotifyTables,
    now: number,
  ) {
    this.quiet = cfg.quiet ? compileCalendar(cfg.quiet) : null;
    if (cfg.rateLimit) {
      const since = now - cfg.rateLimit.minutes * 60_000;
      this.sends = (
        tables.db
          .prepare("SELECT created FROM notifications WHERE channel = ? AND created >= ? AND kind IN ('message', 'digest') ORDER BY created")
          .pluck()
          .all(cfg.name, since) as number[]
      ).slice();
    }
    if (cfg.digestSeconds) {
      const last = tables.db
        .prepare("SELECT max(created) FROM notifications WHERE channel = ? AND kind = 'message' AND created >= ?")
        .pluck()
        .get(cfg.name, now - cfg.digestSeconds * 1000) as number | null;
      if (last !== null) this.window = { end: last + cfg.digestSeconds * 1000, texts: [] };
    }
  }

  /** True inside quiet hours. */
  isQuiet(t: number): boolean {
    return this.quiet?.(t) === true;
  }

  /** When quiet hours that hold `t` end. */
  quietEnd(t: number): number {
    return this.quiet ? nextOutside(this.quiet, t) : t;
  }

  /** Decides about one message (`same`: what makes two messages the same; `text`: its text for a digest). */
  admit(same: string, text: string, now: number): Admission {
    const c = this.cfg;
    if (c.suppressMinutes) {
      const seen = this.same.get(same) ?? this.tables.lastSame(c.name, same);
      if (seen !== null && now - seen < c.suppressMinutes * 60_000) return { kind: 'suppress' };
      this.same.set(same, now);
    }
    if (this.window && now >= this.window.end) this.window = null;
    if (this.isQuiet(now)) return { kind: 'fold', due: this.quietEnd(now) };
    if (this.window) return { kind: 'fold', due: this.window.end };
    if (c.rateLimit) {
      const span = c.rateLimit.minutes * 60_000;
      while (this.sends.length && this.sends[0]! <= now - span) this.sends.shift();
      // The last place of the rate window is the digest's: what does not fit is folded into it, never dropped.
      if (this.sends.length >= c.rateLimit.count - 1) return { kind: 'fold', due: Math.max(now, (this.sends[0] ?? now) + span) };
      this.sends.push(now);
    }
    if (c.digestSeconds) this.window = { end: now + c.digestSeconds * 1000, texts: [text] };
    return { kind: 'send' };
  }

  /** Messages already sent on their own in the current digest window, and their texts (a digest counts them too). */
  windowShare(now: number): { count: number; texts: string[] } {
    if (!this.window || now >= this.window.end) return { count: 0, texts: [] };
    return { count: 1, texts: this.window.texts };
  }

  /** A digest row was created: it takes a place of the rate limit. */
  digestCreated(now: number): void {
    if (this.cfg.rateLimit) this.sends.push(now);
  }
}
