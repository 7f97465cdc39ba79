// The Investigate prompt: its fields, what the typed values mean as an InvestigationQuery (the checks of
// `msgmon investigate`: exactly one of user, client, path; a client is an address or a network), and the values a
// message suggests (6=Investigate on the Activity Log).
import { parseCidr } from '../core/cidr.js';
import type { InvestigationQuery } from '../core/investigation.js';
import type { Message } from '../core/types.js';
import type { PromptField } from './render-prompt.js';
import { parsePosition } from './subset.js';

/** The fields of the Investigate prompt. */
export const INVESTIGATE_FIELDS: PromptField[] = [
  { key: 'user', label: 'User', width: 20, hint: 'thomask' },
  { key: 'client', label: 'Client address or network', width: 43, hint: '' },
  { key: 'path', label: 'Path', width: 40, hint: '/srv/finance/*' },
  { key: 'from', label: 'From date/time', width: 20, hint: '24/11/26 18:00, 11:05, 7d' },
  { key: 'to', label: 'To date/time', width: 20, hint: 'blank: now' },
];

/** The query the typed values mean, or which field is wrong and why. */
export function investigateQuery(v: Record<string, string>, now: number): { query: InvestigationQuery } | { error: string; field: string } {
  const given = (['user', 'client', 'path'] as const).filter((k) => (v[k] ?? '').trim() !== '');
  if (given.length !== 1) {
    return {
      error: given.length ? `Type only one of ${given.join(', ')}: an investigation follows one subject.` : 'Type a user, a client or a path.',
      field: given[1] ?? 'user',
    };
  }
  const key = given[0]!;
  const value = v[key]!.trim();
  if (key === 'client') {
    try {
      parseCidr(value);
    } catch (err) {
      return { error: `Client ${(err as Error).message}.`, field: 'client' };
    }
  }
  const query: InvestigationQuery = { [key]: value };
  for (const [field, bound] of [
    ['from', 'since'],
    ['to', 'until'],
  ] as const) {
    const typed = v[field]?.trim() ?? '';
    if (!typed) continue;
    const t = parsePosition(typed, now);
    if (t === null) return { error: `${field === 'from' ? 'From' : 'To'} ${typed} not valid: type 24/11/26 18:00, 11:05 or 7d.`, field };
    query[bound] = t;
  }
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) return { error: 'From is after To.', field: 'from' };
  return { query };
}

/** What a message suggests investigating: its user, else its client, else its path. */
export function investigateValues(m: Message): Record<string, string> {
  const f = m.fields;
  const pick = (k: string) => (f[k] === undefined || f[k] === '' ? '' : String(f[k]));
  if (pick('user')) return { user: pick('user') };
  if (pick('client')) return { client: pick('client') };
  return { path: pick('path') };
}

/** The query in words, for the result screen's header. */
export function querySubject(q: InvestigationQuery): string {
  if (q.user !== undefined) return `user ${q.user}`;
  if (q.client !== undefined) return `client ${q.client}`;
  return `path ${q.path ?? ''}`;
}
