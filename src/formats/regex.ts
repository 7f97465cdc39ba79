// Named-group regexes without the cost of named groups: V8 builds a `groups` object on every match,
// so formats are compiled to plain numbered captures plus a list of names, then read by index.

/** A compiled matcher: `names[i]` is the field name of capture i + 1 (null for an unnamed capture). */
export interface Matcher {
  re: RegExp;
  names: Array<string | null>;
}

/** Rewrites `(?<name>…)` to `(…)` and records the names in capture order. Throws on an invalid regex. */
export function compileMatcher(source: string): Matcher {
  new RegExp(source); // Validate first so errors name the original text.
  const names: Array<string | null> = [];
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    if (c === '(') {
      const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(source.slice(i));
      if (named) {
        names.push(named[1]!);
        out += '(';
        i += named[0].length - 1;
        continue;
      }
      if (source[i + 1] !== '?') names.push(null);
    }
    out += c;
  }
  return { re: new RegExp(out), names };
}
