// Turns format specs into fast matchers: one prefix regex per line, then only the patterns whose literal start fits.
import type { Fields, FieldValue } from '../core/types.js';
import { parseCtime, parseEpochTime, parseIsoTime, parseSyslogTime } from '../core/time.js';
import type { FormatSpec, PatternSpec, TimeLayout } from './schema.js';
import type { Zone } from '../core/zone.js';
import { compileMatcher, type Matcher } from './regex.js';

/** A compiled pattern of a format. */
export interface CompiledPattern {
  id: string;
  startsWith: string;
  regex: Matcher;
  spec: PatternSpec;
}

/** The start of a line (a format's prefix or a wrapper): its captures, with the time capture read apart. */
export interface Envelope {
  matcher: Matcher;
  /** Names for addGroups: the time capture is nulled so it never lands in the fields. */
  names: Matcher['names'];
  /** Capture index of the time text (0: the envelope has none). */
  timeIndex: number;
  layout: TimeLayout;
}

/** A compiled line envelope (syslog and friends) that hands the rest of the line to a program's format. */
export interface CompiledWrapper {
  name: string;
  envelope: Envelope;
  /** Capture index of the `program` group: which format claims the line. */
  programIndex: number;
}

/** Builds an envelope from a matcher and the time declaration that goes with it. */
export function envelopeOf(matcher: Matcher, time: { field: string; layout: Envelope['layout'] } | undefined): Envelope {
  const timeIndex = time ? matcher.names.indexOf(time.field) + 1 : 0;
  return { matcher, names: matcher.names.map((n, i) => (i + 1 === timeIndex ? null : n)), timeIndex, layout: time?.layout ?? 'iso' };
}

/** Width of the dispatch key: the first characters of the rest of a line pick the candidate patterns. */
const KEY = 4;

/** A compiled format: its own prefix (or none when a wrapper supplies the envelope) and its patterns. */
export interface CompiledFormat {
  spec: FormatSpec;
  prefix: Envelope | null;
  /** The start of the text when the program logs through syslog (spec.syslog), after the wrapper. */
  syslogPrefix: Matcher | null;
  patterns: CompiledPattern[];
  /** Candidate patterns by the first KEY characters of the rest, in spec order; `always` when no key fits. */
  dispatch: Map<string, CompiledPattern[]>;
  always: CompiledPattern[];
  /** Field name → type conversion applied to every captured value. */
  types: Record<string, FieldType>;
}

/** What a matched pattern yields before the pipeline adds system, session and text. */
export interface PatternHit {
  pattern: CompiledPattern;
  msgId: string | null;
  fields: Fields;
}

/** Compiles a regex from a data file, naming the file and pattern when it is invalid. */
export function compileRegex(source: string, where: string): Matcher {
  try {
    return compileMatcher(source);
  } catch (err) {
    throw new Error(`${where}: invalid regex: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Compiles one format spec; `where` names the file for error messages. */
export function compileFormat(spec: FormatSpec, where: string): CompiledFormat {
  const patterns = spec.patterns.map((p) => ({
    id: p.id,
    startsWith: p.startsWith,
    regex: compileRegex(p.regex, `${where} pattern ${p.id}`),
    spec: p,
  }));
  const always = patterns.filter((p) => p.startsWith.length < KEY);
  const dispatch = new Map<string, CompiledPattern[]>();
  for (const key of new Set(patterns.filter((p) => p.startsWith.length >= KEY).map((p) => p.startsWith.slice(0, KEY)))) {
    dispatch.set(
      key,
      patterns.filter((p) => p.startsWith.length < KEY || p.startsWith.startsWith(key)),
    );
  }
  return {
    spec,
    prefix: spec.prefix === undefined ? null : envelopeOf(compileRegex(spec.prefix, `${where} prefix`), spec.time),
    syslogPrefix: spec.syslog ? compileRegex(spec.syslog.prefix, `${where} syslog prefix`) : null,
    types: spec.types,
    patterns,
    dispatch,
    always,
  };
}

/** Field conversions a format may declare. */
export type FieldType = 'int' | 'ip' | 'upper' | 'path';

/**
 * Converts a captured string as the format's `types` say: integers, IPv4-mapped IPv6 addresses unwrapped, verbs
 * upper-cased, repeated slashes of a path made one (Pure-FTPd writes `/home/u//out/a.csv`).
 */
export function convert(value: string, type: FieldType | undefined): FieldValue {
  if (type === 'int') {
    const n = Number(value);
    return Number.isFinite(n) && value !== '' ? n : value;
  }
  if (type === 'ip' && value.startsWith('::ffff:')) return value.slice(7);
  if (type === 'upper') return value.toUpperCase();
  if (type === 'path') return value.replace(/\/{2,}/g, '/');
  return value;
}

/** Copies the captures of a match into `into`, typed; captures that did not take part are left out. */
export function addGroups(into: Fields, m: RegExpExecArray, names: Matcher['names'], types: CompiledFormat['types']): void {
  for (let i = 0; i < names.length; i++) {
    const k = names[i];
    const v = m[i + 1];
    if (k && v !== undefined) into[k] = convert(v, types[k]);
  }
}

/** Parses a time field written in `layout`; `ref` and `zone` place a year- and zone-less syslog time. */
export function parseTime(value: FieldValue | undefined, layout: TimeLayout, ref?: number, zone?: Zone): number | null {
  if (typeof value !== 'string') return null;
  if (layout === 'ctime') return parseCtime(value);
  if (layout === 'syslog') return parseSyslogTime(value, ref, zone);
  if (layout === 'epoch') return parseEpochTime(value);
  return parseIsoTime(value);
}

/** Tries the patterns whose literal start fits `rest`; the first whose regex matches wins. */
export function matchPatterns(fmt: CompiledFormat, rest: string, fields: Fields): PatternHit | null {
  for (const p of fmt.dispatch.get(rest.slice(0, KEY)) ?? fmt.always) {
    if (p.startsWith !== '' && !rest.startsWith(p.startsWith)) continue;
    const m = p.regex.re.exec(rest);
    if (!m) continue;
    // Constant fields first: they are defaults that a captured group (an optional bytes count) overrides.
    if (p.spec.fields) for (const k in p.spec.fields) fields[k] = p.spec.fields[k]!;
    addGroups(fields, m, p.regex.names, fmt.types);
    let msgId = p.spec.msgId;
    for (const c of p.spec.cases ?? []) {
      const v = fields[c.field];
      if (v === undefined) continue;
      const s = String(v);
      const hit = c.equals !== undefined ? s === c.equals : c.in !== undefined ? c.in.includes(s) : s.startsWith(c.prefix!);
      if (!hit) continue;
      msgId = c.msgId;
      if (c.fields) Object.assign(fields, c.fields);
      break;
    }
    return { pattern: p, msgId, fields };
  }
  return null;
}

/** Every pattern of the format whose regex matches `rest` (sample checks: exactly one must). */
export function allMatching(fmt: CompiledFormat, rest: string): CompiledPattern[] {
  return fmt.patterns.filter((p) => (p.startsWith === '' || rest.startsWith(p.startsWith)) && p.regex.re.test(rest));
}
