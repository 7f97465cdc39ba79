// &VAR templates (IBM message-file style), compiled once so rendering a message is a few concatenations.
import type { Fields } from '../core/types.js';

/** A compiled template: fields in, text out. */
export type Template = (fields: Fields) => string;

/** What a variable with no value shows, as IBM i shows a null substitution value. */
export const MISSING = '*N';

/** `&PROTO` is the protocol in upper case; every other `&NAME` is the field `name`. */
function valueOf(name: string, fields: Fields): string {
  if (name === 'proto') {
    const p = fields.protocol;
    return p === undefined ? 'FTP' : String(p).toUpperCase();
  }
  const v = fields[name];
  return v === undefined || v === '' ? MISSING : String(v);
}

/** Compiles `FTP: User &USER uploaded &PATH` into a render function; `&&` is a literal ampersand. */
export function compileTemplate(template: string): Template {
  const parts: Array<string | { v: string }> = [];
  const re = /&&|&([A-Z][A-Z0-9_]*)/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    parts.push(m[1] ? { v: m[1].toLowerCase() } : '&');
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return (fields) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : valueOf(p.v, fields);
    return out;
  };
}
