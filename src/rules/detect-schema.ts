// The schema of a detection rule's `detect` block (zod): one shape per primitive, unknown keys refused.
import { z } from 'zod';
import { parseHhmm, validTimeZone } from './calendar.js';

const msgId = z.string().regex(/^[A-Z]{3}[0-9]{4}$/, 'a catalog message ID such as SEC0001');
const keyFields = z.array(z.string().min(1));
const positive = z.number().positive();
const seenBaseline = z.enum(['user', 'client', 'user+client']);
const hhmm = z.string().refine((s) => parseHhmm(s) !== null, 'must be a time HH:MM (00:00 to 24:00)');
const limit = z.strictObject({ factor: positive, floor: z.number().min(0), newFloor: z.number().min(0).optional() });

/** The `detect` block; `match` is the filters schema (passed in to avoid a cycle with schema.ts). */
export function detectSchema<M extends z.ZodTypeAny>(match: M) {
  const base = { on: match, raise: msgId, quiet: positive.optional(), quietBy: keyFields.optional() };
  return z.discriminatedUnion('type', [
    z.strictObject({
      ...base,
      type: z.literal('first-seen'),
      key: keyFields,
      value: keyFields.min(1),
      days: positive.optional(),
      learnDays: z.number().min(0).optional(),
      baseline: seenBaseline.optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('not-seen-for'),
      key: keyFields.min(1),
      days: positive,
      seen: match.optional(),
      never: z.boolean().optional(),
      learnDays: z.number().min(0).optional(),
      baseline: seenBaseline.optional(),
    }),
    z
      .strictObject({
        ...base,
        type: z.literal('above-usual'),
        key: keyFields.min(1),
        per: z.enum(['session', 'day']),
        count: limit.optional(),
        sum: limit.extend({ field: z.string().min(1) }).optional(),
        baseline: z.enum(['session-down', 'day-down']).optional(),
      })
      .refine((d) => d.count || d.sum, 'needs count, sum or both'),
    z.strictObject({
      ...base,
      type: z.literal('wave'),
      by: keyFields,
      count: z.number().int().min(1),
      minutes: positive,
      distinct: z.string().min(1).optional(),
      quiet: positive,
      known: z.boolean().optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('unusual-hour'),
      key: keyFields.min(1),
      dayFrom: hhmm.optional(),
      dayTo: hhmm.optional(),
      tz: z.string().refine(validTimeZone, 'unknown time zone').optional(),
      minHistory: z.number().int().min(1).optional(),
      dayShare: z.number().min(0).max(1).optional(),
      baseline: z.literal('hours').optional(),
    }),
  ]);
}
