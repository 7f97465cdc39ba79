// Watch rules: expected events that must happen — "a matching message every day by 02:00" (deadline) or
// "a session start followed by its end within 60 min" (sequence). Driven by a clock that advances with
// message time as messages flow and with wall-clock time in a running follower.
import type { DeadlineWatch, Rule, SequenceWatch } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import type { WatchLists } from '../core/watchlists.js';
import { compileMatch, matchesAll, type CompiledMatch } from './matcher.js';
import { localTime, parseHhmm, WEEKDAYS, zonedInstant } from './calendar.js';
import { valueOf } from './template.js';
import { hasWildcard } from './glob.js';

/** What a watch reports when an expected event did not come. */
export interface Missed {
  rule: Rule;
  time: number;
  system: string;
  session: string | null;
  reason: string;
  fields: Record<string, string | number>;
}

/** A compiled watch with its state. */
export interface Watch {
  rule: Rule;
  json: string;
  /** Sees every message (before response rules change or discard it). */
  observe(m: NewMessage): void;
  /** Moves the clock to `t`, reporting every deadline passed without its event. */
  advance(t: number, report: (missed: Missed) => void): void;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const singleSystem = (c: CompiledMatch) => (c.systems?.length === 1 && !hasWildcard(c.systems[0]!) ? c.systems[0]! : '*ALL');

/** Deadline watch: one window [from, by) per listed day; a window we did not see start is not judged. */
class DeadlineState implements Watch {
  private readonly expect: CompiledMatch;
  private readonly from: number;
  private readonly by: number;
  private readonly tz: string;
  private readonly days: Set<number> | null;
  private next: { start: number; deadline: number } | null = null;
  private seen = false;

  constructor(
    readonly rule: Rule,
    readonly json: string,
    private readonly spec: DeadlineWatch,
    lists: WatchLists,
  ) {
    this.expect = compileMatch(spec.expect, lists);
    this.from = parseHhmm(spec.from ?? '00:00')!;
    this.by = parseHhmm(spec.by)!;
    this.tz = spec.tz ?? 'UTC';
    this.days = spec.days ? new Set(spec.days.map((d) => WEEKDAYS.indexOf(d))) : null;
  }

  /** The first window after `t` whose start is not before `notBefore`. */
  private windowAfter(t: number, notBefore: number): { start: number; deadline: number } {
    const lt = localTime(t, this.tz);
    for (let k = -1; k < 400; k++) {
      const d = new Date(Date.UTC(lt.year, lt.month - 1, lt.day + k));
      if (this.days && !this.days.has(d.getUTCDay())) continue;
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const deadline = zonedInstant(y, m, day, this.by, this.tz);
      // A window like 22:00–02:00 starts the evening before its deadline.
      const start = this.from < this.by ? zonedInstant(y, m, day, this.from, this.tz) : zonedInstant(y, m, day - 1, this.from, this.tz);
      if (deadline > t && start >= notBefore) return { start, deadline };
    }
    throw new Error(`watch rule #${this.rule.id}: no deadline within 400 days`);
  }

  observe(m: NewMessage): void {
    if (!this.next) this.next = this.windowAfter(m.time, m.time);
    if (m.time >= this.next.start && m.time < this.next.deadline && matchesAll(this.expect, m)) this.seen = true;
  }

  advance(t: number, report: (missed: Missed) => void): void {
    if (!this.next) {
      this.next = this.windowAfter(t, t);
      return;
    }
    while (t >= this.next.deadline) {
      const w = this.next;
      if (!this.seen) {
        const day = `${WEEKDAYS[localTime(w.deadline - 1, this.tz).dow]} ${iso(w.deadline - 1).slice(0, 10)}`;
        report({
          rule: this.rule,
          time: w.deadline,
          system: singleSystem(this.expect),
          session: null,
          reason: `${this.rule.description}: nothing matched between ${this.spec.from ?? '00:00'} and ${this.spec.by} ${this.tz} (${day})`,
          fields: { rule: this.rule.id, from: iso(w.start), by: iso(w.deadline) },
        });
      }
      this.seen = false;
      this.next = this.windowAfter(w.deadline, w.deadline);
    }
  }
}

interface Pending {
  deadline: number;
  start: NewMessage;
}

/** Sequence watch: pending starts by key, in deadline order (one fixed delay keeps insertion order sorted). */
class SequenceState implements Watch {
  private readonly after: CompiledMatch;
  private readonly expect: CompiledMatch;
  private readonly key: string[];
  private readonly within: number;
  private readonly pending = new Map<string, Pending>();
  /** After and expect are the same filters: every match both ends a wait and starts one. */
  private readonly heartbeat: boolean;

  constructor(
    readonly rule: Rule,
    readonly json: string,
    private readonly spec: SequenceWatch,
    lists: WatchLists,
  ) {
    this.after = compileMatch(spec.after, lists);
    this.expect = compileMatch(spec.expect, lists);
    this.key = spec.key ?? ['session'];
    this.within = spec.within * 60_000;
    this.heartbeat = JSON.stringify(spec.after) === JSON.stringify(spec.expect);
  }

  private keyOf(m: NewMessage): string | null {
    let k = '';
    for (const f of this.key) {
      const v = valueOf(m, f);
      if (v === null || v === '') return null;
      k += String(v) + '\u0001';
    }
    return k;
  }

  observe(m: NewMessage): void {
    const k = this.keyOf(m);
    if (k === null) return;
    // A message that is both (a heartbeat: each run of a batch account expects the next) ends one wait and starts the next.
    const ended = this.pending.has(k) && matchesAll(this.expect, m);
    if (ended) this.pending.delete(k);
    if (!ended || this.heartbeat) {
      if (!matchesAll(this.after, m)) return;
      // Delete first so a restarted key moves to the end (insertion order stays deadline order).
      this.pending.delete(k);
      this.pending.set(k, { deadline: m.time + this.within, start: { ...m, fields: { ...m.fields }, text: '', raw: '', rules: [], tags: [] } });
    }
  }

  advance(t: number, report: (missed: Missed) => void): void {
    for (const [k, p] of this.pending) {
      if (p.deadline > t) break;
      this.pending.delete(k);
      const s = p.start;
      const keyText = this.key.map((f) => `${f} ${String(valueOf(s, f))}`).join(', ');
      const fields: Record<string, string | number> = { rule: this.rule.id, after: s.msgId, started: iso(s.time) };
      for (const f of this.key) fields[f] = valueOf(s, f) ?? '';
      if (s.fields.user !== undefined) fields.user = s.fields.user;
      report({
        rule: this.rule,
        time: p.deadline,
        system: s.system,
        session: s.session,
        reason: `${this.rule.description}: nothing matched within ${this.spec.within} min after ${s.msgId} at ${iso(s.time)} (${keyText})`,
        fields,
      });
    }
  }
}

/** Compiles a watch rule with fresh state. */
export function compileWatch(rule: Rule, json: string = JSON.stringify(rule), lists: WatchLists = {}): Watch {
  const w = rule.watch!;
  return w.type === 'deadline' ? new DeadlineState(rule, json, w, lists) : new SequenceState(rule, json, w, lists);
}
