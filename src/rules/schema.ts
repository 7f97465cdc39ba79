// The rule schema (zod): what a rule file and the `rules` array of the configuration may hold. Unknown keys
// are refused (a typo must not silently widen a filter); regexes, globs, times and zones are checked here.
import { z } from 'zod';
import type { Rule, RuleDraft } from '../core/rule-types.js';
import { compileRegex } from './field-condition.js';
import { parseHhmm, validTimeZone } from './calendar.js';
import { detectSchema } from './detect-schema.js';
import { parseCidr } from '../core/cidr.js';
import { WATCH_LIST_NAMES } from '../core/watchlists.js';

const hhmm = z.string().refine((s) => parseHhmm(s) !== null, 'must be a time HH:MM (00:00 to 24:00)');
const tz = z.string().refine(validTimeZone, 'unknown time zone (use an IANA name such as Europe/Berlin, or UTC)');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const value = z.union([z.string(), z.number()]);
const regex = z
  .string()
  .min(1)
  .superRefine((s, ctx) => {
    try {
      compileRegex(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regex ${JSON.stringify(s)}: ${(err as Error).message}` });
    }
  });
function validCidr(s: string): boolean {
  try {
    parseCidr(s);
    return true;
  } catch {
    return false;
  }
}

const msgIdPattern = z.string().regex(/^[A-Za-z0-9*?]{1,16}$/, 'a message ID, * and ? wildcards allowed (FTP002*)');
const globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const fieldCondition = z
  .strictObject({
    field: z.string().min(1),
    equals: value.optional(),
    glob: z.string().min(1).optional(),
    regex: regex.optional(),
    in: z.array(value).min(1).optional(),
    gt: z.number().optional(),
    ge: z.number().optional(),
    lt: z.number().optional(),
    le: z.number().optional(),
    cidr: z.array(z.string().refine(validCidr, 'not an address or network (10.0.0.0/8, 2001:db8::/32)')).min(1).optional(),
    list: z.enum(WATCH_LIST_NAMES as [string, ...string[]]).optional(),
    exists: z.boolean().optional(),
    ignoreCase: z.boolean().optional(),
    not: z.boolean().optional(),
    orMissing: z.boolean().optional(),
  })
  .refine(
    (c) => ['equals', 'glob', 'regex', 'in', 'gt', 'ge', 'lt', 'le', 'cidr', 'list', 'exists'].some((k) => k in c),
    'needs a test: equals, glob, regex, in, gt, ge, lt, le, cidr, list or exists',
  );

/** A weekly calendar window (rules' when, channels' quiet hours, escalation steps' business hours). */
export const timeWindow = z.strictObject({ days: z.array(weekday).min(1).optional(), from: hhmm.optional(), to: hhmm.optional(), tz: tz.optional() });

const severity = z.number().int().min(0).max(99);

const matchShape = {
  msgId: z.union([msgIdPattern, z.array(msgIdPattern).min(1)]).optional(),
  system: globs.optional(),
  source: globs.optional(),
  user: globs.optional(),
  severity: z.strictObject({ min: severity.optional(), max: severity.optional() }).optional(),
  fields: z.array(fieldCondition).optional(),
  text: z
    .strictObject({ contains: z.string().min(1).optional(), regex: regex.optional(), ignoreCase: z.boolean().optional() })
    .refine((t) => t.contains !== undefined || t.regex !== undefined, 'needs contains or regex')
    .optional(),
  when: z.array(timeWindow).min(1).optional(),
};

/** Filters of a response rule. */
export const matchSchema = z.strictObject({
  ...matchShape,
  frequency: z
    .strictObject({
      count: z.number().int().min(1),
      minutes: z.number().positive(),
      by: z.array(z.string().min(1)).optional(),
      reset: z.boolean().optional(),
      quiet: z.number().positive().optional(),
    })
    .optional(),
});

/** Filters inside a watch (no frequency: a watch counts by itself). */
const watchMatch = z.strictObject(matchShape);

const highlight = z.strictObject({
  color: z.enum(['green', 'white', 'red', 'turquoise', 'yellow', 'pink', 'blue']).optional(),
  reverse: z.boolean().optional(),
  blink: z.boolean().optional(),
  underline: z.boolean().optional(),
});

const logOption = z.enum(['Y', 'L', 'N']);

/** One reply to an inquiry as an operator types it: a word or a code (G, C, RETRY). */
const reply = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'letters, digits, - and _ only, at most 16 (G, C, RETRY)');

/** Actions of a rule. */
export const actionsSchema = z
  .strictObject({
    log: logOption.optional(),
    severity: severity.optional(),
    text: z.string().min(1).optional(),
    highlight: highlight.optional(),
    inquiry: z.boolean().optional(),
    replies: z.array(reply).min(1).optional(),
    defaultReply: reply.optional(),
    tags: z.array(z.string().min(1)).optional(),
    notify: z.array(z.string().min(1)).optional(),
    escalate: z.string().min(1).optional(),
    requireComment: z.boolean().optional(),
    then: z.enum(['stop', 'continue']).optional(),
  })
  .refine((a) => !(a.inquiry && a.log && a.log !== 'Y'), { message: 'an inquiry stays on the console: use log option Y with inquiry', path: ['log'] })
  .refine((a) => a.inquiry || (a.replies === undefined && a.defaultReply === undefined), {
    message: 'replies are for inquiries: set inquiry Y, or leave the replies blank',
    path: ['replies'],
  })
  .refine((a) => !a.replies || a.defaultReply === undefined || a.replies.some((r) => r.toUpperCase() === a.defaultReply!.toUpperCase()), {
    message: 'the default reply must be one of the allowed replies',
    path: ['defaultReply'],
  });

const raisedId = z.string().regex(/^[A-Z]{3}[0-9]{4}$/, 'a catalog message ID such as SEC0008');

const watchSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('deadline'),
    expect: watchMatch,
    by: hhmm,
    from: hhmm.optional(),
    days: z.array(weekday).min(1).optional(),
    tz: tz.optional(),
    raise: raisedId.optional(),
  }),
  z.strictObject({
    type: z.literal('sequence'),
    after: watchMatch,
    expect: watchMatch,
    within: z.number().positive(),
    key: z.array(z.string().min(1)).min(1).optional(),
    raise: raisedId.optional(),
  }),
]);

const testMessage = z.strictObject({
  msgId: z.string().min(1),
  system: z.string().optional(),
  source: z.string().optional(),
  severity: severity.optional(),
  text: z.string().optional(),
  time: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time')
    .optional(),
  session: z.string().optional(),
  fields: z.record(z.string(), value).optional(),
});

const testSchema = z.preprocess(
  // `message` is shorthand for a one-message sequence.
  (t) =>
    t && typeof t === 'object' && 'message' in t && !('messages' in t)
      ? (({ message, ...rest }) => ({ ...rest, messages: [message] }))(t as { message: unknown })
      : t,
  z.strictObject({
    messages: z.array(testMessage).min(1),
    expect: z.strictObject({
      match: z.boolean(),
      log: logOption.optional(),
      severity: severity.optional(),
      text: z.string().optional(),
      highlight: highlight.optional(),
      inquiry: z.boolean().optional(),
      tags: z.array(z.string()).optional(),
    }),
  }),
);

/** One rule as a file holds it (id and seq optional). */
export const draftSchema = z
  .strictObject({
    id: z.number().int().positive().optional(),
    seq: z.number().int().min(0).optional(),
    description: z.string().trim().min(1).max(120),
    enabled: z.boolean().default(true),
    match: matchSchema.default({}),
    actions: actionsSchema.default({}),
    watch: watchSchema.optional(),
    detect: detectSchema(watchMatch).optional(),
    tests: z.array(testSchema).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.watch && Object.keys(r.match).length) {
      ctx.addIssue({ code: 'custom', path: ['match'], message: "a watch rule's filters go in watch.expect (and watch.after)" });
    }
    if (r.detect && Object.keys(r.match).length) {
      ctx.addIssue({ code: 'custom', path: ['match'], message: "a detection's filters go in detect.on" });
    }
    if (r.detect && r.watch) ctx.addIssue({ code: 'custom', path: ['detect'], message: 'a rule is a watch or a detection, not both' });
  });

/** A rule as the configuration holds it: id and seq required. */
export const ruleSchema = draftSchema.superRefine((r, ctx) => {
  if (r.id === undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: 'required' });
  if (r.seq === undefined) ctx.addIssue({ code: 'custom', path: ['seq'], message: 'required' });
});

/** Type checks: the schema's output is the core type. */
export const asDraft = (d: z.infer<typeof draftSchema>): RuleDraft => d;
export const asRule = (d: z.infer<typeof draftSchema>): Rule => d as Rule;
