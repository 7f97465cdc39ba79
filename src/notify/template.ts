// Notification texts: subject, body and the short SMS form, with the variables operators know from IBM i
// message monitors (&SYST &MSGID &MSG &SEV &DATE &TIME &USER &CLIENT &PATH) and any field of the message (&FIELD).
import type { Message } from '../core/types.js';
import { compileTemplate } from '../core/template.js';

/** What a notification is about: one message, or a digest of several. */
export interface NotifyContent {
  channel: string;
  kind: 'message' | 'digest' | 'escalation' | 'test';
  /** The message (a digest's first one). */
  message: Message | null;
  /** Messages it stands for. */
  count: number;
  firstTexts: string[];
  /** Escalation procedure and step number (1-based). */
  procedure?: string;
  step?: number;
}

/** Rendered texts. */
export interface Rendered {
  subject: string;
  body: string;
  /** At most 160 characters (SMS). */
  short: string;
}

export const DEFAULT_SUBJECT = 'msgmon &SYST &MSGID (severity &SEV): &MSG';
export const DEFAULT_BODY =
  '&MSG\n\nSystem:   &SYST\nMessage:  &MSGID, severity &SEV\nTime:     &DATE &TIME UTC\nUser:     &USER\nClient:   &CLIENT\nPath:     &PATH\nID:       &ID';
const DIGEST_SUBJECT = 'msgmon: &COUNT messages for &CHANNEL';
const DIGEST_BODY = '&COUNT messages matched (the first one may have been sent on its own). The first ones:\n&FIRST';
const SHORT = '&SYST &MSGID &MSG';

/** The short form of SMS: at most 160 characters. */
export function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= 160 ? one : `${one.slice(0, 159)}…`;
}

function lookup(c: NotifyContent, extra: Record<string, string> = {}): (name: string) => string | number | null {
  const m = c.message;
  const iso = m ? new Date(m.time).toISOString() : '';
  return (name) => {
    if (Object.hasOwn(extra, name)) return extra[name]!;
    switch (name) {
      case 'syst':
      case 'system':
        return m?.system ?? null;
      case 'msgid':
        return m?.msgId ?? null;
      case 'msg':
      case 'text':
        return m?.text ?? null;
      case 'sev':
      case 'severity':
        return m?.severity ?? null;
      case 'date':
        return iso.slice(0, 10) || null;
      case 'time':
        return iso.slice(11, 19) || null;
      case 'id':
        return m?.id ?? null;
      case 'count':
        return c.count;
      case 'channel':
        return c.channel;
      case 'first':
        return c.firstTexts.map((t) => `  ${t}`).join('\n');
      case 'procedure':
        return c.procedure ?? null;
      case 'step':
        return c.step ?? null;
    }
    // Own fields only: a template naming `constructor` must not find Object's members.
    return m && Object.hasOwn(m.fields, name) ? m.fields[name]! : null;
  };
}

/** Renders subject, body and short form for a channel's templates (digests have their own). */
export function render(c: NotifyContent, t: { subject?: string; body?: string; short?: string }): Rendered {
  const digest = c.kind === 'digest';
  const subject0 = compileTemplate(digest ? DIGEST_SUBJECT : (t.subject ?? DEFAULT_SUBJECT))(lookup(c));
  const subject = c.kind === 'escalation' ? `Escalation ${c.procedure} step ${c.step}: ${subject0}` : c.kind === 'test' ? `Test: ${subject0}` : subject0;
  const body = compileTemplate(digest ? DIGEST_BODY : (t.body ?? DEFAULT_BODY))(lookup(c));
  const shortText = short(
    compileTemplate(digest ? '&COUNT msgs for &CHANNEL, first: &FIRST1' : (t.short ?? SHORT))(lookup(c, { first1: c.firstTexts[0] ?? '' })),
  );
  return { subject: subject.replace(/[\r\n]+/g, ' '), body, short: shortText };
}

/** Renders one more template of a channel (an SMS API's parameters) with &SUBJECT, &BODY and &SHORT as well. */
export function renderExtra(c: NotifyContent, template: string, r: Rendered): string {
  return compileTemplate(template)(lookup(c, { subject: r.subject, body: r.body, short: r.short }));
}

/** The message as JSON for webhooks and commands (the --json shape of DESIGN §3, times ISO). */
export function messageData(m: Message | null): Record<string, unknown> | null {
  if (!m) return null;
  return {
    id: m.id,
    time: new Date(m.time).toISOString(),
    system: m.system,
    source: m.source,
    msgId: m.msgId,
    severity: m.severity,
    text: m.text,
    fields: m.fields,
    session: m.session,
  };
}
