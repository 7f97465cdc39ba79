// The console's subset (F21): the prompt's fields, what they mean as a MessageQuery, and position-to times.
import type { MessageQuery } from '../core/services.js';
import { parseTimeSpec } from '../core/time.js';
import type { PromptField } from './render-prompt.js';

/** The fields of the Subset Messages prompt. */
export const SUBSET_FIELDS: PromptField[] = [
  { key: 'system', label: 'Systems', width: 20, hint: 'name, or *ALL' },
  { key: 'severity', label: 'Severity at least', width: 2, hint: '00-99' },
  { key: 'user', label: 'User', width: 20, hint: 'name, blank for all' },
  { key: 'msgId', label: 'Message ID', width: 10, hint: 'FTP002*, blank for all' },
  { key: 'text', label: 'Text contains words', width: 40, hint: '' },
  { key: 'position', label: 'Position to time or text', width: 20, hint: '11:05, 24/11/26 18:00, 2h' },
];

/** The fields of the Activity Log search (an auditor's questions: when, where, who, what). */
export const LOG_SEARCH_FIELDS: PromptField[] = [
  { key: 'from', label: 'From date/time', width: 20, hint: '24/11/26 18:00, 11:05, 7d' },
  { key: 'to', label: 'To date/time', width: 20, hint: 'blank: now' },
  { key: 'system', label: 'System', width: 20, hint: 'name, or *ALL' },
  { key: 'user', label: 'User', width: 20, hint: '' },
  { key: 'client', label: 'Client address or network', width: 43, hint: '' },
  { key: 'msgId', label: 'Message ID', width: 10, hint: 'FTP002*' },
  { key: 'session', label: 'Session', width: 40, hint: '' },
  { key: 'text', label: 'Text contains words', width: 40, hint: '' },
  { key: 'position', label: 'Position to time or text', width: 20, hint: 'a time, or words' },
];

const shownTime = (t: number | undefined) => {
  if (t === undefined) return '';
  const iso = new Date(t).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
};

/** A query's subset as the prompt's field values (what is shown when it opens again). */
export function subsetValues(q: MessageQuery): Record<string, string> {
  return {
    system: q.system ?? '*ALL',
    severity: String(q.minSeverity ?? 0).padStart(2, '0'),
    user: q.user ?? '',
    msgId: q.msgId ?? '',
    text: q.text ?? '',
    client: q.client ?? '',
    session: q.session ?? '',
    from: shownTime(q.since),
    to: shownTime(q.until),
    position: '',
  };
}

/** The query the typed values mean (on top of `base`, the screen's own restriction), or which field is wrong. */
export function subsetQuery(base: MessageQuery, v: Record<string, string>, now = Date.now()): { query: MessageQuery } | { error: string; field: string } {
  const q: MessageQuery = { ...base };
  for (const [key, bound] of [
    ['from', 'since'],
    ['to', 'until'],
  ] as const) {
    const typed = v[key]?.trim() ?? '';
    if (!typed) continue;
    const t = parsePosition(typed, now);
    if (t === null) return { error: `${key === 'from' ? 'From' : 'To'} ${typed} not valid: type 24/11/26 18:00, 11:05, 2026-11-24 18:00 or 7d.`, field: key };
    // A date alone means the whole day: from its start, to its end.
    q[bound] = key === 'from' && /^\d\d\/\d\d\/\d\d$/.test(typed) ? t - 86_400_000 + 1000 : t;
  }
  if (q.since !== undefined && q.until !== undefined && q.since > q.until) return { error: 'From is after To.', field: 'from' };
  for (const key of ['client', 'session'] as const) {
    const typed = v[key]?.trim() ?? '';
    if (typed) q[key] = typed;
  }
  const system = v.system?.trim() ?? '';
  if (system && system.toUpperCase() !== '*ALL') q.system = system;
  const sev = v.severity?.trim() ?? '';
  if (sev) {
    if (!/^\d{1,2}$/.test(sev)) return { error: `Severity ${sev} not valid: type 00 to 99.`, field: 'severity' };
    if (Number(sev) > 0) q.minSeverity = Number(sev);
  }
  const user = v.user?.trim() ?? '';
  if (user) q.user = user;
  const msgId = v.msgId?.trim().toUpperCase() ?? '';
  if (msgId) {
    if (!/^[A-Z0-9*?]{1,10}$/.test(msgId)) return { error: `Message ID ${msgId} not valid: letters, digits and * only (FTP002*).`, field: 'msgId' };
    q.msgId = msgId;
  }
  const text = v.text?.trim() ?? '';
  if (text) q.text = text;
  return { query: q };
}

/**
 * A position-to time as an operator types it: `11:05` or `11:05:30` (today, UTC as the screens show times; the
 * day before when that is still to come), `24/11/26 18:00` (5250 date), `2026-11-24 18:00`, or `2h` ago.
 */
export function parsePosition(text: string, now: number): number | null {
  const s = text.trim();
  const hm = /^(\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(s);
  const day = (t: number) => t - (t % 86_400_000);
  const clock = (h: string, m: string, sec?: string) => {
    const [hh, mm, ss] = [Number(h), Number(m), Number(sec ?? 0)];
    return hh < 24 && mm < 60 && ss < 60 ? ((hh * 60 + mm) * 60 + ss) * 1000 : null;
  };
  if (hm) {
    const c = clock(hm[1]!, hm[2]!, hm[3]);
    if (c === null) return null;
    const t = day(now) + c;
    return t > now ? t - 86_400_000 : t;
  }
  const dmy = /^(\d\d)\/(\d\d)\/(\d\d)(?:\s+(\d{1,2}):(\d\d)(?::(\d\d))?)?$/.exec(s);
  if (dmy) {
    const d = Date.UTC(2000 + Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1]));
    const c = dmy[4] ? clock(dmy[4], dmy[5]!, dmy[6]) : 86_400_000 - 1000;
    return c === null || Number.isNaN(d) ? null : d + c;
  }
  return parseTimeSpec(/^\d{4}-\d\d-\d\d \d/.test(s) ? `${s.replace(' ', 'T')}Z` : s, now);
}
