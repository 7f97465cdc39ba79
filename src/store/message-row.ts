// A message as the messages table holds it: the row shape, its conversion to a Message and back.
import type { Message, NewMessage } from '../core/types.js';
import { CONSOLE_STATE } from './schema.js';
import type { EvidenceValues } from './chain.js';
import { wellFormed as wf } from '../core/sanitize.js';

/** A messages row as better-sqlite3 returns it. */
export interface Row {
  id: number;
  time: number;
  system: string;
  source: string;
  msg_id: string;
  severity: number;
  text: string;
  fields: string;
  session: string | null;
  console: number;
  ack: number | null;
  rules: string | null;
  raw: string;
  highlight: string | null;
  inquiry: number;
  tags: string | null;
}

/** The columns of a Row, with the table alias m. */
export const COLS =
  'm.id, m.time, m.system, m.source, m.msg_id, m.severity, m.text, m.fields, m.session, m.console, m.ack, m.rules, m.raw, m.highlight, m.inquiry, m.tags';

/** A stored row → Message. */
export function toMessage(r: Row): Message {
  return {
    id: r.id,
    time: r.time,
    system: r.system,
    source: r.source,
    msgId: r.msg_id,
    severity: r.severity,
    text: r.text,
    fields: JSON.parse(r.fields),
    session: r.session,
    console: CONSOLE_STATE[r.console] ?? 'shown',
    ack: r.ack,
    rules: r.rules ? JSON.parse(r.rules) : [],
    highlight: r.highlight ? JSON.parse(r.highlight) : null,
    inquiry: r.inquiry === 1,
    tags: r.tags ? JSON.parse(r.tags) : [],
    raw: r.raw,
  };
}

/** EvidenceValues without the id: everything of a message's evidence that is known before the commit numbers it. */
export type EvidenceTail = EvidenceValues extends [number, ...infer Rest] ? Rest : never;

/** A message's evidence made once, for both the insert and the chain hash. */
export interface SealedEvidence {
  /** The column values after the id, in EVIDENCE_COLS order. */
  values: EvidenceTail;
  /**
   * JSON.stringify(values) without its opening bracket: `[` + id + `,` + this is byte for byte JSON.stringify of the
   * whole evidence, so the chain hashes the same text while serializing each message once (the id is known at commit).
   */
  json: string;
}

/**
 * A message's evidence as it is (or was) stored, without the id. Text columns are made well-formed first (SQLite's
 * UTF-8 cannot keep a lone surrogate), so the hash covers what is stored; JSON columns escape them and are stored as made.
 */
export function sealEvidence(m: NewMessage): SealedEvidence {
  const user = m.fields.user;
  const values: EvidenceTail = [
    m.time,
    wf(m.system),
    wf(m.source),
    wf(m.msgId),
    m.severity,
    wf(m.text),
    JSON.stringify(m.fields),
    user === undefined ? null : wf(String(user)),
    m.session === null ? null : wf(m.session),
    m.rules.length ? JSON.stringify(m.rules) : null,
    wf(m.raw),
    m.highlight ? JSON.stringify(m.highlight) : null,
    m.inquiry ? 1 : 0,
    m.tags.length ? JSON.stringify(m.tags) : null,
  ];
  return { values, json: JSON.stringify(values).slice(1) };
}

/** A message's evidence as it is (or was) stored with `id`: one encoding for the insert and for checking exports. */
export function evidenceOf(m: NewMessage, id: number): EvidenceValues {
  return [id, ...sealEvidence(m).values];
}
