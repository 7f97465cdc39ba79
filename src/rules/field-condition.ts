// Field conditions: equals, glob, regex (re2js: linear time, no ReDoS), in-list, numeric compare, exists.
import { RE2JS } from 're2js';
import type { FieldCondition } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { WATCH_LISTS, type WatchListName, type WatchLists } from '../core/watchlists.js';
import { compileGlob, compileGlobs } from './glob.js';
import { compileNetworks } from '../core/cidr.js';
import { valueOf } from './template.js';

/** A compiled test on a message. */
export type Predicate = (m: NewMessage) => boolean;

/** Compiles a user regex with re2js; throws the engine's own explanation when it is invalid. */
export function compileRegex(source: string, ignoreCase = false): (s: string) => boolean {
  const re = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  return (s) => re.test(s);
}

/** Tests on a present value, all of which must hold. */
function valueTests(c: FieldCondition, lists: WatchLists): Array<(v: string | number) => boolean> {
  const ic = c.ignoreCase ?? false;
  const str = (v: string | number) => (ic ? String(v).toLowerCase() : String(v));
  const tests: Array<(v: string | number) => boolean> = [];
  if (c.equals !== undefined) {
    const want = str(c.equals);
    tests.push((v) => str(v) === want);
  }
  if (c.glob !== undefined) {
    const g = compileGlob(c.glob, ic);
    tests.push((v) => g(String(v)));
  }
  if (c.regex !== undefined) {
    const r = compileRegex(c.regex, ic);
    tests.push((v) => r(String(v)));
  }
  if (c.in !== undefined) {
    const set = new Set(c.in.map(str));
    tests.push((v) => set.has(str(v)));
  }
  if (c.cidr !== undefined) {
    const inside = compileNetworks(c.cidr);
    tests.push((v) => inside(String(v)));
  }
  if (c.list !== undefined) tests.push(listTest(c.list, lists, ic));
  const num = (v: string | number) => (typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v));
  if (c.gt !== undefined) tests.push((v) => num(v) > c.gt!);
  if (c.ge !== undefined) tests.push((v) => num(v) >= c.ge!);
  if (c.lt !== undefined) tests.push((v) => num(v) < c.lt!);
  if (c.le !== undefined) tests.push((v) => num(v) <= c.le!);
  return tests;
}

/**
 * Compiles one condition. A missing field fails unless `orMissing` (or `exists: false`); `not`
 * negates the tests on a present value, so `{field: user, in: [...], not: true}` means "a user, not one of these".
 */
export function compileFieldCondition(c: FieldCondition, lists: WatchLists = {}): Predicate {
  const tests = valueTests(c, lists);
  // A condition on an empty watch list is off: "outside the trusted networks" means nothing until some are named.
  if (c.list !== undefined && !lists[c.list as WatchListName]?.length) return () => false;
  const absentOk = c.orMissing === true || c.exists === false;
  const presentOk = c.exists !== false;
  const neg = c.not === true;
  return (m) => {
    const v = valueOf(m, c.field);
    if (v === null) return absentOk;
    if (!presentOk) return false;
    let ok = true;
    for (const t of tests) {
      if (!t(v)) {
        ok = false;
        break;
      }
    }
    return neg ? !ok : ok;
  };
}

/** The test of a `list` condition: CIDR membership for networks, wildcards for the other lists. */
function listTest(name: string, lists: WatchLists, ignoreCase: boolean): (v: string | number) => boolean {
  const entries = lists[name as WatchListName] ?? [];
  if (!entries.length) return () => false;
  if (WATCH_LISTS[name as WatchListName] === 'cidr') {
    const inside = compileNetworks(entries);
    return (v) => inside(String(v));
  }
  const g = compileGlobs(entries, ignoreCase);
  return (v) => g(String(v));
}
