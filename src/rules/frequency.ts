// Frequency filter: "5 logon failures from one client within 10 minutes", by message time, per key.
import type { Frequency } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { valueOf } from './template.js';

const PRUNE_EVERY = 10_000;

/** Sliding windows of message times, one per key value; state survives batches (it lives in the engine). */
export class FrequencyWindow {
  private readonly windowMs: number;
  private readonly times = new Map<string, number[]>();
  private calls = 0;

  constructor(private readonly spec: Frequency) {
    this.windowMs = spec.minutes * 60_000;
  }

  /** Counts the message; true when it makes `count` or more within the window for its key. */
  hit(m: NewMessage): boolean {
    const key = (this.spec.by ?? []).map((f) => String(valueOf(m, f) ?? '')).join('\u0001');
    let list = this.times.get(key);
    if (!list) this.times.set(key, (list = []));
    const since = m.time - this.windowMs;
    list.push(m.time);
    // Times arrive mostly in order; an out-of-order one only shortens the window for itself.
    let drop = 0;
    while (drop < list.length && list[drop]! <= since) drop++;
    if (drop) list.splice(0, drop);
    if (++this.calls % PRUNE_EVERY === 0) this.prune(m.time);
    if (list.length < this.spec.count) return false;
    if (this.spec.reset) list.length = 0;
    return true;
  }

  /** Forgets keys whose window has passed (thousands of client addresses would otherwise stay forever). */
  private prune(now: number): void {
    for (const [k, list] of this.times) if (!list.length || list[list.length - 1]! <= now - this.windowMs) this.times.delete(k);
  }
}
