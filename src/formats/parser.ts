// Parses the lines of one source, which may carry several formats (auth.log: sshd + internal-sftp + others).
import type { Fields } from '../core/types.js';
import { addGroups, convert, matchPatterns, parseTime, type CompiledFormat, type Envelope } from './compile.js';
import type { CompiledWrapper } from './registry.js';
import { readEntry, type CompiledJsonWrapper } from './json-wrapper.js';

/** What one line became. */
export type LineResult =
  | { kind: 'message' | 'ignored'; msgId: string | null; format: string; pattern: string; time: number | null; fields: Fields }
  /** A wrapped line of a program none of the source's formats claims: counted, not a message. */
  | { kind: 'unclaimed'; program: string }
  /** No format understands the line: becomes MON0010 with the raw line kept. */
  | { kind: 'unparsed'; reason: string; format: string | null };

/** The programs a format claims in syslog lines and the text wrappers it reads them in (none for a file-only format). */
export function syslogClaims(f: CompiledFormat): { programs: string[]; wrappers: string[] } {
  const s = f.spec.syslog;
  return s ? { programs: s.programs, wrappers: s.wrappers } : { programs: f.spec.programs ?? [], wrappers: f.spec.wrappers ?? [] };
}

/** A ready parser for a list of formats. */
export class LineParser {
  private readonly prefixed: CompiledFormat[];
  private readonly byWrapper: Array<{ wrapper: CompiledWrapper; programs: Map<string, CompiledFormat> }>;
  private lastTimeText = '';
  private lastTime: number | null = null;

  /** Under a JSON envelope: every format that claims programs, by program, whatever text wrappers it names. */
  private readonly byProgram = new Map<string, CompiledFormat>();

  constructor(
    formats: CompiledFormat[],
    wrappers: Map<string, CompiledWrapper>,
    private readonly refTime: number = Date.now(),
    /** Lines are JSON entries of this envelope (journalctl -o json), not text lines. */
    private readonly json: CompiledJsonWrapper | null = null,
  ) {
    this.prefixed = formats.filter((f) => f.prefix !== null);
    const groups = new Map<string, Map<string, CompiledFormat>>();
    for (const f of formats) {
      const claims = syslogClaims(f);
      for (const p of claims.programs) this.byProgram.set(p, f);
      for (const w of claims.wrappers) {
        const progs = groups.get(w) ?? new Map<string, CompiledFormat>();
        for (const p of claims.programs) progs.set(p, f);
        groups.set(w, progs);
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
      if (m) return this.finish(f, env, m, line);
    }
    for (const { wrapper, programs } of this.byWrapper) {
      const m = wrapper.envelope.matcher.re.exec(line);
      if (!m) continue;
      const program = m[wrapper.programIndex] ?? '';
      const f = programs.get(program);
      if (!f) return { kind: 'unclaimed', program };
      return this.finish(f, wrapper.envelope, m, line);
    }
    return { kind: 'unparsed', reason: 'line matches no format of the source', format: null };
  }

  private finish(f: CompiledFormat, env: Envelope, m: RegExpExecArray, line: string): LineResult {
    const fields: Fields = f.spec.protocol ? { protocol: f.spec.protocol } : {};
    addGroups(fields, m, env.names, f.types);
    let t: number | null = null;
    if (env.timeIndex) {
      const text = m[env.timeIndex]!;
      // Consecutive lines mostly share a second: parse each distinct time text once.
      if (text === this.lastTimeText) t = this.lastTime;
      else {
        t = parseTime(text, env.layout, this.refTime);
        this.lastTimeText = text;
        this.lastTime = t;
      }
    }
    return this.claim(f, fields, t, line.slice(m[0].length), env !== f.prefix);
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

  /** One JSON entry: its program picks the format, which parses its text; the entry gives time, host, pid. */
  private parseEntry(json: CompiledJsonWrapper, line: string): LineResult {
    const e = readEntry(json, line);
    if (!e.ok) return { kind: 'unparsed', reason: e.reason, format: null };
    const f = this.byProgram.get(e.program);
    if (!f) return { kind: 'unclaimed', program: e.program };
    const fields: Fields = f.spec.protocol ? { protocol: f.spec.protocol } : {};
    for (const k in e.fields) fields[k] = convert(e.fields[k]!, f.types[k]);
    fields.program = e.program;
    return this.claim(f, fields, e.time, e.text, true);
  }
}
