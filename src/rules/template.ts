// The rewrite-text action: `FTP session of &USER ended`, &VARS from the message's fields and attributes.
import type { NewMessage } from '../core/types.js';

/** A compiled rewrite: message in, new text out. */
export type TextTemplate = (m: NewMessage) => string;

/** What a variable with no value shows, as IBM i shows a null substitution value (and the catalog does). */
export const MISSING = '*N';

/** A field, else a message attribute of that name (system, source, msgid, severity, session, text), else null. */
export function valueOf(m: NewMessage, name: string): string | number | null {
  const v = m.fields[name];
  if (v !== undefined) return v;
  switch (name.toLowerCase()) {
    case 'system': return m.system;
    case 'source': return m.source;
    case 'msgid': return m.msgId;
    case 'severity': return m.severity;
    case 'session': return m.session;
    case 'text': return m.text;
    default: return null;
  }
}

function variable(m: NewMessage, name: string): string {
  if (name === 'proto') {
    const p = m.fields.protocol;
    return p === undefined ? 'FTP' : String(p).toUpperCase();
  }
  const v = valueOf(m, name);
  return v === null || v === '' ? MISSING : String(v);
}

/** Compiles `&USER`-style templates (`&&` is a literal ampersand); `&TEXT` is the text before the rewrite. */
export function compileTextTemplate(template: string): TextTemplate {
  const parts: Array<string | { v: string }> = [];
  const re = /&&|&([A-Za-z][A-Za-z0-9_]*)/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    parts.push(m[1] ? { v: m[1].toLowerCase() } : '&');
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return (m) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : variable(m, p.v);
    return out;
  };
}
