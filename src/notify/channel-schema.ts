// Channels and escalation procedures as the configuration holds them (zod): one schema per channel type, the
// noise controls every channel shares, and secrets only as references (an environment variable or a key of the
// 0600 secrets file), never as values.
import { z } from 'zod';
import { timeWindow } from '../rules/schema.js';
import { UserError } from '../core/errors.js';

/** Names of channels and procedures: used in rules, keys and command lines. */
export const notifyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'use letters, digits, dot, dash or underscore (at most 63)');

/** Where a secret comes from: an environment variable of the sending process, or a key of the home's secrets file. */
export const secretRef = z.union([z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }), z.strictObject({ secret: z.string().min(1) })]);

/** Noise control and delivery settings every channel has. */
const common = {
  name: notifyName,
  description: z.string().optional(),
  /** Subject template (&SYST &MSGID &MSG &SEV &DATE &TIME &USER &CLIENT &PATH &FIELD). */
  subject: z.string().min(1).optional(),
  /** Body template. */
  body: z.string().min(1).optional(),
  /** At most `count` notifications per `minutes`; the last one of a window is kept for the digest. */
  rateLimit: z.strictObject({ count: z.number().int().min(2), minutes: z.number().positive() }).optional(),
  /** Messages within this many seconds of the first are folded into one digest (count and first texts). */
  digestSeconds: z.number().int().min(0).optional(),
  /** The same message (msgId, system, text) is not notified twice within this many minutes. */
  suppressMinutes: z.number().min(0).optional(),
  /** Nothing is sent inside these windows: what comes is held and sent as one digest when they end. */
  quiet: z.array(timeWindow).min(1).optional(),
  /** Attempts before a send counts as failed (MON0050), with a doubling wait from `backoffSeconds`. */
  retry: z.strictObject({ attempts: z.number().int().min(1).max(20), backoffSeconds: z.number().positive() }).optional(),
  timeoutSeconds: z.number().positive().optional(),
};

const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'not a mail address (name@domain)');

/** SMTP settings (email, and SMS through an email-to-SMS gateway). */
const smtp = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  /** starttls (default, port 587): upgrade required; tls: TLS from the first byte (465); none: plain (a local relay). */
  tls: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  user: z.string().min(1).optional(),
  password: secretRef.optional(),
  /** PEM file of the CA (or self-signed certificate) the server's certificate must chain to. */
  ca: z.string().startsWith('/').optional(),
  from: address,
  to: z.array(address).min(1),
};

export const emailChannel = z.strictObject({ type: z.literal('email'), ...common, ...smtp });

export const webhookChannel = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  url: z.url({ protocol: /^https?$/ }),
  /** Key of the HMAC-SHA256 signature header X-Msgmon-Signature: sha256=HEX of the body. */
  hmacKey: secretRef.optional(),
});

export const commandChannel = z.strictObject({
  type: z.literal('command'),
  ...common,
  /** Absolute path of a program, run without a shell. */
  program: z.string().startsWith('/', 'give the absolute path of the program'),
  args: z.array(z.string()).default([]),
});

export const smsChannel = z.discriminatedUnion('gateway', [
  z.strictObject({ type: z.literal('sms'), gateway: z.literal('email'), ...common, ...smtp }),
  z.strictObject({
    type: z.literal('sms'),
    gateway: z.literal('http'),
    ...common,
    url: z.url({ protocol: /^https?$/ }),
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    /** form: application/x-www-form-urlencoded; json: a JSON object. Values are templates. */
    format: z.enum(['form', 'json']).default('form'),
    params: z.record(z.string(), z.string()).default({ text: '&SHORT' }),
    /** The value of the Authorization header. */
    auth: secretRef.optional(),
  }),
]);

/** One channel as stored. */
export const channelSchema = z.union([emailChannel, webhookChannel, commandChannel, smsChannel]);
export type ChannelConfig = z.infer<typeof channelSchema>;
export type EmailConfig = z.infer<typeof emailChannel>;
export type WebhookConfig = z.infer<typeof webhookChannel>;
export type CommandConfig = z.infer<typeof commandChannel>;
export type SmsConfig = z.infer<typeof smsChannel>;
export type SecretRef = z.infer<typeof secretRef>;

/** The channel types `channels add --type` knows. */
export const CHANNEL_TYPES = ['email', 'sms', 'webhook', 'command'] as const;

/** One step of an escalation procedure. */
export const stepSchema = z.strictObject({
  /** Minutes after the escalation started (the message came) without acknowledgement. */
  after: z.number().min(0),
  channels: z.array(notifyName).min(1),
  /** Sent again every `every` minutes, `times` more times, while nobody acknowledges. */
  repeat: z.strictObject({ every: z.number().positive(), times: z.number().int().min(1) }).optional(),
  /** Business hours: the step waits for the next moment inside them. */
  hours: z.array(timeWindow).min(1).optional(),
});

export const procedureSchema = z
  .strictObject({ name: notifyName, description: z.string().optional(), steps: z.array(stepSchema).min(1) })
  .refine((p) => p.steps.every((s, i) => i === 0 || s.after >= p.steps[i - 1]!.after), 'steps must be in order of their minutes (after)');
export type ProcedureConfig = z.infer<typeof procedureSchema>;
export type StepConfig = z.infer<typeof stepSchema>;

const BY_TYPE: Record<string, z.ZodType<ChannelConfig>> = { email: emailChannel, webhook: webhookChannel, command: commandChannel, sms: smsChannel };

/** Checks against the schema of the channel's own type, so errors name its fields rather than "invalid input". */
function parseChannel(raw: unknown): ReturnType<typeof channelSchema.safeParse> {
  const type = (raw as { type?: unknown } | null)?.type;
  const schema = typeof type === 'string' ? BY_TYPE[type] : undefined;
  if (!schema) return channelSchema.safeParse(raw);
  return schema.safeParse(raw) as ReturnType<typeof channelSchema.safeParse>;
}

function explain(what: string, err: z.ZodError): string {
  return `${what}: ${err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`;
}

/** The channels of a configuration, validated (a UserError names the channel and field). */
export function parseChannels(raw: readonly unknown[], file: string): ChannelConfig[] {
  return raw.map((c, i) => {
    const r = parseChannel(c);
    const name = (c as { name?: unknown }).name;
    if (!r.success) throw new UserError(explain(`configuration ${file}: channel ${typeof name === 'string' ? name : `#${i + 1}`}`, r.error));
    return r.data;
  });
}

/** The escalation procedures of a configuration, validated. */
export function parseProcedures(raw: readonly unknown[], file: string): ProcedureConfig[] {
  return raw.map((c, i) => {
    const r = procedureSchema.safeParse(c);
    const name = (c as { name?: unknown }).name;
    if (!r.success) throw new UserError(explain(`configuration ${file}: escalation procedure ${typeof name === 'string' ? name : `#${i + 1}`}`, r.error));
    return r.data;
  });
}

/** Validates one channel about to be saved (a UserError naming the field). */
export function checkChannel(raw: unknown): ChannelConfig {
  const r = parseChannel(raw);
  if (!r.success) throw new UserError(explain('channel not saved', r.error));
  return r.data;
}

/** Validates one procedure about to be saved. */
export function checkProcedure(raw: unknown): ProcedureConfig {
  const r = procedureSchema.safeParse(raw);
  if (!r.success) throw new UserError(explain('escalation procedure not saved', r.error));
  return r.data;
}
