// Unusual hour: activity outside the working day by a key (user) whose history is nearly all inside it — a day
// worker logging on at 03:12. Keys that work at night (batch accounts, night shifts) are never judged.
import type { UnusualHourDetect } from '../core/rule-types.js';
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { compileMatch, matchesAll, type CompiledMatch } from './matcher.js';
import { keyOf, triggerFields, type Alert, type DetectContext, type Primitive } from './detect-common.js';
import type { StateMap } from './state-map.js';
import { localTime, parseHhmm } from './calendar.js';

const p2 = (n: number) => String(n).padStart(2, '0');

/** Detects activity at hours a day worker is not usually active. */
export class UnusualHour implements Primitive {
  private readonly on: CompiledMatch;
  private readonly from: number;
  private readonly to: number;
  private readonly tz: string;
  private readonly minHistory: number;
  private readonly dayShare: number;
  /** key → activity per UTC hour, as this rule counted it (used when no stored baseline is read). */
  private readonly hours: StateMap<number[]>;

  constructor(
    private readonly rule: Rule,
    private readonly spec: UnusualHourDetect,
    private readonly ctx: DetectContext,
  ) {
    this.on = compileMatch(spec.on, ctx.lists);
    this.from = parseHhmm(spec.dayFrom ?? '07:00')!;
    this.to = parseHhmm(spec.dayTo ?? '19:00')!;
    this.tz = spec.tz ?? 'UTC';
    this.minHistory = spec.minHistory ?? 20;
    this.dayShare = spec.dayShare ?? 0.95;
    this.hours = ctx.map('hours');
  }

  private inDay(minute: number): boolean {
    return this.from <= this.to ? minute >= this.from && minute < this.to : minute >= this.from || minute < this.to;
  }

  observe(m: NewMessage, raise: (a: Alert) => void): void {
    if (!matchesAll(this.on, m)) return;
    const k = keyOf(m, this.spec.key);
    if (k === null) return;
    const b = this.ctx.baselines();
    const stored = b && this.spec.baseline ? b.hours(k) : null;
    const mine = this.hours.get(k);
    const counts = stored ?? mine ?? null;
    const lt = localTime(m.time, this.tz);
    if (counts && !this.inDay(lt.minute)) {
      // The zone's offset now maps the UTC hour buckets to local hours (good to the hour, as habits are).
      const utcMinute = Math.floor(m.time / 60_000) % 1440;
      const offset = ((lt.minute - utcMinute + 1440 + 720) % 1440) - 720;
      let total = 0;
      let day = 0;
      counts.forEach((n, h) => {
        total += n;
        if (this.inDay((((h * 60 + 30 + offset) % 1440) + 1440) % 1440)) day += n;
      });
      if (total >= this.minHistory && day / total >= this.dayShare) {
        raise({
          time: m.time,
          system: m.system,
          session: m.session,
          fields: {
            ...triggerFields(m, this.rule),
            key: k,
            local_time: `${p2(Math.floor(lt.minute / 60))}:${p2(lt.minute % 60)} ${this.tz}`,
            day_share: Math.round((day / total) * 1000) / 10,
            history: total,
            working_day: `${this.spec.dayFrom ?? '07:00'}-${this.spec.dayTo ?? '19:00'}`,
          },
        });
      }
    }
    if (!stored) {
      const tally = mine ?? Array<number>(24).fill(0);
      tally[new Date(m.time).getUTCHours()]!++;
      this.hours.set(k, tally, m.time);
    }
  }
}
