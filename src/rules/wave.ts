// One alert per wave: N matching messages (or N distinct values, for password spraying) within M minutes per key
// raise once when the threshold is crossed; the wave goes on while messages keep coming, and only a quiet
// period of `quiet` minutes lets the next crossing raise again. The alert carries the count and span so far.
import type { WaveDetect } from '../core/rule-types.js';
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { compileMatch, matchesAll, type CompiledMatch } from './matcher.js';
import { iso, keyOf, triggerFields, type Alert, type DetectContext, type Primitive } from './detect-common.js';
import { valueOf } from './template.js';
import { LOGON_MSGIDS } from '../core/baselines.js';
import type { Codec, StateMap } from './state-map.js';

const PRUNE_EVERY = 10_000;
const SAMPLE = 5;

interface KeyState {
  /** Times inside the window (counting mode). */
  times: number[];
  /** Distinct value → its last time inside the window (distinct mode). */
  values: Map<string, number>;
  /** The running wave: its start and last message, or null. */
  wave: { last: number } | null;
}

/** A key's state as stored: the Map of distinct values as pairs in time order. */
const KEY_CODEC: Codec<KeyState> = {
  encode: (s) => JSON.stringify({ t: s.times, v: [...s.values], w: s.wave?.last ?? null }),
  decode: (text) => {
    const o = JSON.parse(text) as { t: number[]; v: [string, number][]; w: number | null };
    return { times: o.t, values: new Map(o.v), wave: o.w === null ? null : { last: o.w } };
  },
};

/** Counts per key in a sliding window and raises once per wave. */
export class WaveCount implements Primitive {
  private readonly on: CompiledMatch;
  private readonly windowMs: number;
  private readonly quietMs: number;
  /** Key → its window and wave (kept across restarts: a wave going on when msgmon stopped goes on after). */
  private readonly keys: StateMap<KeyState>;
  /** Users seen logging on by this run (`known`; the stored baseline knows the earlier ones). */
  private readonly users = new Set<string>();
  private calls = 0;

  constructor(
    private readonly rule: Rule,
    private readonly spec: WaveDetect,
    private readonly ctx: DetectContext,
  ) {
    this.on = compileMatch(spec.on, ctx.lists);
    this.windowMs = spec.minutes * 60_000;
    this.quietMs = spec.quiet * 60_000;
    this.keys = ctx.map('keys', KEY_CODEC);
  }

  /** True when the message's user has logged on before (this run, or the stored baseline). */
  private known(m: NewMessage): boolean {
    const u = m.fields.user;
    if (u === undefined || u === '') return false;
    if (this.users.has(String(u))) return true;
    return this.ctx.baselines()?.seen('user', String(u)) != null;
  }

  observe(m: NewMessage, raise: (a: Alert) => void): void {
    if (this.spec.known && LOGON_MSGIDS.has(m.msgId) && m.fields.user !== undefined) this.users.add(String(m.fields.user));
    if (!matchesAll(this.on, m)) return;
    if (this.spec.known && !this.known(m)) return;
    const k = keyOf(m, this.spec.by);
    if (k === null) return;
    // Keys neither in a window nor in a wave are forgotten.
    if (++this.calls % PRUNE_EVERY === 0) this.keys.pruneBefore(m.time - Math.max(this.windowMs, this.quietMs));
    const s = this.keys.get(k) ?? { times: [], values: new Map<string, number>(), wave: null };
    if (s.wave) {
      if (m.time - s.wave.last <= this.quietMs) {
        s.wave.last = m.time;
        this.keys.set(k, s, m.time);
        return;
      }
      s.wave = null;
    }
    const since = m.time - this.windowMs;
    let n: number;
    let first: number;
    if (this.spec.distinct) {
      const v = valueOf(m, this.spec.distinct);
      if (v === null || v === '') return void this.keys.set(k, s, m.time);
      s.values.delete(String(v));
      s.values.set(String(v), m.time);
      // Insertion order is time order: drop values last seen before the window.
      for (const [val, t] of s.values) {
        if (t > since) break;
        s.values.delete(val);
      }
      n = s.values.size;
      first = s.values.values().next().value ?? m.time;
    } else {
      s.times.push(m.time);
      let drop = 0;
      while (drop < s.times.length && s.times[drop]! <= since) drop++;
      if (drop) s.times.splice(0, drop);
      n = s.times.length;
      first = s.times[0]!;
    }
    if (n < this.spec.count) return void this.keys.set(k, s, m.time);
    const fields = { ...triggerFields(m, this.rule), key: k, wave_count: n, wave_first: iso(first), wave_span: Math.round((m.time - first) / 1000) };
    if (this.spec.distinct) Object.assign(fields, { distinct: this.spec.distinct, sample: [...s.values.keys()].slice(-SAMPLE).join(' ') });
    s.wave = { last: m.time };
    s.times = [];
    s.values = new Map();
    this.keys.set(k, s, m.time);
    raise({ time: m.time, system: m.system, session: m.session, fields });
  }
}
