// `*`/`?` wildcards for msgIds, systems, users and field values, matched without regexes (no backtracking blow-up).

/** A compiled wildcard pattern. */
export type Glob = (s: string) => boolean;

/** True when the pattern has wildcards (plain patterns can be looked up in a Map instead). */
export function hasWildcard(p: string): boolean {
  return p.includes('*') || p.includes('?');
}

/**
 * Compiles a wildcard pattern; the common shapes (exact, `abc*`, `*abc`, `*abc*`) become one string
 * call, the rest the iterative two-pointer match, which is O(n·m) at worst and never exponential.
 */
export function compileGlob(pattern: string, ignoreCase = false): Glob {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (!hasWildcard(p)) return (s) => norm(s) === p;
  const inner = p.slice(1, -1);
  if (!p.includes('?')) {
    const stars = p.split('*').length - 1;
    if (stars === 1 && p.endsWith('*')) return (s) => norm(s).startsWith(p.slice(0, -1));
    if (stars === 1 && p.startsWith('*')) return (s) => norm(s).endsWith(p.slice(1));
    if (stars === 2 && p.startsWith('*') && p.endsWith('*')) return (s) => norm(s).includes(inner);
  }
  return (s) => wildcardMatch(norm(s), p);
}

/** Classic wildcard match: on a mismatch, retry from the last `*` one character further. */
function wildcardMatch(s: string, p: string): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (j < p.length && (p[j] === '?' || (p[j] !== '*' && p[j] === s[i]))) {
      i++;
      j++;
    } else if (j < p.length && p[j] === '*') {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < p.length && p[j] === '*') j++;
  return j === p.length;
}

/** One pattern or a list: matches when any does. */
export function compileGlobs(patterns: string | string[], ignoreCase = false): Glob {
  const list = (Array.isArray(patterns) ? patterns : [patterns]).map((p) => compileGlob(p, ignoreCase));
  return list.length === 1 ? list[0]! : (s) => list.some((g) => g(s));
}
