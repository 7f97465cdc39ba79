// A rule's filters compiled into closures. msgId and system are kept apart: the rule index answers them
// once per (system, msgId) pair, so only the other filters run per message.
import type { RuleMatch } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import type { WatchLists } from '../core/watchlists.js';
import { compileFieldCondition, compileRegex, type Predicate } from './field-condition.js';
import { compileGlobs, type Glob } from './glob.js';
import { compileCalendar } from './calendar.js';

/** Compiled filters of one rule (without frequency, which has state and runs last). */
export interface CompiledMatch {
  /** msgId patterns (upper case), or null for any. */
  msgIds: string[] | null;
  msgId: Glob;
  /** System patterns, or null for any. */
  systems: string[] | null;
  system: Glob;
  /** Every other filter. */
  rest: Predicate;
}

const list = (v: string | string[] | undefined): string[] | null => (v === undefined ? null : Array.isArray(v) ? v : [v]);
const any: Glob = () => true;

/** Compiles the stateless filters of a match. */
export function compileMatch(match: RuleMatch, lists: WatchLists = {}): CompiledMatch {
  const tests: Predicate[] = [];
  const msgIds = list(match.msgId)?.map((s) => s.toUpperCase()) ?? null;
  const systems = list(match.system);
  if (match.source !== undefined) {
    const g = compileGlobs(match.source);
    tests.push((m) => g(m.source));
  }
  if (match.user !== undefined) {
    const g = compileGlobs(match.user);
    tests.push((m) => m.fields.user !== undefined && g(String(m.fields.user)));
  }
  if (match.severity) {
    const { min = 0, max = 99 } = match.severity;
    tests.push((m) => m.severity >= min && m.severity <= max);
  }
  for (const c of match.fields ?? []) tests.push(compileFieldCondition(c, lists));
  if (match.text) {
    const { contains, regex, ignoreCase = false } = match.text;
    if (contains !== undefined) {
      const want = ignoreCase ? contains.toLowerCase() : contains;
      tests.push(ignoreCase ? (m) => m.text.toLowerCase().includes(want) : (m) => m.text.includes(want));
    }
    if (regex !== undefined) {
      const r = compileRegex(regex, ignoreCase);
      tests.push((m) => r(m.text));
    }
  }
  if (match.when?.length) {
    const inside = compileCalendar(match.when);
    tests.push((m) => inside(m.time));
  }
  const rest: Predicate =
    tests.length === 0
      ? () => true
      : tests.length === 1
        ? tests[0]!
        : (m) => {
            for (const t of tests) if (!t(m)) return false;
            return true;
          };
  return { msgIds, msgId: msgIds ? compileGlobs(msgIds) : any, systems, system: systems ? compileGlobs(systems) : any, rest };
}

/** Every stateless filter, msgId and system included (watch filters and replays, which have no index). */
export function matchesAll(c: CompiledMatch, m: NewMessage): boolean {
  return c.msgId(m.msgId) && c.system(m.system) && c.rest(m);
}
