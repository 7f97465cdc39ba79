// SMS: through an email-to-SMS gateway (the short form as a mail's body), or an HTTP API (form or JSON
// parameters rendered from templates, the Authorization header from a secret).
import type { SmsConfig } from './channel-schema.js';
import type { Secrets } from './secrets.js';
import { emailSender } from './email-channel.js';
import { httpSend } from './webhook-channel.js';
import { renderExtra } from './template.js';
import { timeoutOf, type Send } from './delivery.js';

/** A sender of SMS. */
export function smsSender(cfg: SmsConfig, secrets: Secrets): Send {
  if (cfg.gateway === 'email') return emailSender(cfg, secrets, true);
  return async (d) => {
    const params = Object.fromEntries(Object.entries(cfg.params).map(([k, t]) => [k, renderExtra(d.content, t, d.rendered)]));
    const headers: Record<string, string> = { 'user-agent': 'msgmon' };
    if (cfg.auth) headers.authorization = secrets.get(cfg.auth);
    let url = cfg.url;
    let body: string | undefined;
    if (cfg.method === 'GET') {
      const u = new URL(cfg.url);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      url = u.toString();
    } else if (cfg.format === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(params);
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(params).toString();
    }
    await httpSend(url, { method: cfg.method, headers, body }, timeoutOf(cfg));
  };
}
