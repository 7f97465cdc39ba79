// Parses the lines of one source, which may carry several formats (auth.log: sshd + internal-sftp + others).
import type { Fields } from '../core/types.js';
import { addGroups, convert, matchPatterns, parseTime, type CompiledFormat, type CompiledWrapper, type Envelope } from './compile.js';
import { readEntry, type CompiledJsonWrapper } from './json-wrapper.js';
import { UTC_ZONE, type Zone } from '../core/zone.js';

/** What one line became. */
export type LineResult =
  | { kind: 'message' | 'ignored'; msgId: string | null; format: string; pattern: string; time: number | null; fields: Fields }
  /** A wrapped line of a program none of the source's formats claims: counted, not a message. */
  | { kind: 'unclaimed'; program: string }
  /** No format understands the line: becomes MON0010 with the raw line kept. */
  | { kind: 'unparsed'; reason: string; format: string | null };

/**
 * The programs a format claims in syslog lines, those it borrows (read when the owner has no pattern for a line:
 * internal-sftp logging under sshd's tag) and the text wrappers it reads them in (none for a file-only format).
 */
export function syslogClaims(f: CompiledFormat): { programs: string[]; borrowed: string[]; wrappers: string[] } {
  const s = f.spec.syslog;
  return s
    ? { programs: s.programs, borrowed: [], wrappers: s.wrappers }
    : { programs: f.spec.programs ?? [], borrowed: f.spec.borrowedPrograms ?? [], wrappers: f.spec.wrappers ?? [] };
}

/** The formats that read one program's lines, in order: its own first, then those borrowing it. */
interface Claimants {
  own: CompiledFormat | null;
  all: CompiledFormat[];
}

/** Adds a format to a program's claimants: an owner goes first, a borrower after the owners. */
function addClaimant(map: Map<string, Claimants>, program: string, f: CompiledFormat, owns: boolean): void {
  const c = map.get(program) ?? { own: null, all: [] };
  if (owns) (c.own ??= f), c.all.unshift(f);
  else c.all.push(f);
  map.set(program, c);
}

/** A ready parser for a list of formats. */
export class LineParser {
  private readonly prefixed: CompiledFormat[];
  private readonly byWrapper: Array<{ wrapper: CompiledWrapper; programs: Map<string, Claimants> }>;
  private lastTimeKey = '';
  private lastTime: number | null = null;
  /** The last RFC 3339 time with a fraction: to the second, its offset, and their time. */
  private isoHead = '\0';
  private isoTail = '';
  private isoTime: number | null = null;

  /** Under a JSON envelope: every format that claims programs, by program, whatever text wrappers it names. */
  private readonly byProgram = new Map<string, Claimants>();

  constructor(
    formats: CompiledFormat[],
    wrappers: Map<string, CompiledWrapper>,
    /** Year-less times lie before this (a file's mtime); default: the clock when each new time is read. */
    private readonly refTime: number | undefined = undefined,
    /** Lines are JSON entries of this envelope (journalctl -o json), not text lines. */
    private readonly json: CompiledJsonWrapper | null = null,
    /** The zone of times written without one (RFC 3164 syslog): the source's setting. */
    private readonly zone: Zone = UTC_ZONE,
  ) {
    this.prefixed = formats.filter((f) => f.prefix !== null);
    const groups = new Map<string, Map<string, Claimants>>();
    for (const f of formats) {
      const claims = syslogClaims(f);
      for (const w of claims.wrappers) if (!groups.has(w)) groups.set(w, new Map());
      for (const [list, owns] of [
        [claims.programs, true],
        [claims.borrowed, false],
      ] as const) {
        for (const p of list) {
          addClaimant(this.byProgram, p, f, owns);
          for (const w of claims.wrappers) addClaimant(groups.get(w)!, p, f, owns);
        }
      }
    }
    this.byWrapper = [...groups].map(([name, programs]) => {
      const wrapper = wrappers.get(name);
      if (!wrapper) throw new Error(`format uses unknown wrapper ${name}`);
      return { wrapper, programs };
    });
  }

  /** Parses one line (without its newline). */
  parse(line: string): LineResult {
    if (this.json) return this.parseEntry(this.json, line);
    for (const f of this.prefixed) {
      const env = f.prefix!;
      const m = env.matcher.re.exec(line);
      if (m) return this.claim(f, this.envelopeFields(f, env, m), this.timeOf(env, m), line.slice(m[0].length), false);
    }
    // Each envelope's regex fails on the first characters of another's line, so trying them in turn is cheap.
    for (const { wrapper, programs } of this.byWrapper) {
      const m = wrapper.envelope.matcher.re.exec(line);
      if (!m) continue;
      const program = m[wrapper.programIndex] ?? '';
      const c = programs.get(program);
      if (!c) return { kind: 'unclaimed', program };
      return this.finish(c, wrapper.envelope, m, line, program);
    }
    return { kind: 'unparsed', reason: 'line matches no format of the source', format: null };
  }

  /** The epoch ms of a time text; consecutive lines mostly share a second, so each distinct second is parsed once. */
  private time(text: string, layout: Envelope['layout']): number | null {
    // RFC 3339 fractions (rsyslog's microseconds) differ on every line: the rest (to the second, and the offset) is
    // compared in place with the last one's, without building a key string per line.
    if (layout === 'iso' && text.charCodeAt(19) === 46 /* . */) {
      // Milliseconds from the first three digits, read as digits (not a float: 0.57 * 1000 is 569.99…).
      let end = 20;
      let ms = 0;
      for (let c = text.charCodeAt(end); c >= 48 && c <= 57; c = text.charCodeAt(++end))
        if (end < 23) ms += (c - 48) * (end === 20 ? 100 : end === 21 ? 10 : 1);
      if (!(this.isoTail.length === text.length - end && text.startsWith(this.isoHead) && text.endsWith(this.isoTail))) {
        this.isoHead = text.slice(0, 19);
        this.isoTail = text.slice(end);
        this.isoTime = parseTime(this.isoHead + this.isoTail, layout, this.refTime ?? Date.now(), this.zone);
      }
      return this.isoTime === null ? null : this.isoTime + ms;
    }
    if (text !== this.lastTimeKey) {
      this.lastTime = parseTime(text, layout, this.refTime ?? Date.now(), this.zone);
      this.lastTimeKey = text;
    }
    return this.lastTime;
  }

  /** What the envelope's captures give a format's line: host, program, pid, typed as the format says, and its protocol. */
  private envelopeFields(f: CompiledFormat, env: Envelope, m: RegExpExecArray): Fields {
    const fields: Fields = f.spec.protocol ? { protocol: f.spec.protocol } : {};
    addGroups(fields, m, env.names, f.types);
    return fields;
  }

  /** The time of a line from its envelope's time capture (null when the envelope has none). */
  private timeOf(env: Envelope, m: RegExpExecArray): number | null {
    return env.timeIndex ? this.time(m[env.timeIndex]!, env.layout) : null;
  }

  /** The text after the envelope, given to each format reading the program until one knows it. */
  private finish(c: Claimants, env: Envelope, m: RegExpExecArray, line: string, program: string): LineResult {
    const t = this.timeOf(env, m);
    const text = line.slice(m[0].length);
    let first: LineResult | null = null;
    for (const f of c.all) {
      const r = this.claim(f, this.envelopeFields(f, env, m), t, text, true);
      if (r.kind !== 'unparsed') return r;
      first ??= r;
    }
    // A line of a program no format owns, that no borrower knows either, is that program's business.
    return c.own ? first! : { kind: 'unclaimed', program };
  }

  /**
   * The format's patterns on the text after the envelope; `fields` holds what the envelope gave. `wrapped`:
   * the envelope was syslog's (or a journal entry), so a prefixed format's text starts with its syslog prefix.
   */
  private claim(f: CompiledFormat, fields: Fields, t: number | null, text: string, wrapped: boolean): LineResult {
    let rest = text;
    if (wrapped && f.syslogPrefix) {
      const m = f.syslogPrefix.re.exec(rest);
      if (!m) return { kind: 'unparsed', reason: `the text does not start as ${f.spec.name} writes it to syslog`, format: f.spec.name };
      addGroups(fields, m, f.syslogPrefix.names, f.types);
      rest = rest.slice(m[0].length);
    }
    const hit = matchPatterns(f, rest, fields);
    if (!hit) return { kind: 'unparsed', reason: `no pattern of format ${f.spec.name} matches`, format: f.spec.name };
    return { kind: hit.msgId ? 'message' : 'ignored', msgId: hit.msgId, format: f.spec.name, pattern: hit.pattern.id, time: t, fields: hit.fields };
  }

  /** One JSON entry: its program picks the formats, which parse its text; the entry gives time, host, pid. */
  private parseEntry(json: CompiledJsonWrapper, line: string): LineResult {
    const e = readEntry(json, line);
    if (!e.ok) return { kind: 'unparsed', reason: e.reason, format: null };
    const c = this.byProgram.get(e.program);
    if (!c) return { kind: 'unclaimed', program: e.program };
    let first: LineResult | null = null;
    for (const f of c.all) {
      const fields: Fields = f.spec.protocol ? { protocol: f.spec.protocol } : {};
      for (const k in e.fields) fields[k] = convert(e.fields[k]!, f.types[k]);
      fields.program = e.program;
      const r = this.claim(f, fields, e.time, e.text, true);
      if (r.kind !== 'unparsed') return r;
      first ??= r;
    }
    return c.own ? first! : { kind: 'unclaimed', program: e.program };
  }
}
