// Shared pieces of the fuzz suite (test/fuzz-*.test.ts): the replayable seed, hostile text and the real
// lines every format file embeds, which mutations turn into near-misses that reach deep into the patterns.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

/**
 * The run's seed: FUZZ_SEED replays a run (every file prints the seed it used), else a fresh one. fast-check
 * names a failure's seed and path in its error, and FUZZ_PATH with the same seed replays that very case.
 */
export function fuzzSeed(file: string): { seed: number; path?: string } {
  const fromEnv = process.env.FUZZ_SEED;
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
  process.stdout.write(`${file}: fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/${file})\n`);
  return process.env.FUZZ_PATH ? { seed, path: process.env.FUZZ_PATH } : { seed };
}

/** A fuzz property's time limit: its CPU time is a fraction of this, but the machine may be shared with other test runs. */
export const FUZZ_TIMEOUT_MS = 180_000;

/** Runs per property, scaled by FUZZ_SCALE (default 1: the suite's full million inputs). */
export function fuzzRuns<K extends string>(runs: Record<K, number>): Record<K, number> {
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`FUZZ_SCALE must be a positive number, got ${JSON.stringify(process.env.FUZZ_SCALE)}`);
  const out = {} as Record<K, number>;
  for (const k in runs) out[k] = Math.max(1, Math.round(runs[k] * scale));
  return out;
}

/** Prints how many generated inputs a file ran (the suite's budget is 1,000,000 in all). */
export function reportInputs(file: string, counts: Record<string, number>): number {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${file}: ${total} generated inputs (${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})\n`,
  );
  return total;
}

/** Terminal escapes, NUL, controls, bidi overrides, lone surrogates, wide and combining characters. */
export const HOSTILE = [
  '\x1b[2J',
  '\x1b]0;pwned\x07',
  '\x1b[31m',
  '\x9b1m',
  '\x00',
  '\x07',
  '\b',
  '\r',
  '\t',
  '\x7f',
  '\u202e',
  '\u2028',
  '\ud800',
  '\udfff',
  '\ufeff',
  '漢字',
  '👩‍💻',
  'e\u0301',
  '"',
  "'",
  '\\',
  '%s',
  '&USER',
  '&&',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile text, a template as plain text on purpose
  '${x}',
  '{{x}}',
  '__proto__',
  'constructor',
  'toString',
  ' ',
  '',
  '::ffff:',
  '[pid ',
  ']',
  '"PASS ',
  '\\x00',
  'NaN',
  '-1',
  '1e309',
  '99999999999999999999',
];

/**
 * Fragments to build text from: the hostile ones and random strings (any code unit, graphemes) drawn once from the
 * run's seed — drawing fresh random strings for every field costs more than the code under test.
 */
let pool: string[] | null = null;
function fragments(): string[] {
  const seed = Number(process.env.FUZZ_SEED || 0) || 1;
  return (pool ??= [
    ...HOSTILE,
    ...fc.sample(fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 6 })), {
      seed,
      numRuns: 400,
    }),
  ]);
}

/** A string of hostile fragments and printable text. */
export const hostileText = (maxLength = 12): fc.Arbitrary<string> => fc.array(fc.constantFrom(...fragments()), { maxLength }).map((parts) => parts.join(''));

/** Every real line the format files embed: pattern samples, syslog samples and wrapper samples. */
export function formatSamples(dir = path.resolve(__dirname, '../../data/formats')): string[] {
  const out: string[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as {
      patterns?: Array<{ samples: Array<{ line: string }> }>;
      syslog?: { samples: string[] };
      wrappers?: Record<string, { samples?: string[] }> | string[];
    };
    for (const p of doc.patterns ?? []) for (const s of p.samples) out.push(s.line);
    out.push(...(doc.syslog?.samples ?? []));
    if (doc.wrappers && !Array.isArray(doc.wrappers)) for (const w of Object.values(doc.wrappers)) out.push(...(w.samples ?? []));
  }
  return out;
}

/** A real line changed the way hostile or broken logs are: cut, spliced, characters replaced, fragments inserted. */
export function mutatedLine(seeds: string[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds);
  const edit = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: hostileText(3) }),
    fc.record({ op: fc.constant('cut' as const), at: fc.nat(), len: fc.nat({ max: 20 }) }),
    fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...HOSTILE, '0', '4294967296', '-', ' ', '"') }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.oneof(
    { weight: 1, arbitrary: seed },
    { weight: 6, arbitrary: fc.tuple(seed, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([line, edits]) => edits.reduce(applyEdit, line)) },
    { weight: 1, arbitrary: fc.tuple(seed, seed, fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))) },
    { weight: 1, arbitrary: hostileText(20) },
  );
}

function applyEdit(line: string, e: { op: 'insert' | 'cut' | 'replace' | 'truncate'; at: number; text?: string; len?: number }): string {
  const at = e.at % (line.length + 1);
  if (e.op === 'insert') return line.slice(0, at) + e.text + line.slice(at);
  if (e.op === 'cut') return line.slice(0, at) + line.slice(at + e.len!);
  if (e.op === 'replace') return line.slice(0, at) + e.text + line.slice(at + 1);
  return line.slice(0, at);
}

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, truncated sequences, NUL). */
export const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0x00]),
  Buffer.from([0xfe, 0xfe]),
);
