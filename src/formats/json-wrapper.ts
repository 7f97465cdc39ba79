// JSON envelopes: one JSON object per line (journalctl -o json) whose keys carry what the start of a syslog
// line carries (time, host, program, pid), so the formats of those programs parse the message text unchanged.
import { isUtf8 } from 'node:buffer';
import type { JsonWrapperSpec } from './schema.js';
import { dateOrNull } from '../core/time.js';

/** A loaded JSON wrapper. */
export interface CompiledJsonWrapper {
  name: string;
  spec: JsonWrapperSpec;
}

/** What one entry carries for the parser, or why it cannot be read. */
export type EntryParts = { ok: true; program: string; text: string; time: number | null; fields: Record<string, string> } | { ok: false; reason: string };

/** The first of `keys` whose value is a string (journald gives a repeated or binary field as an array). */
function firstString(entry: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = entry[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/**
 * The message text. journalctl writes a MESSAGE that is not printable UTF-8 as an array of bytes: bytes that
 * are valid UTF-8 without NUL (a text with an escape or CR) are text; anything else is binary, as in a file.
 */
function textOf(value: unknown, key: string): { text: string } | { reason: string } {
  if (typeof value === 'string') return { text: value };
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    const buf = Buffer.from(value as number[]);
    return isUtf8(buf) && !buf.includes(0) ? { text: buf.toString('utf8') } : { reason: `${key} is binary data, not text` };
  }
  return { reason: `the entry has no ${key}` };
}

/** Reads one line as an entry of the wrapper. */
export function readEntry(w: CompiledJsonWrapper, line: string): EntryParts {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `not a ${w.name} entry: ${(err as Error).message}` };
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { ok: false, reason: `not a ${w.name} entry: not a JSON object` };
  const e = entry as Record<string, unknown>;
  const t = textOf(e[w.spec.text], w.spec.text);
  if ('reason' in t) return { ok: false, reason: t.reason };
  const fields: Record<string, string> = {};
  for (const [name, keys] of Object.entries(w.spec.fields)) {
    const v = firstString(e, keys);
    if (v !== undefined) fields[name] = v;
  }
  const us = Number(firstString(e, w.spec.time.fields));
  return { ok: true, program: firstString(e, w.spec.program) ?? '', text: t.text, time: dateOrNull(Math.floor(us / 1000)), fields };
}

/** Checks a wrapper's samples: each must be an entry with a program, a text and a time. Throws naming the sample. */
export function compileJsonWrapper(name: string, spec: JsonWrapperSpec, where: string): CompiledJsonWrapper {
  const w = { name, spec };
  for (const s of spec.samples) {
    const r = readEntry(w, s);
    const problem = !r.ok ? r.reason : r.program === '' ? 'it names no program' : r.time === null ? `it has none of ${spec.time.fields.join(', ')}` : null;
    if (problem) throw new Error(`${where}: sample ${JSON.stringify(s.slice(0, 80))}…: ${problem}`);
  }
  return w;
}
