// Channel type → sender factory (DESIGN §9: kind → factory registries, options as schema-checked data).
import type { ChannelConfig, CommandConfig, EmailConfig, SmsConfig, WebhookConfig } from './channel-schema.js';
import type { Secrets } from './secrets.js';
import type { ChannelFactory, Send } from './delivery.js';
import { emailSender } from './email-channel.js';
import { webhookSender } from './webhook-channel.js';
import { commandSender } from './command-channel.js';
import { smsSender } from './sms-channel.js';

const FACTORIES: { [K in ChannelConfig['type']]: ChannelFactory<Extract<ChannelConfig, { type: K }>> } = {
  email: (c: EmailConfig, s) => emailSender(c, s),
  webhook: (c: WebhookConfig, s) => webhookSender(c, s),
  command: (c: CommandConfig) => commandSender(c),
  sms: (c: SmsConfig, s) => smsSender(c, s),
};

/** The sender of a channel. */
export function senderFor(cfg: ChannelConfig, secrets: Secrets): Send {
  return (FACTORIES[cfg.type] as ChannelFactory)(cfg, secrets);
}
