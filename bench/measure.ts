// Runs a command the way every benchmark row is measured: wall time from spawn to exit in this process,
// peak RSS from GNU time (`/usr/bin/time -v`, Debian package `time`), repeated, reported as median/min/max.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';

/** Where GNU time lives on Debian; without it rows still get times but no RSS. */
export const GNU_TIME = '/usr/bin/time';

/** One finished run. */
export interface Timed {
  wallMs: number;
  maxRssKb?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Median with the spread, as every row of the table shows it. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median (mean of the middle two for even counts), min and max. */
export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

/** Value at fraction q (0..1) of sorted samples, nearest-rank: latency p50/p95/p99. */
export function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Run once; stdout 'null' sends output to /dev/null like `> /dev/null` (cat must not pipe to us). */
export function runTimed(cmd: string, args: string[], opts: { stdout?: 'null' | 'pipe'; env?: NodeJS.ProcessEnv } = {}): Promise<Timed> {
  const gnu = existsSync(GNU_TIME);
  const devnull = opts.stdout === 'null' ? openSync('/dev/null', 'w') : undefined;
  const start = process.hrtime.bigint();
  const child = spawn(gnu ? GNU_TIME : cmd, gnu ? ['-v', cmd, ...args] : args, {
    stdio: ['ignore', devnull ?? 'pipe', 'pipe'],
    env: opts.env ?? process.env,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve) => {
    const finish = (code: number | null, extra = ''): void => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (devnull !== undefined) closeSync(devnull);
      let stderr = Buffer.concat(err).toString('utf8') + extra;
      let maxRssKb: number | undefined;
      // GNU time appends its report to the child's stderr; cut it off so callers see only the child's words.
      const at = gnu ? stderr.lastIndexOf('\tCommand being timed:') : -1;
      if (at >= 0) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr.slice(at));
        if (m) maxRssKb = Number(m[1]);
        stderr = stderr.slice(0, at).replace(/Command exited with non-zero status \d+\n$/, '');
      }
      resolve({ wallMs, maxRssKb, code, stdout: Buffer.concat(out).toString('utf8'), stderr });
    };
    child.on('error', (e) => finish(127, e.message));
    child.on('close', (code) => finish(code));
  });
}

/** Whether a program is on PATH (an absent baseline says "not installed", it never gets a number). */
export function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(`${d}/${program}`));
}

/** First meaningful stderr line, for "error: …" cells (skips Node's file:line and caret lines). */
export function firstErrorLine(stderr: string, fallback: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\S+:\d+$/.test(l) && !/^\^+$/.test(l) && !l.startsWith('at ') && !/^node:internal/.test(l));
  // Node prints the throwing source line before "Error: …"; the error itself is what a reader needs.
  const line = lines.find((l) => /error/i.test(l)) ?? lines[0];
  return (line ?? fallback).slice(0, 120);
}
