// Catalog texts: &VAR templates over a message's fields.
import type { Fields } from '../core/types.js';
import { compileTemplate as compile } from '../core/template.js';

/** A compiled template: fields in, text out. */
export type Template = (fields: Fields) => string;

/** Compiles a first-level text such as `&PROTO: User &USER uploaded file &PATH (&BYTES bytes)`. */
export function compileTemplate(template: string): Template {
  const render = compile(template);
  // Own fields only: `&CONSTRUCTOR` over fields without one is *N, not Object's constructor.
  return (fields) => render((name) => (Object.hasOwn(fields, name) ? fields[name] : undefined));
}
