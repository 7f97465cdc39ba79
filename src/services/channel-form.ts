// A channel as the Work with Channels editor shows it (one text field per setting, named like the `channels add`
// options) and back. Settings the editor has no field for (the body template, a CA file) are kept as they were.
import type { FormValues } from '../core/notify-service.js';
import { UsageError } from '../core/errors.js';
import { checkChannel, type ChannelConfig, type SecretRef } from '../notify/channel-schema.js';
import { fromOptions, type AddOptions } from '../notify/channel-options.js';

/** Configuration keys the editor's fields set: what the editor leaves blank is removed, not kept. */
const EDITED = [
  'name',
  'type',
  'gateway',
  'host',
  'port',
  'tls',
  'user',
  'password',
  'from',
  'to',
  'url',
  'hmacKey',
  'program',
  'args',
  'method',
  'format',
  'params',
  'auth',
  'subject',
  'rateLimit',
  'digestSeconds',
  'suppressMinutes',
  'quiet',
  'retry',
  'timeoutSeconds',
];

/** Configuration key (or `--option`) → the editor field that sets it, to put the cursor on the field at fault. */
const FIELD_OF: Record<string, string> = {
  rateLimit: 'rate',
  digestSeconds: 'digest',
  suppressMinutes: 'suppress',
  timeoutSeconds: 'timeout',
  hmacKey: 'hmac',
  'quiet-tz': 'quiet',
  backoff: 'retry',
  param: 'params',
  arg: 'args',
};

const ref = (r: SecretRef | undefined): string => (!r ? '' : 'env' in r ? `env:${r.env}` : `secret:${r.secret}`);

/** The editor's values of a channel. */
export function channelToValues(ch: ChannelConfig): FormValues {
  const v: FormValues = {
    name: ch.name,
    type: ch.type,
    subject: ch.subject ?? '',
    rate: ch.rateLimit ? `${ch.rateLimit.count}/${ch.rateLimit.minutes}` : '',
    digest: ch.digestSeconds !== undefined ? String(ch.digestSeconds) : '',
    suppress: ch.suppressMinutes !== undefined ? String(ch.suppressMinutes) : '',
    quiet: (ch.quiet ?? []).map((w) => `${w.from ?? '00:00'}-${w.to ?? '24:00'}${w.days ? `,${w.days.join(',')}` : ''}${w.tz ? `@${w.tz}` : ''}`).join(' '),
    retry: ch.retry ? `${ch.retry.attempts}/${ch.retry.backoffSeconds}` : '',
    timeout: ch.timeoutSeconds !== undefined ? String(ch.timeoutSeconds) : '',
  };
  if (ch.type === 'webhook') Object.assign(v, { url: ch.url, hmac: ref(ch.hmacKey) });
  if (ch.type === 'command') Object.assign(v, { program: ch.program, args: ch.args.join(' ') });
  if (ch.type === 'sms') v.gateway = ch.gateway;
  if (ch.type === 'sms' && ch.gateway === 'http')
    Object.assign(v, {
      url: ch.url,
      method: ch.method,
      format: ch.format,
      params: Object.entries(ch.params)
        .map(([k, t]) => `${k}=${t}`)
        .join('; '),
      auth: ref(ch.auth),
    });
  if (ch.type === 'email' || (ch.type === 'sms' && ch.gateway === 'email'))
    Object.assign(v, {
      host: ch.host,
      port: ch.port !== undefined ? String(ch.port) : '',
      tls: ch.tls,
      user: ch.user ?? '',
      password: ref(ch.password),
      from: ch.from,
      to: ch.to.join(', '),
    });
  return v;
}

/** `env:VAR` / `secret:KEY` → the option pair, refusing anything else. */
function secretOption(text: string | undefined, field: string): { env?: string; secret?: string } {
  const t = text?.trim();
  if (!t) return {};
  const m = /^(env|secret):(.+)$/.exec(t);
  if (!m) throw new FieldError(`${field}: type env:VARIABLE or secret:KEY (the value itself is never kept in the configuration)`, field);
  return m[1] === 'env' ? { env: m[2]!.trim() } : { secret: m[2]!.trim() };
}

/** An error about one editor field. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The channel the editor's values describe, merged over `original`'s settings the editor does not show (throws FieldError). */
export function channelFromValues(values: FormValues, original: ChannelConfig | null): ChannelConfig {
  const v = (k: string) => (values[k]?.trim() ? values[k]!.trim() : undefined);
  const quiet = v('quiet');
  if (quiet && /\s/.test(quiet)) throw new FieldError('Quiet hours: one window here (HH:MM-HH:MM[,days][@ZONE]); several are kept in config.json', 'quiet');
  const [window, tz] = quiet ? quiet.split('@') : [undefined, undefined];
  const [attempts, backoff] = v('retry')?.split('/') ?? [];
  const password = secretOption(values.password, 'password');
  const hmac = secretOption(values.hmac, 'hmac');
  const auth = secretOption(values.auth, 'auth');
  const o: AddOptions = {
    type: v('type'),
    gateway: v('gateway'),
    host: v('host'),
    port: v('port'),
    tls: v('tls'),
    user: v('user'),
    passwordEnv: password.env,
    passwordSecret: password.secret,
    from: v('from'),
    to: v('to'),
    url: v('url'),
    hmacEnv: hmac.env,
    hmacSecret: hmac.secret,
    program: v('program'),
    arg: v('args')?.split(/\s+/) ?? [],
    method: v('method'),
    format: v('format'),
    param: (v('params') ?? '')
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean),
    authEnv: auth.env,
    authSecret: auth.secret,
    subject: v('subject'),
    rate: v('rate'),
    digest: v('digest'),
    suppress: v('suppress'),
    quiet: window,
    quietTz: tz,
    retry: attempts,
    backoff,
    timeout: v('timeout'),
  };
  let built: unknown;
  try {
    built = fromOptions(v('name') ?? '', o);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const opt = /^--([a-z-]+)/.exec(err.message)?.[1] ?? '';
    throw new FieldError(
      err.message.replace(/^--([a-z-]+)/, (_all, name: string) => FIELD_OF[name] ?? name),
      FIELD_OF[opt] ?? opt,
    );
  }
  // Settings without a field (body template, CA file) stay, as long as the type stays the same.
  const kept = original && original.type === o.type ? Object.fromEntries(Object.entries(original).filter(([k]) => !EDITED.includes(k))) : {};
  try {
    return checkChannel({ ...kept, ...(built as object) });
  } catch (err) {
    const path = /channel not saved: ([A-Za-z]+)/.exec((err as Error).message)?.[1] ?? '';
    throw new FieldError((err as Error).message.replace(/^channel not saved: /, ''), FIELD_OF[path] ?? path);
  }
}
