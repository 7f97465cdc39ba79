// Channels from command-line style options (`msgmon channels add` and the Work with Channels editor build them
// the same way), and a channel in a few words: where it sends and its noise controls.
import fs from 'node:fs';
import { UsageError, UserError } from '../core/errors.js';
import type { Message } from '../core/types.js';
import { CHANNEL_TYPES, type ChannelConfig, type SecretRef } from './channel-schema.js';
import { senderFor } from './channel-registry.js';
import type { Secrets } from './secrets.js';
import { render, type NotifyContent } from './template.js';

/** The settings of a channel as `channels add` options (strings, as typed). */
export interface AddOptions {
  type?: string;
  file?: string;
  replace?: boolean;
  to?: string;
  from?: string;
  host?: string;
  port?: string;
  tls?: string;
  user?: string;
  passwordEnv?: string;
  passwordSecret?: string;
  ca?: string;
  url?: string;
  hmacEnv?: string;
  hmacSecret?: string;
  program?: string;
  arg: string[];
  gateway?: string;
  method?: string;
  format?: string;
  param: string[];
  authEnv?: string;
  authSecret?: string;
  subject?: string;
  body?: string;
  rate?: string;
  digest?: string;
  suppress?: string;
  quiet?: string;
  quietTz?: string;
  retry?: string;
  backoff?: string;
  timeout?: string;
}

function num(s: string | undefined, opt: string): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${opt} '${s}' must be a number of 0 or more`);
  return n;
}

function secret(env: string | undefined, key: string | undefined, what: string): SecretRef | undefined {
  if (env && key) throw new UsageError(`give the ${what} by environment variable or by secrets file key, not both`);
  return env ? { env } : key ? { secret: key } : undefined;
}

/** `--quiet 18:00-08:00[,mon,tue]`: quiet hours as calendar windows. */
function quiet(spec: string | undefined, tz: string | undefined): unknown {
  if (spec === undefined) return undefined;
  const m = /^(\d\d:\d\d)-(\d\d:\d\d)((?:,[a-z]{3})*)$/.exec(spec);
  if (!m) throw new UsageError(`--quiet '${spec}' must look like 18:00-08:00 or 12:00-13:00,sat,sun`);
  const days = m[3] ? m[3].slice(1).split(',') : undefined;
  return [{ from: m[1], to: m[2], ...(days ? { days } : {}), ...(tz ? { tz } : {}) }];
}

/** The channel the options describe (the fields of other types are refused by the schema). */
export function fromOptions(name: string, o: AddOptions): unknown {
  if (o.file) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(o.file, 'utf8'));
    } catch (err) {
      throw new UserError(`cannot read channel file ${o.file}: ${(err as Error).message}`);
    }
    return { ...(raw as object), name };
  }
  if (!o.type) throw new UsageError(`--type is required: ${CHANNEL_TYPES.join(', ')} (or --file F with the channel as JSON)`);
  if (!(CHANNEL_TYPES as readonly string[]).includes(o.type)) throw new UsageError(`--type '${o.type}' is not one of ${CHANNEL_TYPES.join(', ')}`);
  const rate = o.rate === undefined ? undefined : /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(o.rate);
  if (o.rate !== undefined && !rate) throw new UsageError(`--rate '${o.rate}' must be COUNT/MINUTES, e.g. 10/60`);
  const retryN = num(o.retry, '--retry');
  const c: Record<string, unknown> = {
    name,
    type: o.type,
    subject: o.subject,
    body: o.body,
    rateLimit: rate ? { count: Number(rate[1]), minutes: Number(rate[2]) } : undefined,
    digestSeconds: num(o.digest, '--digest'),
    suppressMinutes: num(o.suppress, '--suppress'),
    quiet: quiet(o.quiet, o.quietTz),
    retry: retryN !== undefined || o.backoff !== undefined ? { attempts: retryN ?? 4, backoffSeconds: num(o.backoff, '--backoff') ?? 2 } : undefined,
    timeoutSeconds: num(o.timeout, '--timeout'),
  };
  const smtp = () => ({
    host: o.host,
    port: num(o.port, '--port'),
    tls: o.tls,
    user: o.user,
    password: secret(o.passwordEnv, o.passwordSecret, 'password'),
    ca: o.ca,
    from: o.from,
    to: o.to?.split(',').map((s) => s.trim()),
  });
  if (o.type === 'email') Object.assign(c, smtp());
  if (o.type === 'webhook') Object.assign(c, { url: o.url, hmacKey: secret(o.hmacEnv, o.hmacSecret, 'HMAC key') });
  if (o.type === 'command') Object.assign(c, { program: o.program, args: o.arg });
  if (o.type === 'sms') {
    const gateway = o.gateway ?? (o.url ? 'http' : 'email');
    if (gateway === 'email') Object.assign(c, { gateway, ...smtp() });
    else {
      const params = o.param.length
        ? Object.fromEntries(
            o.param.map((p) => {
              const i = p.indexOf('=');
              if (i < 1) throw new UsageError(`--param '${p}' must be NAME=TEMPLATE, e.g. text=&SHORT`);
              return [p.slice(0, i), p.slice(i + 1)];
            }),
          )
        : undefined;
      Object.assign(c, { gateway, url: o.url, method: o.method, format: o.format, params, auth: secret(o.authEnv, o.authSecret, 'authorization') });
    }
  }
  return JSON.parse(JSON.stringify(c));
}

/** Where a channel sends, in a few words. */
export function channelTarget(c: ChannelConfig): string {
  switch (c.type) {
    case 'email':
      return `${c.to.join(', ')} via ${c.host}:${c.port ?? (c.tls === 'tls' ? 465 : 587)} (${c.tls})`;
    case 'webhook':
      return c.url;
    case 'command':
      return [c.program, ...c.args].join(' ');
    case 'sms':
      return c.gateway === 'email' ? `${c.to.join(', ')} via ${c.host}` : `${c.method} ${c.url}`;
  }
}

/** A channel's noise controls, in a few words. */
export function channelNoise(c: ChannelConfig): string {
  const parts: string[] = [];
  if (c.rateLimit) parts.push(`rate ${c.rateLimit.count}/${c.rateLimit.minutes}m`);
  if (c.digestSeconds) parts.push(`digest ${c.digestSeconds}s`);
  if (c.suppressMinutes) parts.push(`same ${c.suppressMinutes}m`);
  if (c.quiet) parts.push(`quiet ${c.quiet.map((w) => `${w.from ?? '00:00'}-${w.to ?? '24:00'}`).join(',')}`);
  return parts.join(' ') || '-';
}

/** Sends a test notification on a channel now; resolves with null or why it failed. */
export async function testChannel(ch: ChannelConfig, secrets: Secrets): Promise<string | null> {
  const now = Date.now();
  const sample: Message = {
    id: 0,
    time: now,
    system: 'msgmon',
    source: 'test',
    msgId: 'MON0000',
    severity: 0,
    text: `Test notification from msgmon on channel ${ch.name}`,
    fields: {},
    session: null,
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: '',
  };
  const content: NotifyContent = { channel: ch.name, kind: 'test', message: sample, count: 1, firstTexts: [] };
  try {
    await senderFor(ch, secrets)({ content, rendered: render(content, ch), key: `test:${ch.name}:${now}` });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
