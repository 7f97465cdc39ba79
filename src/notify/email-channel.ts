// Email through SMTP (nodemailer): STARTTLS required by default, TLS from the start, or plain for a local relay;
// the password from the environment or the secrets file; the server's certificate checked (against `ca` if given).
import fs from 'node:fs';
import type { EmailConfig, SmsConfig } from './channel-schema.js';
import type { Secrets } from './secrets.js';
import { timeoutOf, type Send } from './delivery.js';

type Smtp = EmailConfig | Extract<SmsConfig, { gateway: 'email' }>;

/** A sender of mails; `short` sends the SMS short form as the body (an email-to-SMS gateway). */
export function emailSender(cfg: Smtp, secrets: Secrets, short = false): Send {
  return async (d) => {
    // Loaded on the first mail: nodemailer costs every other command's start time otherwise.
    const nodemailer = (await import('nodemailer')).default;
    const timeout = timeoutOf(cfg);
    const transport = nodemailer.createTransport({
      host: cfg.host,
      port: cfg.port ?? (cfg.tls === 'tls' ? 465 : 587),
      secure: cfg.tls === 'tls',
      requireTLS: cfg.tls === 'starttls',
      ignoreTLS: cfg.tls === 'none',
      auth: cfg.user ? { user: cfg.user, pass: cfg.password ? secrets.get(cfg.password) : '' } : undefined,
      tls: cfg.ca ? { ca: fs.readFileSync(cfg.ca, 'utf8') } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    try {
      await transport.sendMail({
        from: cfg.from,
        to: cfg.to.join(', '),
        subject: short ? undefined : d.rendered.subject,
        text: short ? d.rendered.short : d.rendered.body,
        headers: { 'X-Msgmon-Key': d.key },
      });
    } finally {
      transport.close();
    }
  };
}
