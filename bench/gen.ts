// Seeded generator of realistic FTP/SFTP server logs for the benchmarks and tests:
//   node dist/bench/gen.js --kind vsftpd|xferlog|sftp --lines N --seed S [--start ISO] --out FILE
// Same options → same bytes, so a benchmark result can always be reproduced on the same input.
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Rng } from './prng.js';
import { runScripts, type Script } from './gen-sched.js';
import { makeWorld, syslogDate, vsftpdDate } from './gen-world.js';
import { ftpScripts } from './gen-ftp-people.js';
import { sftpScripts } from './gen-sftp.js';

/** Which file to write: vsftpd protocol log, its xferlog twin, or an auth.log with internal-sftp. */
export type LogKind = 'vsftpd' | 'xferlog' | 'sftp';
/** The generated host name in syslog lines. */
export const HOST = 'web1';
/** Where simulated time starts unless told otherwise (a Wednesday, like the samples in the docs). */
export const DEFAULT_START = '2026-11-25T06:00:00Z';

/** What to generate. */
export interface GenOptions {
  kind: LogKind;
  lines: number;
  seed: number;
  start?: string;
}

/** Stream exactly `lines` lines to `write` in large chunks (one write per ~8k lines keeps 1M lines fast). */
export function generate(opts: GenOptions, write: (chunk: string) => void): void {
  const rng = new Rng(opts.seed);
  const world = makeWorld(rng);
  const start = Date.parse(opts.start ?? DEFAULT_START);
  if (!Number.isFinite(start)) throw new Error(`bad --start: ${opts.start}`);
  const clock = { now: start };
  const stream = opts.kind === 'xferlog' ? 'xfer' : 'main';
  let roots: Script[];
  if (opts.kind === 'sftp') {
    roots = sftpScripts({ rng, world, pid: 700, logind: 0, clock, keys: new Map() });
  } else {
    roots = ftpScripts({ rng, world, pid: 1200, clock, xferOnly: opts.kind === 'xferlog' });
  }
  const dateOf = opts.kind === 'sftp' ? (ms: number) => `${syslogDate(ms)} ${HOST} ` : (ms: number) => `${vsftpdDate(ms)} `;
  let sec = -1;
  let prefix = '';
  let buf: string[] = [];
  let left = opts.lines;
  if (left <= 0) return;
  runScripts(
    roots,
    start,
    (s, text, at) => {
      if (s !== stream) return true;
      // Dates change at most once a second: formatting them once per second is most of the speed.
      const t = Math.floor(at / 1000);
      if (t !== sec) {
        sec = t;
        prefix = dateOf(at);
      }
      buf.push(prefix + text);
      if (buf.length === 8192) {
        write(buf.join('\n') + '\n');
        buf = [];
      }
      return --left > 0;
    },
    clock,
  );
  if (buf.length > 0) write(buf.join('\n') + '\n');
}

/** The whole log as one string (tests and small files). */
export function generateString(opts: GenOptions): string {
  const parts: string[] = [];
  generate(opts, (c) => parts.push(c));
  return parts.join('');
}

/** Write the log to `path`, replacing it. */
export function generateFile(opts: GenOptions, path: string): void {
  const fd = openSync(path, 'w');
  try {
    generate(opts, (c) => writeSync(fd, c));
  } finally {
    closeSync(fd);
  }
}

function parseArgs(argv: string[]): GenOptions & { out: string } {
  const o: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || i + 1 >= argv.length) throw new Error(`unexpected argument: ${a}`);
    o[a.slice(2)] = argv[++i]!;
  }
  const kind = o.kind as LogKind;
  if (!['vsftpd', 'xferlog', 'sftp'].includes(kind)) throw new Error('--kind must be vsftpd, xferlog or sftp');
  const lines = Number(o.lines ?? 1000);
  const seed = Number(o.seed ?? 1);
  if (!Number.isInteger(lines) || lines < 0) throw new Error('--lines must be a whole number');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (!o.out) throw new Error('--out FILE is required');
  return { kind, lines, seed, start: o.start, out: o.out };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const o = parseArgs(process.argv.slice(2));
    generateFile(o, o.out);
  } catch (e) {
    process.stderr.write(`gen: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
