// Frequency filter: "5 logon failures from one client within 10 minutes", by message time, per key; with `quiet`,
// once per wave ("one alert per wave"): the crossing acts, the rest of the wave is let through untouched.
import type { Frequency } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { valueOf } from './template.js';

const PRUNE_EVERY = 10_000;

interface KeyWindow {
  times: number[];
  /** Last matching message of the running wave (quiet mode), or null. */
  wave: number | null;
}

/** ISO time without milliseconds, as evidence shows times. */
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** Sliding windows of message times, one per key value; state survives batches (it lives in the engine). */
export class FrequencyWindow {
  private readonly windowMs: number;
  private readonly quietMs: number | null;
  private readonly keys = new Map<string, KeyWindow>();
  private calls = 0;

  constructor(private readonly spec: Frequency) {
    this.windowMs = spec.minutes * 60_000;
    this.quietMs = spec.quiet === undefined ? null : spec.quiet * 60_000;
  }

  /** Counts the message; true when it makes `count` or more within the window for its key (and, in quiet mode, starts a wave). */
  hit(m: NewMessage): boolean {
    const key = (this.spec.by ?? []).map((f) => String(valueOf(m, f) ?? '')).join('\u0001');
    let w = this.keys.get(key);
    if (!w) this.keys.set(key, (w = { times: [], wave: null }));
    if (++this.calls % PRUNE_EVERY === 0) this.prune(m.time);
    if (w.wave !== null && this.quietMs !== null) {
      // Inside a wave every message prolongs it; only a quiet gap ends it.
      if (m.time - w.wave <= this.quietMs) {
        w.wave = m.time;
        return false;
      }
      w.wave = null;
    }
    const list = w.times;
    const since = m.time - this.windowMs;
    list.push(m.time);
    // Times arrive mostly in order; an out-of-order one only shortens the window for itself.
    let drop = 0;
    while (drop < list.length && list[drop]! <= since) drop++;
    if (drop) list.splice(0, drop);
    if (list.length < this.spec.count) return false;
    if (this.quietMs !== null) {
      m.fields.wave_count = list.length;
      m.fields.wave_first = iso(list[0]!);
      m.fields.wave_span = Math.round((m.time - list[0]!) / 1000);
      w.wave = m.time;
      list.length = 0;
    } else if (this.spec.reset) list.length = 0;
    return true;
  }

  /** Forgets keys whose window and wave have passed (thousands of client addresses would otherwise stay forever). */
  private prune(now: number): void {
    const keep = Math.max(this.windowMs, this.quietMs ?? 0);
    for (const [k, w] of this.keys) {
      const last = Math.max(w.times[w.times.length - 1] ?? -Infinity, w.wave ?? -Infinity);
      if (last <= now - keep) this.keys.delete(k);
    }
  }
}
