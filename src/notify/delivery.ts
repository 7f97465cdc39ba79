// What a channel is handed to send, and the kind → factory registry of channel types.
import type { ChannelConfig } from './channel-schema.js';
import type { Secrets } from './secrets.js';
import { messageData, type NotifyContent, type Rendered } from './template.js';

/** One notification ready to send. */
export interface Delivery {
  content: NotifyContent;
  rendered: Rendered;
  /** Idempotency key of the queue row (receivers may drop repeats by it). */
  key: string;
}

/** Sends one notification; rejects with a short reason when it was not accepted. */
export type Send = (d: Delivery) => Promise<void>;

/** Makes the sender of one channel configuration. */
export type ChannelFactory<C extends ChannelConfig = ChannelConfig> = (cfg: C, secrets: Secrets) => Send;

/** Default time a send may take. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The timeout of a channel in ms. */
export function timeoutOf(cfg: ChannelConfig): number {
  return cfg.timeoutSeconds !== undefined ? cfg.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
}

/** The JSON a webhook posts and a command reads on stdin. */
export function deliveryJson(d: Delivery): Record<string, unknown> {
  const c = d.content;
  return {
    key: d.key,
    channel: c.channel,
    kind: c.kind,
    subject: d.rendered.subject,
    body: d.rendered.body,
    short: d.rendered.short,
    count: c.count,
    firstTexts: c.firstTexts,
    ...(c.procedure ? { procedure: c.procedure, step: c.step } : {}),
    message: messageData(c.message),
  };
}
