// &VAR templates (IBM message-file style), shared by the catalog's first-level texts and the rules' rewrites.

/** What a variable with no value shows, as IBM i shows a null substitution value. */
export const MISSING = '*N';

/** A compiled template: the variable lookup in, text out. */
export type CompiledTemplate = (lookup: (name: string) => string | number | null | undefined) => string;

/**
 * Compiles `FTP: User &USER uploaded &PATH` once so rendering is a few concatenations; `&&` is a literal
 * ampersand. Variable names are passed to the lookup in lower case; `&PROTO` is the upper-cased `protocol`
 * (FTP when absent); a variable with no value shows as MISSING.
 */
export function compileTemplate(template: string): CompiledTemplate {
  const parts: Array<string | { v: string }> = [];
  const re = /&&|&([A-Za-z][A-Za-z0-9_]*)/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    parts.push(m[1] ? { v: m[1].toLowerCase() } : '&');
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return (lookup) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (p.v === 'proto') {
        const v = lookup('protocol');
        out += v === undefined || v === null ? 'FTP' : String(v).toUpperCase();
      } else {
        const v = lookup(p.v);
        out += v === undefined || v === null || v === '' ? MISSING : String(v);
      }
    }
    return out;
  };
}
