// What every detection primitive shares: the alert it reports, what it sees besides messages, keys and evidence.
import type { BaselineReader } from '../core/baselines.js';
import { KEY_SEP } from '../core/baselines.js';
import type { Rule } from '../core/rule-types.js';
import type { Fields, NewMessage } from '../core/types.js';
import type { WatchLists } from '../core/watchlists.js';
import type { Codec, StateLog, StateMap } from './state-map.js';
import { valueOf } from './template.js';

/** What a detection reports: its evidence, raised as the rule's message. */
export interface Alert {
  time: number;
  system: string;
  session: string | null;
  fields: Fields;
}

/** What the engine gives every detection: watch lists, the stored baselines, the log of remembered state. */
export interface DetectEnv {
  lists: WatchLists;
  /** The stored baselines, when the engine runs next to a store (null in rule tests and replays). */
  baselines(): BaselineReader | null;
  log: StateLog;
}

/** What a primitive sees of the world besides messages. */
export interface DetectContext {
  lists: WatchLists;
  baselines(): BaselineReader | null;
  /** A map of remembered values of this rule, kept by the store (when there is one) across restarts. */
  map<T>(name: string, codec?: Codec<T>): StateMap<T>;
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
