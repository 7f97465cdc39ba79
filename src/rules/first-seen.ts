// First seen: a value never seen for its key within N days — a client never seen for this user. History comes
// from the stored baseline (learned by the store from every kept message) and from what this run has seen.
import type { FirstSeenDetect, SeenBaseline } from '../core/rule-types.js';
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { KEY_SEP } from '../core/baselines.js';
import { compileMatch, matchesAll, type CompiledMatch } from './matcher.js';
import { iso, keyOf, triggerFields, type Alert, type DetectContext, type Primitive } from './detect-common.js';
import type { StateMap } from './state-map.js';

const DAY = 86_400_000;
const PRUNE_EVERY = 10_000;

/** The baseline that holds the key alone, for the learning period (the user of user+client). */
const KEY_BASELINE: Record<SeenBaseline, SeenBaseline | null> = { 'user+client': 'user', user: null, client: null };

/** Detects values first seen for their key. */
export class FirstSeen implements Primitive {
  private readonly on: CompiledMatch;
  private readonly days: number;
  private readonly learn: number;
  /** key+value → last seen (by this rule, kept across restarts). */
  private readonly pairs: StateMap<number>;
  /** key → first seen. */
  private readonly keys: StateMap<number>;
  /** `start` → the first message this rule saw. */
  private readonly meta: StateMap<number>;
  private calls = 0;

  constructor(
    private readonly rule: Rule,
    private readonly spec: FirstSeenDetect,
    private readonly ctx: DetectContext,
  ) {
    this.on = compileMatch(spec.on, ctx.lists);
    this.days = (spec.days ?? 90) * DAY;
    this.learn = (spec.learnDays ?? 1) * DAY;
    this.pairs = ctx.map('pairs');
    this.keys = ctx.map('keys');
    this.meta = ctx.map('meta');
  }

  /** When the key was first seen: by this run or, earlier, in the stored history. */
  private knownSince(k: string): number | null {
    let first = this.keys.get(k) ?? null;
    const b = this.ctx.baselines();
    if (b && this.spec.baseline) {
      const kb = KEY_BASELINE[this.spec.baseline];
      const stored = kb ? (b.seen(kb, k)?.first ?? null) : b.since();
      if (stored !== null && (first === null || stored < first)) first = stored;
    }
    const start = this.meta.get('start');
    if (!this.spec.key.length && start !== undefined && (first === null || start < first)) first = start;
    return first;
  }

  observe(m: NewMessage, raise: (a: Alert) => void): void {
    if (this.meta.get('start') === undefined) this.meta.set('start', m.time, m.time);
    if (!matchesAll(this.on, m)) return;
    const k = keyOf(m, this.spec.key);
    const v = keyOf(m, this.spec.value);
    if (k === null || v === null) return;
    const pair = this.spec.key.length ? k + KEY_SEP + v : v;
    let last = this.pairs.get(pair) ?? null;
    const b = this.ctx.baselines();
    if ((last === null || m.time - last > this.days) && b && this.spec.baseline) {
      const stored = b.seen(this.spec.baseline, pair)?.last ?? null;
      if (stored !== null && (last === null || stored > last)) last = stored;
    }
    const fresh = last === null || m.time - last > this.days;
    // A key never seen before is known from now on.
    const since = fresh ? (this.knownSince(k) ?? m.time) : null;
    const seen = Math.max(last ?? m.time, m.time);
    this.pairs.set(pair, seen, seen);
    if (!this.keys.has(k)) this.keys.set(k, m.time, m.time);
    // Pairs not seen for the detection's days are new again anyway.
    if (++this.calls % PRUNE_EVERY === 0) this.pairs.pruneBefore(m.time - this.days);
    if (!fresh || since === null || m.time - since < this.learn) return;
    raise({
      time: m.time,
      system: m.system,
      session: m.session,
      fields: {
        ...triggerFields(m, this.rule),
        key: k,
        value: v,
        last_seen: last === null ? 'never' : iso(last),
        known_since: iso(since),
        days: this.days / DAY,
      },
    });
  }
}
