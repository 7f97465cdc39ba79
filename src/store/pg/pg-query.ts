// A MessageQuery as PostgreSQL conditions: the portable filters come from query.ts (SQLite's own builder) with their
// placeholders numbered; wildcards become LIKE patterns and words a tsvector match, PostgreSQL's own text search.
import { UserError } from '../../core/errors.js';
import type { MessageQuery } from '../../core/services.js';
import { buildWhere } from '../query.js';

/** Conditions on the messages table (alias m) with $n parameters, and whether text search drives the query. */
export interface PgSql {
  where: string[];
  params: unknown[];
  text: boolean;
}

/** A `*`/`?` wildcard pattern as a LIKE pattern: `%`, `_` and the escape character itself are escaped first. */
export function globToLike(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/[*?]/g, (c) => (c === '*' ? '%' : '_'));
}

/** `?` placeholders as $n, numbered from `first` (the conditions built here hold no literal `?`). */
export function numbered(sql: string, first: number): string {
  let n = first;
  return sql.replace(/\?/g, () => `$${n++}`);
}

/** The conditions of `q`; `first` is the number of their first parameter (callers add theirs after). */
export function pgWhere(q: MessageQuery, first = 1): PgSql {
  if (q.client !== undefined) throw new UserError('the client filter (--client) is not available on a PostgreSQL store yet');
  // Filters whose SQL is the same in both dialects (plain comparisons) come from the SQLite builder.
  const common = buildWhere({ ...q, msgId: undefined, path: undefined, text: undefined });
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, ...values: unknown[]) => {
    where.push(numbered(cond, first + params.length));
    params.push(...values);
  };
  for (const cond of common.where) {
    const count = (cond.match(/\?/g) ?? []).length;
    add(cond, ...common.params.slice(params.length, params.length + count));
  }
  if (q.msgId) {
    const id = q.msgId.toUpperCase();
    if (/[*?]/.test(id)) add('m.msg_id LIKE ?', globToLike(id));
    else add('m.msg_id = ?', id);
  }
  if (q.path !== undefined) {
    if (/[*?]/.test(q.path)) add("(m.fields::jsonb ->> 'path') LIKE ?", globToLike(q.path));
    else add("(m.fields::jsonb ->> 'path') = ?", q.path);
  }
  const words = q.text?.trim();
  if (words) add("m.tsv @@ plainto_tsquery('simple', ?)", words);
  return { where, params, text: !!words };
}
