// The rewrite-text action: `FTP session of &USER ended`, &VARS from the message's fields and attributes.
import type { NewMessage } from '../core/types.js';
import { compileTemplate } from '../core/template.js';

/** A compiled rewrite: message in, new text out. */
export type TextTemplate = (m: NewMessage) => string;

/** A field, else a message attribute of that name (system, source, msgid, severity, session, text), else null. */
export function valueOf(m: NewMessage, name: string): string | number | null {
  // Own fields only: a rule naming `constructor` or `toString` must not find Object's members.
  if (Object.hasOwn(m.fields, name)) return m.fields[name]!;
  switch (name.toLowerCase()) {
    case 'system':
      return m.system;
    case 'source':
      return m.source;
    case 'msgid':
      return m.msgId;
    case 'severity':
      return m.severity;
    case 'session':
      return m.session;
    case 'text':
      return m.text;
    default:
      return null;
  }
}

/** Compiles `&USER`-style templates (`&&` is a literal ampersand); `&TEXT` is the text before the rewrite. */
export function compileTextTemplate(template: string): TextTemplate {
  const render = compileTemplate(template);
  return (m) => render((name) => valueOf(m, name));
}
