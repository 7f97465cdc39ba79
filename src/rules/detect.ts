// Detections: rules that raise a message of their own (SEC…) when a primitive fires. Each primitive is a small
// class with its state; this file compiles a rule into one, and adds "one alert per wave" to any of them.
import type { DetectSpec } from '../core/rule-types.js';
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { keyOf, type DetectContext, type DetectEnv, type Detection, type Primitive } from './detect-common.js';
import { ruleVersion, StateMap } from './state-map.js';
import { FirstSeen } from './first-seen.js';
import { NotSeenFor } from './not-seen-for.js';
import { AboveUsual } from './above-usual.js';
import { WaveCount } from './wave.js';
import { UnusualHour } from './unusual-hour.js';

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
  /** Key → time of the last alert (raised or held back) of its wave. */
  private readonly last: StateMap<number>;
  private calls = 0;

  constructor(
    private readonly by: readonly string[],
    private readonly ms: number,
    ctx: DetectContext,
  ) {
    this.last = ctx.map('quiet');
  }

  /** True when the alert may be raised (and starts a wave); false inside a wave (which it prolongs). */
  pass(m: NewMessage): boolean {
    const k = keyOf(m, this.by) ?? '';
    const prev = this.last.get(k);
    this.last.set(k, m.time, m.time);
    if (++this.calls % PRUNE_EVERY === 0) this.last.pruneBefore(m.time - this.ms);
    return prev === undefined || m.time - prev > this.ms;
  }
}

/** Compiles a detection rule with fresh state (read back from the store, when there is one, for this version of the rule). */
export function compileDetection(rule: Rule, json: string, env: DetectEnv): Detection {
  const spec = rule.detect!;
  const version = ruleVersion(json);
  const ctx: DetectContext = {
    lists: env.lists,
    baselines: env.baselines,
    map: (name, codec) => new StateMap(env.log, rule.id, version, name, codec),
  };
  const p = primitiveFor(rule, spec, ctx);
  if (!spec.quiet || spec.type === 'wave') return { rule, json, observe: (m, raise) => p.observe(m, raise) };
  const key = 'key' in spec ? spec.key : [];
  const quiet = new Quiet(spec.quietBy ?? key, spec.quiet * 60_000, ctx);
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
