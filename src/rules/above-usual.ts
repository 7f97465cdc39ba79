// Above usual: the files (messages) or bytes of one key in one session or day, far above the key's learned usual
// (factor × its mean), never judged below a floor; without a usual yet, a higher floor. Raised once per period.
import type { AboveUsualDetect, VolumeLimit } from '../core/rule-types.js';
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { dayOf, KEY_SEP, type VolumeRecord } from '../core/baselines.js';
import { compileMatch, matchesAll, type CompiledMatch } from './matcher.js';
import { iso, keyOf, triggerFields, type Alert, type DetectContext, type Primitive } from './detect-common.js';
import type { StateMap } from './state-map.js';

const PRUNE_EVERY = 10_000;
const DAY = 86_400_000;
/** Periods a usual needs before it is trusted (one odd session is not a habit). */
const MIN_PERIODS = 3;

interface Period {
  files: number;
  bytes: number;
  first: number;
  last: number;
  raised: boolean;
}

/** The volume that is "far above usual" for a usual mean (null: no usual yet). */
export function limitFor(l: VolumeLimit, usual: number | null): number {
  return usual === null ? (l.newFloor ?? l.floor) : Math.max(l.floor, l.factor * usual);
}

/** Sums per key and period, and raises the first time a sum crosses its limit. */
export class AboveUsual implements Primitive {
  private readonly on: CompiledMatch;
  /** Session or key+day → its sums so far (kept across restarts: a session's downloads before and after add up). */
  private readonly periods: StateMap<Period>;
  private calls = 0;

  constructor(
    private readonly rule: Rule,
    private readonly spec: AboveUsualDetect,
    private readonly ctx: DetectContext,
  ) {
    this.on = compileMatch(spec.on, ctx.lists);
    this.periods = ctx.map('periods');
  }

  private usual(k: string): VolumeRecord | null {
    const b = this.ctx.baselines();
    const u = b && this.spec.baseline ? b.volume(this.spec.baseline, k) : null;
    return u && u.periods >= MIN_PERIODS ? u : null;
  }

  observe(m: NewMessage, raise: (a: Alert) => void): void {
    if (!matchesAll(this.on, m)) return;
    const k = keyOf(m, this.spec.key);
    if (k === null) return;
    const pk = this.spec.per === 'session' ? m.session : k + KEY_SEP + dayOf(m.time);
    if (pk === null) return;
    // Periods without a message for a day are over (sessions end, days pass).
    if (++this.calls % PRUNE_EVERY === 0) this.periods.pruneBefore(m.time - DAY);
    const p = this.periods.get(pk) ?? { files: 0, bytes: 0, first: m.time, last: m.time, raised: false };
    p.files++;
    p.last = m.time;
    if (this.spec.sum) {
      const v = Number(m.fields[this.spec.sum.field] ?? 0);
      if (Number.isFinite(v) && v > 0) p.bytes += v;
    }
    this.periods.set(pk, p, m.time);
    if (p.raised) return;
    // Cheap test first: below every floor nothing can be far above usual.
    const c = this.spec.count;
    const s = this.spec.sum;
    if ((!c || p.files < Math.min(c.floor, c.newFloor ?? c.floor)) && (!s || p.bytes < Math.min(s.floor, s.newFloor ?? s.floor))) return;
    const u = this.usual(k);
    const limitFiles = c ? limitFor(c, u ? u.files / u.periods : null) : Infinity;
    const limitBytes = s ? limitFor(s, u ? u.bytes / u.periods : null) : Infinity;
    if (p.files < limitFiles && p.bytes < limitBytes) return;
    p.raised = true;
    this.periods.set(pk, p, m.time);
    const fields = {
      ...triggerFields(m, this.rule),
      key: k,
      per: this.spec.per,
      files: p.files,
      bytes: p.bytes,
      since: iso(p.first),
      usual_files: u ? Math.round(u.files / u.periods) : 'none',
      usual_bytes: u ? Math.round(u.bytes / u.periods) : 'none',
      limit_files: Number.isFinite(limitFiles) ? Math.round(limitFiles) : 'none',
      limit_bytes: Number.isFinite(limitBytes) ? Math.round(limitBytes) : 'none',
    };
    delete (fields as Record<string, unknown>).path;
    raise({ time: m.time, system: m.system, session: m.session, fields });
  }
}
