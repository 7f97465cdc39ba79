// Fuzz (fast-check): command lines built from the real commander program (its commands, options and arguments)
// with valid, invalid and hostile values, run in-process against a home filled from hostile logs. No exception
// escapes; the exit code is 0, 1 or 2 (status: 0-3); an error is one line on stderr that is not a stack;
// --json prints only JSON; text output carries no terminal control characters from remote text.
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadAllCommands, program, runCli } from '../src/cli.js';
import { FUZZ_TIMEOUT_MS, fuzzRuns, fuzzSeed, hostileText, reportInputs } from './support/fuzz.js';

const FILE = 'fuzz-cli.test.ts';
const { seed, path: replayPath } = fuzzSeed(FILE);
const counts = { commandLines: 0 };
/** Runs: about 5,000 command lines (each a full in-process run of msgmon). */
const RUNS = fuzzRuns({ argv: 5_000 });
afterAll(() => reportInputs(FILE, counts));

/**
 * Commands that never end by themselves (the console, demo, collect) or go to the network (hosts test/trust,
 * doctor HOST over SSH): the suite runs everything else. `ingest` gets a file (stdin would wait).
 */
const LEFT_OUT = new Set(['demo', 'collect', 'hosts test', 'hosts trust', 'doctor', 'help']);

interface CommandShape {
  path: string[];
  flags: Array<{ flag: string; value: boolean }>;
  args: number;
}

/** Every runnable command of the program with its options and how many arguments it takes. */
function shapes(cmd: Command, prefix: string[] = []): CommandShape[] {
  const out: CommandShape[] = [];
  for (const c of cmd.commands) {
    const p = [...prefix, c.name()];
    if (LEFT_OUT.has(p.join(' '))) continue;
    const sub = shapes(c, p);
    out.push(...sub);
    // A command with subcommands runs its default one or prints help; either is worth running.
    out.push({ path: p, flags: c.options.map((o) => ({ flag: o.long ?? o.short!, value: o.required || o.optional })), args: c.registeredArguments.length });
  }
  return out;
}

let dir: string;
let home: string;
const startDir = process.cwd();
const files: Record<string, string> = {};
// Commands register when first run; the fuzz suite walks all of them.
await loadAllCommands();
const SHAPES = shapes(program);

/** Captures stdout and stderr of one in-process run. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out += String(chunk);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(['node', 'msgmon', ...argv]);
    return { code, out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = undefined;
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-fuzz-cli-'));
  home = path.join(dir, 'home');
  // Generated --out values are relative paths: they must land in the run's folder, not in the checkout.
  fs.mkdirSync(path.join(dir, 'cwd'));
  process.chdir(path.join(dir, 'cwd'));
  const demo = (f: string) => fs.readFileSync(path.resolve(__dirname, '../data/demo', f), 'utf8');
  // Remote text that tries to drive the terminal: program names, users and paths with escapes.
  const esc = '\x1b]0;pwned\x07\x1b[2J';
  files.auth = path.join(dir, 'auth.log');
  fs.writeFileSync(
    files.auth,
    demo('auth.log') +
      [
        `Nov 25 12:30:00 web1 ${esc}[77]: hello`,
        `Nov 25 12:30:01 web1 sshd[4242]: Failed password for ${esc}x from 10.0.0.9 port 22 ssh2`,
        `Nov 25 12:30:02 web1 sshd[4243]: Accepted password for a${esc} from 10.0.0.${esc} port 22 ssh2`,
        '\x00\xff binary',
      ].join('\n') +
      '\n',
  );
  files.vsftpd = path.join(dir, 'vsftpd.log');
  fs.writeFileSync(
    files.vsftpd,
    demo('vsftpd.log') +
      [
        `Wed Nov 25 12:31:00 2026 [pid 999] CONNECT: Client "10.0.0.${esc}"`,
        `Wed Nov 25 12:31:01 2026 [pid 999] [${esc}] OK LOGIN: Client "10.0.0.1"`,
        `Wed Nov 25 12:31:02 2026 [pid 999] [${esc}] OK UPLOAD: Client "10.0.0.1", "/tmp/${esc}", 12 bytes, 1.00Kbyte/sec`,
      ].join('\n') +
      '\n',
  );
  files.rule = path.join(dir, 'rule.json');
  fs.writeFileSync(
    files.rule,
    JSON.stringify({ description: `Uploads ${esc}`, match: { msgId: 'FTP0020' }, actions: { text: `&USER ${esc}`, highlight: { color: 'yellow' } } }),
  );
  files.badRule = path.join(dir, 'bad-rule.json');
  fs.writeFileSync(files.badRule, '{"description": "x", "match": {"msgId": "(("}}');
  files.notJson = path.join(dir, 'not.json');
  fs.writeFileSync(files.notJson, `${esc}{`);
  files.dir = dir;
  files.missing = path.join(dir, 'no-such-file');
  for (const [system, format, file] of [
    ['web1', 'sshd,sftp', files.auth],
    ['web2', 'vsftpd', files.vsftpd],
  ] as const) {
    const r = await run(['--home', home, 'ingest', '--system', system, '--format', format, file]);
    if (r.code !== 0) throw new Error(`setup ingest: ${r.err}`);
  }
  const r = await run(['--home', home, 'rules', 'add', '--file', files.rule]);
  if (r.code !== 0) throw new Error(`setup rules add: ${r.err}`);
});
afterAll(() => {
  process.chdir(startDir);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** Values an option or argument may get: real ones, wrong ones, hostile ones. */
const value = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        'web1',
        'web2',
        'vsftpd',
        'sshd,sftp',
        'journald-json',
        'FTP0020',
        'FTP00*',
        '1',
        '2',
        '0',
        '-1',
        '99999999999',
        '1.5',
        '15m',
        '24h',
        '7d',
        '2026-11-25',
        '2026-11-25T12:04:01Z',
        'yesterday',
        'thomask',
        'sapexp',
        '10.0.0.1',
        'web1:13580:tp246o',
        'csv',
        'jsonl',
        'Europe/Berlin',
        '+01:00',
        'UTC',
        'audit',
        'history',
        'ssh.service',
        '/var/log/vsftpd.log',
        'local',
        '127.0.0.1',
        'ssh2',
        'openssh',
        '',
      ),
    },
    { weight: 3, arbitrary: fc.constantFrom(...Object.keys(files)).map((k) => files[k]!) },
    { weight: 2, arbitrary: hostileText(3) },
  );

const argv: fc.Arbitrary<string[]> = fc
  .constantFrom(...SHAPES)
  .chain((s) =>
    fc.tuple(
      fc.constant(s),
      fc
        .subarray(s.flags, { maxLength: Math.min(4, s.flags.length) })
        .chain((flags) => fc.tuple(...flags.map((f) => (f.value ? fc.tuple(fc.constant(f.flag), value()) : fc.constant([f.flag] as [string]))))),
      fc.array(value(), { minLength: Math.min(s.args, 1), maxLength: s.args + 1 }),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.constantFrom(['--read-only'], ['--json'], ['--no-such-option'], ['--help'], ['--'], ['-x']) },
      ),
    ),
  )
  .map(([s, opts, args, extra]) => {
    const a = [...s.path, ...opts.flat(), ...extra, ...args];
    // ingest reads stdin when its file is '-' or absent: give it a file.
    if (s.path[0] === 'ingest') return [...s.path, ...opts.flat().filter((x) => x !== '-'), ...extra.filter((x) => x !== '--'), files.auth];
    return a;
  });

describe('fuzz: command lines', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it(`every command (${SHAPES.length} of them) with generated options and arguments: a clear answer, never a crash`, async () => {
    await fc.assert(
      fc.asyncProperty(argv, fc.boolean(), async (args, readOnly) => {
        counts.commandLines++;
        const full = ['--home', home, ...(readOnly ? ['--read-only'] : []), ...args];
        const r = await run(full);
        const at = () =>
          `msgmon ${full.map((a) => JSON.stringify(a)).join(' ')} → exit ${r.code}\nstdout ${JSON.stringify(r.out.slice(0, 400))}\nstderr ${JSON.stringify(r.err.slice(0, 600))}`;
        const isStatus = args[0] === 'status';
        if (!(isStatus ? [0, 1, 2, 3] : [0, 1, 2]).includes(r.code)) throw new Error(`exit code: ${at()}`);
        if (
          /\n\s+at .+:\d+:\d+\)?\n/.test(r.err) ||
          /TypeError|ReferenceError|RangeError|SyntaxError: (?!Unexpected token|Expected|Bad control|Unterminated)/.test(r.err)
        )
          throw new Error(`internal error: ${at()}`);
        if (r.code !== 0 && r.err.trim() === '' && r.out.trim() === '') throw new Error(`failed without saying why: ${at()}`);
        if (args.includes('--json') && r.code === 0 && !args.includes('--help') && r.out.trim() !== '') {
          try {
            JSON.parse(r.out);
          } catch {
            // JSON lines (log export --format jsonl) are JSON too, one per line.
            for (const line of r.out.trim().split('\n')) {
              try {
                JSON.parse(line);
              } catch {
                throw new Error(`--json printed something else than JSON: ${at()}`);
              }
            }
          }
        }
        // JSON escapes C0 controls itself and is data for programs; text is for a terminal. An export is evidence for
        // programs too: it keeps remote text verbatim (a CSV export refuses a terminal; log-export.test checks that).
        const data = args.includes('--json') || (args[0] === 'log' && args[1] === 'export');
        if ((!data && CONTROL.test(r.out)) || CONTROL.test(r.err)) throw new Error(`control characters reach the terminal: ${at()}`);
      }),
      { seed, path: replayPath, numRuns: RUNS.argv },
    );
  });
});
