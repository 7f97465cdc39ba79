// `formats test`: which lines of a file match which pattern, like fail2ban-regex, without touching a store.
import fs from 'node:fs';
import { LineSplitter } from '../collectors/line-splitter.js';
import type { FormatRegistry } from '../formats/registry.js';
import { tally } from './processor.js';

/** Per-pattern hits and the lines no pattern took. */
export interface FormatTestResult {
  file: string;
  formats: string[];
  lines: number;
  matched: number;
  /** `format/pattern` → lines. */
  byPattern: Record<string, number>;
  /** Lines of programs none of the formats claims (shared syslog files). */
  unclaimed: Record<string, number>;
  unmatched: number;
  /** The first 20 unmatched lines with their line numbers. */
  unmatchedSamples: Array<{ line: number; text: string }>;
  seconds: number;
}

/** Runs the file through the formats (all known formats when none is named: the best one wins). */
export function testFormats(registry: FormatRegistry, file: string, formats?: string[]): FormatTestResult {
  const data = fs.readFileSync(file);
  if (formats?.length) return run(registry, file, data, formats);
  const results = registry.names().map((n) => run(registry, file, data, [n]));
  return results.reduce((best, r) => (r.matched > best.matched ? r : best));
}

function run(registry: FormatRegistry, file: string, data: Buffer, formats: string[]): FormatTestResult {
  const started = performance.now();
  const parser = registry.parser(formats);
  const splitter = new LineSplitter();
  const lines = splitter.push(data);
  const tail = splitter.flush();
  if (tail) lines.push(tail);
  const r: FormatTestResult = {
    file,
    formats,
    lines: lines.length,
    matched: 0,
    byPattern: tally(),
    unclaimed: tally(),
    unmatched: 0,
    unmatchedSamples: [],
    seconds: 0,
  };
  lines.forEach((l, i) => {
    const p = l.binary || l.overlong ? null : parser.parse(l.text);
    if (p && (p.kind === 'message' || p.kind === 'ignored')) {
      r.matched++;
      const key = `${p.format}/${p.pattern}`;
      r.byPattern[key] = (r.byPattern[key] ?? 0) + 1;
    } else if (p && p.kind === 'unclaimed') {
      r.unclaimed[p.program] = (r.unclaimed[p.program] ?? 0) + 1;
    } else {
      r.unmatched++;
      if (r.unmatchedSamples.length < 20) r.unmatchedSamples.push({ line: i + 1, text: l.text });
    }
  });
  r.seconds = (performance.now() - started) / 1000;
  return r;
}
