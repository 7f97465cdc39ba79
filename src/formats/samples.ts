// The load-time proof of a format: each sample matches exactly one pattern and yields its expected fields.
import type { FieldValue } from '../core/types.js';
import { allMatching, type CompiledFormat, type CompiledWrapper } from './compile.js';
import { LineParser } from './parser.js';

function show(v: FieldValue | undefined): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

/** Throws naming file, pattern and sample when a sample does not prove its pattern. */
export function checkSamples(fmt: CompiledFormat, wrappers: Map<string, CompiledWrapper>, where: string): void {
  // A far-future reference time so that year-less syslog samples keep the current year.
  const parser = new LineParser([fmt], wrappers, Date.UTC(2100, 0, 1));
  // A wrapped format's samples may come in any of its envelopes (RFC 3164 or RFC 5424 syslog).
  const envelopes = fmt.prefix ? [fmt.prefix.matcher] : fmt.spec.wrappers!.map((w) => wrappers.get(w)!.envelope.matcher);
  for (const p of fmt.patterns) {
    for (const s of p.spec.samples) {
      const at = `${where} pattern ${p.id}: sample ${JSON.stringify(s.line)}`;
      const env = envelopes.map((e) => e.re.exec(s.line)).find((m) => m !== null);
      if (!env) throw new Error(`${at} does not match the format's ${fmt.prefix ? 'prefix' : 'wrappers'}`);
      const ids = allMatching(fmt, s.line.slice(env[0].length)).map((q) => q.id);
      if (ids.length === 0) throw new Error(`${at} matches no pattern`);
      if (ids.length > 1) throw new Error(`${at} matches ${ids.length} patterns (${ids.join(', ')}); it must match exactly one`);
      if (ids[0] !== p.id) throw new Error(`${at} matches pattern ${ids[0]} instead`);
      const r = parser.parse(s.line);
      if (r.kind !== 'message' && r.kind !== 'ignored') throw new Error(`${at} is ${r.kind}`);
      if (s.msgId !== undefined && r.msgId !== s.msgId) throw new Error(`${at} gives msgId ${r.msgId}, expected ${s.msgId}`);
      for (const [k, v] of Object.entries(s.fields)) {
        if (r.fields[k] !== v) throw new Error(`${at} field ${k} is ${show(r.fields[k])}, expected ${show(v)}`);
      }
    }
  }
  // The same program's lines written through syslog: each must still be understood.
  for (const line of fmt.spec.syslog?.samples ?? []) {
    const r = parser.parse(line);
    if (r.kind !== 'message' && r.kind !== 'ignored')
      throw new Error(`${where} syslog sample ${JSON.stringify(line)} is ${r.kind}${r.kind === 'unparsed' ? `: ${r.reason}` : ''}`);
  }
}
