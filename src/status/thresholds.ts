// Thresholds of the status probe: schema (data/status/thresholds.json, or <home>/thresholds.json instead) and the
// evaluation of one threshold over one key's consecutive samples: a level holds after `samples` probes in a row
// (raising) and goes back to OK after as many below warning (clearing), so a value at the limit does not flap.
import fs from 'node:fs';
import { z } from 'zod';
import { dataPath } from '../core/paths.js';
import { UserError } from '../core/errors.js';
import type { ThresholdLevel } from '../core/status-types.js';
import { METRICS } from '../store/status-samples.js';

const testSchema = z.object({ values: z.array(z.number()).min(1), expect: z.array(z.enum(['OK', 'WARNING', 'CRITICAL'])) });

/** One threshold as configured. */
export const thresholdSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'use lower-case letters, digits and dashes'),
    metric: z.string().refine((m) => m in METRICS, { message: `not a metric; known: ${Object.keys(METRICS).join(', ')}` }),
    warning: z.number().optional(),
    critical: z.number().optional(),
    samples: z.number().int().min(1).max(100).default(1),
    description: z.string().default(''),
    tests: z.array(testSchema).default([]),
  })
  .refine((t) => t.warning !== undefined || t.critical !== undefined, { message: 'a threshold needs warning or critical (or both)' })
  .refine((t) => t.warning === undefined || t.critical === undefined || t.critical >= t.warning, { message: 'critical must not be below warning' });

/** A configured threshold. */
export type Threshold = z.infer<typeof thresholdSchema>;

const fileSchema = z.object({ $comment: z.string().optional(), thresholds: z.array(thresholdSchema) });

/** The level a single value is at. */
export function levelOf(t: Threshold, value: number): ThresholdLevel {
  if (t.critical !== undefined && value >= t.critical) return 'CRITICAL';
  if (t.warning !== undefined && value >= t.warning) return 'WARNING';
  return 'OK';
}

/** The limit a level stands for (the value it was compared with). */
export function limitOf(t: Threshold, level: ThresholdLevel): number {
  return (level === 'CRITICAL' ? t.critical : (t.warning ?? t.critical)) ?? 0;
}

/** One key's run: the level the samples point at and for how many probes in a row. */
export interface Streak {
  level: ThresholdLevel;
  count: number;
}

/** The level after one more value, given the current (raised or OK) level and the streak so far. */
export function step(t: Threshold, current: ThresholdLevel, streak: Streak | undefined, value: number): { level: ThresholdLevel; streak: Streak } {
  const seen = levelOf(t, value);
  const s: Streak = streak && streak.level === seen ? { level: seen, count: streak.count + 1 } : { level: seen, count: 1 };
  return { level: s.count >= t.samples && seen !== current ? seen : current, streak: s };
}

/** Runs a threshold's tests; returns what failed (empty: all pass). */
export function checkTests(t: Threshold): string[] {
  const bad: string[] = [];
  for (const [i, test] of t.tests.entries()) {
    let level: ThresholdLevel = 'OK';
    let streak: Streak | undefined;
    const got = test.values.map((v) => {
      ({ level, streak } = step(t, level, streak, v));
      return level;
    });
    if (JSON.stringify(got) !== JSON.stringify(test.expect)) bad.push(`${t.name} test ${i + 1}: expected ${test.expect.join(',')}, got ${got.join(',')}`);
  }
  return bad;
}

/** Parses a thresholds file's text; throws a UserError naming the file and key, or a failing test. */
export function parseThresholds(text: string, file: string): Threshold[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) throw new UserError(`${file}: ${r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  const names = new Set<string>();
  for (const t of r.data.thresholds) {
    if (names.has(t.name)) throw new UserError(`${file}: threshold ${t.name} is defined twice`);
    names.add(t.name);
    const bad = checkTests(t);
    if (bad.length) throw new UserError(`${file}: ${bad.join('; ')}`);
  }
  return r.data.thresholds;
}

/** The shipped defaults. */
export const DEFAULT_THRESHOLDS_FILE = dataPath('status', 'thresholds.json');

/** The thresholds in force: <home>/thresholds.json when it exists, else the defaults; with the file they came from. */
export function loadThresholds(homeFile: string): { file: string; thresholds: Threshold[] } {
  const file = fs.existsSync(homeFile) ? homeFile : DEFAULT_THRESHOLDS_FILE;
  return { file, thresholds: parseThresholds(fs.readFileSync(file, 'utf8'), file) };
}
