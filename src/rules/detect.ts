// Detections: rules that raise a message of their own (SEC…) when a primitive fires. Each primitive is a small
// class with its state; this file compiles a rule into one, and adds "one alert per wave" to any of them.
import type { BaselineReader } from '../core/baselines.js';
import { KEY_SEP } from '../core/baselines.js';
import type { DetectSpec } from '../core/detect-types.js';
import type { Rule } from '../core/rule-types.js';
import type { Fields, NewMessage } from '../core/types.js';
import type { WatchLists } from '../core/watchlists.js';
import { valueOf } from './template.js';
import { FirstSeen } from './first-seen.js';
import { NotSeenFor } from './not-seen-for.js';
import { AboveUsual } from './above-usual.js';
import { WaveCount } from './wave.js';
import { UnusualHour } from './unusual-hour.js';

/** What a detection reports: its evidence, raised as the rule's message. */
export interface Alert {
  time: number;
  system: string;
  session: string | null;
  fields: Fields;
}

/** What a primitive sees of the world besides messages. */
export interface DetectContext {
  lists: WatchLists;
  /** The stored baselines, when the engine runs next to a store (null in rule tests and replays). */
  baselines(): BaselineReader | null;
}

/** A primitive with its state. */
export interface Primitive {
  /** Sees a message (before response rules change it); calls `raise` for each alert. */
  observe(m: NewMessage, raise: (a: Alert) => void): void;
}

/** A compiled detection rule. */
export interface Detection {
  rule: Rule;
  json: string;
  observe(m: NewMessage, raise: (a: Alert) => void): void;
}

/** The values of key fields joined, or null when one is missing (a message without a user has no user key). */
export function keyOf(m: NewMessage, fields: readonly string[]): string | null {
  let k = '';
  for (let i = 0; i < fields.length; i++) {
    const v = valueOf(m, fields[i]!);
    if (v === null || v === '') return null;
    k += (i ? KEY_SEP : '') + String(v);
  }
  return k;
}

/** ISO time without milliseconds, as evidence shows times. */
export const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** The evidence every alert carries from the message that triggered it. */
export function triggerFields(m: NewMessage, rule: Rule): Fields {
  const f: Fields = { rule: rule.id, trigger: m.msgId };
  for (const name of ['protocol', 'user', 'client', 'path']) if (m.fields[name] !== undefined) f[name] = m.fields[name]!;
  return f;
}

function primitiveFor(rule: Rule, spec: DetectSpec, ctx: DetectContext): Primitive {
  switch (spec.type) {
    case 'first-seen':
      return new FirstSeen(rule, spec, ctx);
    case 'not-seen-for':
      return new NotSeenFor(rule, spec, ctx);
    case 'above-usual':
      return new AboveUsual(rule, spec, ctx);
    case 'wave':
      return new WaveCount(rule, spec, ctx);
    case 'unusual-hour':
      return new UnusualHour(rule, spec, ctx);
  }
}

const PRUNE_EVERY = 10_000;

/** One alert per wave: a key that raised stays quiet while its alerts keep coming less than `quiet` minutes apart. */
class Quiet {
  private readonly last = new Map<string, number>();
  private calls = 0;

  constructor(
    private readonly by: readonly string[],
    private readonly ms: number,
  ) {}

  /** True when the alert may be raised (and starts a wave); false inside a wave (which it prolongs). */
  pass(m: NewMessage): boolean {
    const k = keyOf(m, this.by) ?? '';
    const prev = this.last.get(k);
    this.last.set(k, m.time);
    if (++this.calls % PRUNE_EVERY === 0) for (const [key, t] of this.last) if (t < m.time - this.ms) this.last.delete(key);
    return prev === undefined || m.time - prev > this.ms;
  }
}

/** Compiles a detection rule with fresh state. */
export function compileDetection(rule: Rule, json: string, ctx: DetectContext): Detection {
  const spec = rule.detect!;
  const p = primitiveFor(rule, spec, ctx);
  if (!spec.quiet || spec.type === 'wave') return { rule, json, observe: (m, raise) => p.observe(m, raise) };
  const key = 'key' in spec ? spec.key : [];
  const quiet = new Quiet(spec.quietBy ?? key, spec.quiet * 60_000);
  return {
    rule,
    json,
    observe(m, raise) {
      p.observe(m, (a) => {
        if (quiet.pass(m)) raise(a);
      });
    },
  };
}
