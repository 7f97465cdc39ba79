// Loads data/formats/*.json, compiles them and proves each against its embedded samples at load.
import fs from 'node:fs';
import path from 'node:path';
import { dataPath } from '../core/paths.js';
import { UsageError } from '../core/errors.js';
import { allMatching, compileFormat, compileRegex, envelopeOf, parseTime, type CompiledFormat, type CompiledWrapper } from './compile.js';
import { formatSchema, wrapperFileSchema, type FormatSpec } from './schema.js';
import { LineParser, syslogClaims } from './parser.js';
import { checkSamples } from './samples.js';
import { compileJsonWrapper, type CompiledJsonWrapper } from './json-wrapper.js';
import type { Zone } from '../core/zone.js';

const WRAPPERS_FILE = 'wrappers.json';

/** Reads and validates a JSON data file, naming the file and the failing key on error. */
function readJson<T>(file: string, parse: (v: unknown) => T): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`format file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return parse(raw);
  } catch (err) {
    const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
    const detail = issues ? issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') : String(err);
    throw new Error(`format file ${file}: ${detail}`);
  }
}

/** All formats msgmon knows, by name. */
export class FormatRegistry {
  private constructor(
    private readonly formats: Map<string, CompiledFormat>,
    readonly wrappers: Map<string, CompiledWrapper>,
    /** JSON envelopes (journald-json): named in a --format list to read JSON entries instead of lines. */
    readonly jsonWrappers: Map<string, CompiledJsonWrapper>,
  ) {}

  /** Loads a folder of format files (default: the package's data/formats). Throws on the first broken file. */
  static load(dir: string = dataPath('formats')): FormatRegistry {
    const wrappers = new Map<string, CompiledWrapper>();
    const jsonWrappers = new Map<string, CompiledJsonWrapper>();
    const wfile = path.join(dir, WRAPPERS_FILE);
    if (fs.existsSync(wfile)) {
      const wf = readJson(wfile, (v) => wrapperFileSchema.parse(v));
      for (const [name, w] of Object.entries(wf.wrappers)) {
        if (w.kind === 'json') {
          jsonWrappers.set(name, compileJsonWrapper(name, w, `format file ${wfile} wrapper ${name}`));
          continue;
        }
        const regex = compileRegex(w.regex, `format file ${wfile} wrapper ${name}`);
        const programIndex = regex.names.indexOf('program') + 1;
        if (programIndex === 0) throw new Error(`format file ${wfile} wrapper ${name}: the regex needs a (?<program>…) group`);
        const envelope = envelopeOf(regex, w.time);
        for (const s of w.samples) {
          const m = regex.re.exec(s);
          if (!m) throw new Error(`format file ${wfile} wrapper ${name}: sample does not match: ${s}`);
          if (parseTime(m[envelope.timeIndex], w.time.layout, Date.UTC(2100, 0, 1)) === null)
            throw new Error(`format file ${wfile} wrapper ${name}: sample's time does not parse: ${s}`);
        }
        wrappers.set(name, { name, envelope, programIndex });
      }
    }
    const formats = new Map<string, CompiledFormat>();
    for (const name of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json') && f !== WRAPPERS_FILE)
      .sort()) {
      const file = path.join(dir, name);
      const spec: FormatSpec = readJson(file, (v) => formatSchema.parse(v));
      if (formats.has(spec.name)) throw new Error(`format file ${file}: format ${spec.name} is defined twice`);
      const named = [...(spec.wrappers ?? []), ...(spec.syslog?.wrappers ?? [])];
      for (const w of named) {
        if (!wrappers.has(w)) throw new Error(`format file ${file}: unknown wrapper ${w} (known: ${[...wrappers.keys()].join(', ')})`);
      }
      // Syslog envelopes are recognised per line, whichever the server writes: a format reading one reads them all.
      const missing = [...wrappers.keys()].filter((w) => named.length && !named.includes(w));
      if (missing.length) throw new Error(`format file ${file}: reads syslog but not in ${missing.join(', ')}: name every text wrapper`);
      const fmt = compileFormat(spec, `format file ${file}`);
      checkSamples(fmt, wrappers, `format file ${file}`);
      formats.set(spec.name, fmt);
    }
    return new FormatRegistry(formats, wrappers, jsonWrappers);
  }

  /** Format names, sorted. */
  names(): string[] {
    return [...this.formats.keys()].sort();
  }

  /** One compiled format, or undefined. */
  get(name: string): CompiledFormat | undefined {
    return this.formats.get(name);
  }

  /** The JSON envelope named in a format list (`journald-json,sshd`), or null: lines are text. */
  envelope(names: string[]): CompiledJsonWrapper | null {
    const named = names.filter((n) => this.jsonWrappers.has(n));
    if (named.length > 1) throw new UsageError(`formats ${named.join(' and ')} are both JSON envelopes: name one`);
    return named.length ? this.jsonWrappers.get(named[0]!)! : null;
  }

  /**
   * Compiled formats by name; an unknown name is a usage error listing the known ones (exit 2). A JSON
   * envelope named alone stands for every format that claims programs (a whole journal export).
   */
  resolve(names: string[]): CompiledFormat[] {
    const own = names.filter((n) => !this.jsonWrappers.has(n));
    if (!own.length && this.envelope(names)) return [...this.formats.values()].filter((f) => syslogClaims(f).programs.length);
    return own.map((n) => {
      const f = this.formats.get(n);
      if (!f)
        throw new UsageError(`unknown format '${n}'. Known formats: ${this.names().join(', ')}; JSON envelopes: ${[...this.jsonWrappers.keys()].join(', ')}`);
      return f;
    });
  }

  /** A parser for a source carrying these formats (in a JSON envelope when one is named); `zone`: of zone-less times. */
  parser(names: string[], refTime?: number, zone?: Zone): LineParser {
    return new LineParser(this.resolve(names), this.wrappers, refTime, this.envelope(names), zone);
  }

  /** Patterns of a format that would claim `rest` (used by sample checks and `formats test`). */
  static matching(fmt: CompiledFormat, rest: string): string[] {
    return allMatching(fmt, rest).map((p) => p.id);
  }
}
