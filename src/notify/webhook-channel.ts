// Webhooks: a JSON POST, signed with HMAC-SHA256 of the exact body when a key is configured, within a timeout.
import crypto from 'node:crypto';
import type { WebhookConfig } from './channel-schema.js';
import type { Secrets } from './secrets.js';
import { deliveryJson, timeoutOf, type Send } from './delivery.js';

/** The header that carries the signature: `sha256=` and the hex HMAC of the body. */
export const SIGNATURE_HEADER = 'X-Msgmon-Signature';

/** `sha256=HEX` of a body under a key (what receivers compute to check it). */
export function signature(key: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;
}

/** Sends an HTTP request; rejects unless the answer is 2xx. */
export async function httpSend(url: string, init: { method: string; headers: Record<string, string>; body?: string }, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
    throw new Error(`${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
}

/** A sender of webhook calls. */
export function webhookSender(cfg: WebhookConfig, secrets: Secrets): Send {
  return async (d) => {
    const body = JSON.stringify(deliveryJson(d));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'msgmon', 'x-msgmon-key': d.key };
    if (cfg.hmacKey) headers[SIGNATURE_HEADER.toLowerCase()] = signature(secrets.get(cfg.hmacKey), body);
    await httpSend(cfg.url, { method: 'POST', headers, body }, timeoutOf(cfg));
  };
}
