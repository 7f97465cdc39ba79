// The store rows' measuring process: opens a store exactly as the `msgmon` CLI does and times what an
// operator waits for. It runs alone under /usr/bin/time, so its peak RSS is the console's own.
//   node dist/bench/store-probe.js --home H [--reps 30] [--seed S]   → one JSON object on stdout
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CliContext } from '../src/cli/context.js';
import { servicesOf } from '../src/cli/services-of.js';
import type { MessageService, Services } from '../src/core/services.js';
import { Navigator } from '../src/ui/navigator.js';
import { percentile } from './measure.js';
import { Rng } from './prng.js';

/** Latency of one measure, milliseconds. */
export interface Latency {
  p50: number;
  p95: number;
  min: number;
  max: number;
  samples: number;
}

/** What the probe prints. */
export interface ProbeResult {
  lastId: number;
  /** Opening the store and catalog as the CLI does. */
  openMs: number;
  /** The very first console paint of the process (no warm-up): what `msgmon` shows after openMs. */
  coldPaintMs: number;
  firstPaint: Latency;
  pageDown: Latency;
  userTime: Latency;
  text: Latency;
  /** Queries that found nothing (a sample picked badly; should be 0). */
  empty: { userTime: number; text: number };
}

/** The console size the issue names: a 132x27 5250 screen. */
export const SIZE = { cols: 132, rows: 27 };
const HOUR = 3_600_000;

/** p50/p95/min/max of the samples. */
export function latency(ms: number[]): Latency {
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), min: Math.min(...ms), max: Math.max(...ms), samples: ms.length };
}

/** One untimed warm-up, then `reps` timed calls of `f`. */
function time(reps: number, f: () => void): number[] {
  f();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}

/** Page Down from the top, one press per sample; at the bottom a fresh console starts at the top (untimed). */
function pageDowns(services: Services, reps: number): number[] {
  let nav = Navigator.console(services, SIZE);
  nav.render();
  const out: number[] = [];
  while (out.length < reps + 1) {
    const t = performance.now();
    nav.key('pagedown');
    nav.render();
    const ms = performance.now() - t;
    // "Already at the bottom" is no page read: drop that press and start over at the top.
    if (nav.message?.error) {
      nav = Navigator.console(services, SIZE);
      nav.render();
    } else out.push(ms);
  }
  return out.slice(1); // the first press is the warm-up
}

/** Random stored messages that pass `ok` (picked before timing, so sampling costs nothing measured). */
function sample<T>(m: MessageService, rng: Rng, count: number, pick: (msg: NonNullable<ReturnType<MessageService['get']>>) => T | undefined): T[] {
  const last = m.lastId();
  const out: T[] = [];
  for (let tries = 0; out.length < count && tries < count * 200; tries++) {
    const msg = m.get(rng.int(1, last));
    const v = msg ? pick(msg) : undefined;
    if (v !== undefined) out.push(v);
  }
  if (out.length < count) throw new Error(`store has too few messages to sample ${count}`);
  return out;
}

/** Words an operator would search for: tokens of a transferred file's path (names, dates, extensions). */
export function pathWords(path: string): string[] {
  return path.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && w !== 'home');
}

/** Every measure on the store in `home`. */
export function probe(home: string, reps: number, seed: number): ProbeResult {
  const t0 = performance.now();
  const ctx = new CliContext({ home });
  const services = servicesOf(ctx);
  const openMs = performance.now() - t0;
  const m = services.messages;
  const rng = new Rng(seed);
  const t1 = performance.now();
  Navigator.console(services, SIZE).render();
  const coldPaintMs = performance.now() - t1;
  const firstPaint = time(reps, () => Navigator.console(services, SIZE).render());
  const pageDown = pageDowns(services, reps);
  const users = sample(m, rng, reps + 1, (x) => (x.fields.user === undefined ? undefined : { user: String(x.fields.user), t: x.time }));
  const empty = { userTime: 0, text: 0 };
  let i = 0;
  const userTime = time(reps, () => {
    const u = users[i++]!;
    if (m.page({ user: u.user, since: u.t - HOUR, until: u.t }, 20).messages.length === 0) empty.userTime++;
  });
  const words = sample(m, rng, reps + 1, (x) => {
    const w = typeof x.fields.path === 'string' ? pathWords(x.fields.path) : [];
    return w.length ? rng.pick(w) : undefined;
  });
  i = 0;
  const text = time(reps, () => {
    if (m.page({ text: words[i++]! }, 20).messages.length === 0) empty.text++;
  });
  const lastId = m.lastId();
  ctx.close();
  return {
    lastId,
    openMs,
    coldPaintMs,
    empty,
    firstPaint: latency(firstPaint),
    pageDown: latency(pageDown),
    userTime: latency(userTime),
    text: latency(text),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const home = arg('--home');
  if (!home) throw new Error('--home DIR is required');
  const reps = Number(arg('--reps') ?? 30);
  if (!Number.isInteger(reps) || reps < 20) throw new Error('--reps must be a whole number >= 20');
  process.stdout.write(JSON.stringify(probe(home, reps, Number(arg('--seed') ?? 1))) + '\n');
}
