// Not seen for: a key absent for N days shows up again (a dormant account logs on), or a key never seen at all
// shows up (a logon attempt for a user that never logged on). Judged when the key appears, not by a timer.
import type { NotSeenForDetect } from '../core/rule-types.js';
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { compileMatch, matchesAll, type CompiledMatch } from './matcher.js';
import { iso, keyOf, triggerFields, type Alert, type DetectContext, type Primitive } from './detect-common.js';
import type { StateMap } from './state-map.js';

const DAY = 86_400_000;

/** Detects keys back after a long absence, or never seen. */
export class NotSeenFor implements Primitive {
  private readonly on: CompiledMatch;
  private readonly seen: CompiledMatch;
  private readonly days: number;
  private readonly learn: number;
  /** key → last seen (by this rule, kept across restarts). */
  private readonly last: StateMap<number>;
  /** `start` → the first message this rule saw. */
  private readonly meta: StateMap<number>;

  constructor(
    private readonly rule: Rule,
    private readonly spec: NotSeenForDetect,
    private readonly ctx: DetectContext,
  ) {
    this.on = compileMatch(spec.on, ctx.lists);
    this.seen = spec.seen ? compileMatch(spec.seen, ctx.lists) : this.on;
    this.days = spec.days * DAY;
    this.learn = (spec.learnDays ?? 1) * DAY;
    this.last = ctx.map('last');
    this.meta = ctx.map('meta');
  }

  /** The last sighting of a key before now: this run's, or the stored one when that is later. */
  private lastSeen(k: string, now: number): number | null {
    let last = this.last.get(k) ?? null;
    const b = this.ctx.baselines();
    if ((last === null || now - last >= this.days) && b && this.spec.baseline) {
      const stored = b.seen(this.spec.baseline, k)?.last ?? null;
      if (stored !== null && (last === null || stored > last)) last = stored;
    }
    return last;
  }

  /** How long history goes back: never-seen means something only after the learning days. */
  private historySince(): number | null {
    const b = this.ctx.baselines();
    const stored = b && this.spec.baseline ? b.since() : null;
    const start = this.meta.get('start') ?? null;
    return stored !== null && (start === null || stored < start) ? stored : start;
  }

  observe(m: NewMessage, raise: (a: Alert) => void): void {
    if (this.meta.get('start') === undefined) this.meta.set('start', m.time, m.time);
    const isOn = matchesAll(this.on, m);
    const isSeen = this.seen === this.on ? isOn : matchesAll(this.seen, m);
    if (!isOn && !isSeen) return;
    const k = keyOf(m, this.spec.key);
    if (k === null) return;
    if (isOn) {
      const last = this.lastSeen(k, m.time);
      const base = { time: m.time, system: m.system, session: m.session };
      if (last !== null && m.time - last >= this.days) {
        raise({ ...base, fields: { ...triggerFields(m, this.rule), key: k, last_seen: iso(last), idle_days: Math.floor((m.time - last) / DAY) } });
      } else if (last === null && this.spec.never) {
        const since = this.historySince();
        if (since !== null && m.time - since >= this.learn)
          raise({ ...base, fields: { ...triggerFields(m, this.rule), key: k, last_seen: 'never', history_since: iso(since) } });
      }
    }
    if (isSeen) this.last.set(k, m.time, m.time);
  }
}
