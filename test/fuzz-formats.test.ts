// Fuzz (fast-check): every format file through the real line splitter, parser and session strategies, on
// mutated real lines, hostile text, invalid UTF-8 and 100 KB lines. No exception escapes; each line becomes
// one message, a recognised non-message or an unclaimed program's line; every unparsed line is a MON0010
// keeping its raw text exactly, and what is kept survives the store and the terminal sanitizer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FormatRegistry } from '../src/formats/registry.js';
import { Catalog } from '../src/catalog/catalog.js';
import { makeProcessor } from '../src/pipeline/make-processor.js';
import { LineSplitter, MAX_LINE_BYTES, type RawLine } from '../src/collectors/line-splitter.js';
import { MessageStore } from '../src/store/message-store.js';
import { sanitizeForTerminal } from '../src/core/sanitize.js';
import type { NewMessage } from '../src/core/types.js';
import { formatSamples, FUZZ_TIMEOUT_MS, fuzzRuns, fuzzSeed, invalidUtf8, mutatedLine, reportInputs } from './support/fuzz.js';

const FILE = 'fuzz-formats.test.ts';
const registry = FormatRegistry.load();
const catalog = Catalog.load();
const SAMPLES = formatSamples();
const DEMO = ['auth.log', 'vsftpd.log', 'xferlog'].flatMap((f) =>
  fs
    .readFileSync(path.resolve(__dirname, '../data/demo', f), 'utf8')
    .split('\n')
    .filter(Boolean),
);
const SEEDS = [...SAMPLES, ...DEMO];
const counts = { lines: 0, journalEntries: 0 };
const { seed, path: replayPath } = fuzzSeed(FILE);
let dir: string;
let store: MessageStore;
let readBack: ReturnType<typeof prepareReadBack>;

/** Every source shape a user configures: each format alone, auth.log's mix, journal exports. */
const SOURCES = [
  ...registry.names().map((n) => [n]),
  ['sshd', 'sftp'],
  ['sshd', 'sftp', 'vsftpd', 'pureftpd'],
  ['journald-json'],
  ['journald-json', 'vsftpd', 'sshd', 'sftp'],
];
/** Runs per property: about 650,000 lines and 120,000 journal entries (FUZZ_SCALE=0.1 for a quick look). */
const RUNS = fuzzRuns({ lines: 22_000, journal: 6_000 });
const MAX_DATE = 8.64e15;

const prepareReadBack = (s: MessageStore) => s.db.prepare<[number, number]>('SELECT raw, text, fields FROM messages WHERE id BETWEEN ? AND ? ORDER BY id');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-fuzz-'));
  store = new MessageStore(path.join(dir, 'messages.db'));
  readBack = prepareReadBack(store);
});
afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  reportInputs(FILE, counts);
});

/** A failed invariant (plain throws: vitest's expect costs more than parsing a line, and this runs a million times). */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** What a user sees of a message must be well formed, whatever the line held. */
function checkMessage(m: NewMessage, line: RawLine): void {
  const at = () => ` (line ${JSON.stringify(line.text.slice(0, 300))})`;
  check(/^[A-Z]{3}[0-9A-F]{4}$/.test(m.msgId), () => `msgId ${m.msgId}${at()}`);
  check(Number.isFinite(m.time) && Math.abs(m.time) <= MAX_DATE, () => `time ${m.time} is not a date${at()}`);
  check(m.severity >= 0 && m.severity <= 99, () => `severity ${m.severity}${at()}`);
  check(
    typeof m.text === 'string' && !/[\ud800-\udfff]/.test(m.text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')),
    () => `text ${JSON.stringify(m.text)} is not well-formed${at()}`,
  );
  for (const k in m.fields) {
    const v = m.fields[k];
    check(typeof v === 'string' || Number.isFinite(v), () => `field ${k}=${v}${at()}`);
  }
  check(m.raw === line.text, () => `raw ${JSON.stringify(m.raw)} is not the line${at()}`);
  check(!CONTROL.test(sanitizeForTerminal(m.text)) && !CONTROL.test(sanitizeForTerminal(m.raw)), () => `control characters reach the terminal${at()}`);
}

const unclaimedTotal = (u: Record<string, number>) => {
  let n = 0;
  for (const k in u) n += u[k]!;
  return n;
};

/** Runs lines one by one through a fresh processor of `formats`, checking each line's fate; returns what was kept. */
function runLines(formats: string[], lines: RawLine[]): NewMessage[] {
  const proc = makeProcessor(registry, catalog, 'fuzz1', formats, 'fuzz', { refTime: Date.UTC(2026, 10, 25) });
  const parser = registry.parser(formats, Date.UTC(2026, 10, 25));
  const kept: NewMessage[] = [];
  for (const line of lines) {
    const unparsed = proc.totals.unparsed;
    const unclaimed = unclaimedTotal(proc.totals.unclaimed);
    const endedBefore = proc.totals.ended;
    const all = proc.process([line]);
    // A line's time may end sessions idle before it (FTP0041, made from no line); then comes the line's own message.
    const ends = all.slice(0, proc.totals.ended - endedBefore);
    check(
      ends.every((m) => m.msgId === 'FTP0041' && m.fields.session_end === 'idle'),
      () => `idle ends ${JSON.stringify(ends)}`,
    );
    kept.push(...ends);
    const out = all.slice(ends.length);
    check(out.length <= 1, () => `one line gave ${out.length} messages`);
    if (proc.totals.unparsed > unparsed) {
      // Unparsed: a MON0010 with the raw line and a reason, nothing else.
      check(
        out.length === 1 && out[0]!.msgId === 'MON0010' && String(out[0]!.fields.reason) !== '',
        () => `unparsed ${JSON.stringify(line.text)} is not a MON0010 with a reason`,
      );
    } else if (out.length === 0) {
      // Nothing kept: an empty line, a recognised non-message, or another program's line in a shared log.
      const r = line.text === '' || unclaimedTotal(proc.totals.unclaimed) === unclaimed + 1 ? null : parser.parse(line.text);
      check(r === null || r.kind === 'ignored' || r.kind === 'message', () => `line ${JSON.stringify(line.text)} vanished`);
    }
    for (const m of out) {
      checkMessage(m, line);
      kept.push(m);
    }
  }
  return kept;
}

/** Lines exactly as the splitter gives them from the bytes of `texts` joined by newlines, cut into chunks. */
function split(parts: Buffer[], cuts: number[]): RawLine[] {
  const bytes = Buffer.concat(parts);
  const sp = new LineSplitter();
  const lines: RawLine[] = [];
  let at = 0;
  for (const c of cuts) {
    const end = Math.min(bytes.length, at + c);
    lines.push(...sp.push(bytes.subarray(at, end)));
    at = end;
  }
  lines.push(...sp.push(bytes.subarray(at)));
  const tail = sp.flush();
  if (tail) lines.push(tail);
  let newlines = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) newlines++;
  check(lines.length === newlines + (tail ? 1 : 0), () => `${newlines} newlines gave ${lines.length} lines`);
  return lines;
}

const line = mutatedLine(SEEDS);
const rawPart = fc.oneof(
  { weight: 12, arbitrary: line.map((s) => Buffer.from(s + '\n')) },
  { weight: 1, arbitrary: fc.tuple(line, invalidUtf8, line).map(([a, b, c]) => Buffer.concat([Buffer.from(a), b, Buffer.from(c + '\n')])) },
  { weight: 1, arbitrary: line.map((s) => Buffer.from(s + '\r\n')) },
);

describe('fuzz: format parsers and session strategies', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('mutated real lines of every format, in every source shape, cut into arbitrary chunks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOURCES),
        fc.array(rawPart, { minLength: 1, maxLength: 60, size: 'max' }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 8 }),
        fc.nat({ max: 3 }),
        (formats, parts, cuts, storeIt) => {
          const lines = split(parts, cuts);
          counts.lines += lines.length;
          const kept = runLines(formats, lines);
          // What was kept is stored and read back unchanged (the Activity Log is the audit record); one run in
          // four, as SQLite costs more than the parsing under test.
          if (storeIt !== 0) return;
          const ids = store.commit(kept);
          check(ids.length === kept.length, () => `${kept.length} messages, ${ids.length} stored`);
          if (!ids.length) return;
          const rows = readBack.all(ids[0]!, ids[ids.length - 1]!) as Array<{ raw: string; text: string; fields: string }>;
          rows.forEach((r, i) => {
            const m = kept[i]!;
            check(
              r.raw === m.raw && r.text === m.text && r.fields === JSON.stringify(m.fields),
              () => `stored ${JSON.stringify(r)} differs from ${JSON.stringify(m)}`,
            );
          });
        },
      ),
      { seed, path: replayPath, numRuns: RUNS.lines },
    );
  });

  it('journal entries with mutated messages, programs, pids, times and binary MESSAGE arrays', () => {
    const programs = ['sshd', 'sshd-session', 'internal-sftp', 'sftp-server', 'vsftpd', 'pure-ftpd', 'cron', '', '__proto__', 'constructor'];
    const num = fc.oneof(fc.integer().map(String), fc.constantFrom('1795617989261449', '1e30', '-1', 'NaN', '', '9'.repeat(30), '0x10', ' 1 '));
    const entry = fc.record(
      {
        MESSAGE: fc.oneof(
          { weight: 5, arbitrary: line },
          { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }) },
          { weight: 1, arbitrary: fc.constantFrom(null, 5, [300], { a: 1 }) },
        ),
        SYSLOG_IDENTIFIER: fc.oneof(fc.constantFrom(...programs), fc.constant(undefined), fc.constant(['sshd', 'x'])),
        _COMM: fc.constantFrom(...programs),
        SYSLOG_PID: fc.oneof(num, fc.constant(undefined)),
        _PID: num,
        _HOSTNAME: fc.oneof(fc.constantFrom('vm', ''), line),
        _SOURCE_REALTIME_TIMESTAMP: fc.oneof(num, fc.constant(undefined)),
        __REALTIME_TIMESTAMP: num,
      },
      { requiredKeys: [] },
    );
    const formats = ['journald-json'];
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 40, size: 'max' }), (entries) => {
        const lines = split(
          entries.map((e) => Buffer.from(JSON.stringify(e) + '\n')),
          [],
        );
        counts.journalEntries += lines.length;
        runLines(formats, lines);
      }),
      { seed, path: replayPath, numRuns: RUNS.journal },
    );
  });

  it('100 KB lines, NUL and invalid UTF-8 are kept as MON0010 with their bytes visible, the next line parses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOURCES),
        fc.integer({ min: MAX_LINE_BYTES - 2, max: 100 * 1024 }),
        fc.constantFrom(...SAMPLES),
        invalidUtf8,
        (formats, size, good, bad) => {
          const long = Buffer.alloc(size, 'A');
          const lines = split([long, Buffer.from('\n'), bad, Buffer.from(good + '\n'), Buffer.from(good + '\n')], [size - 7, 3]);
          counts.lines += lines.length;
          const kept = runLines(formats, lines);
          const mon = kept.filter((m) => m.msgId === 'MON0010');
          expect(mon.length).toBeGreaterThanOrEqual(size > MAX_LINE_BYTES ? 2 : 1);
          if (size > MAX_LINE_BYTES) expect(String(mon[0]!.fields.reason)).toMatch(/too long/);
          expect(mon.some((m) => /\\x[0-9a-f]{2}/.test(m.raw))).toBe(true);
        },
      ),
      { seed, path: replayPath, numRuns: 60 },
    );
  });
});
