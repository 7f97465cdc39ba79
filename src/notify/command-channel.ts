// A program run for each notification, without a shell: the notification as JSON on stdin and as MSGMON_*
// environment variables; exit 0 within the timeout is success.
import { spawn } from 'node:child_process';
import type { CommandConfig } from './channel-schema.js';
import { deliveryJson, timeoutOf, type Delivery, type Send } from './delivery.js';

/** The MSGMON_* variables a command sees (its only environment besides PATH, HOME, LANG). */
export function commandEnv(d: Delivery): Record<string, string> {
  const m = d.content.message;
  const env: Record<string, string> = {
    MSGMON_CHANNEL: d.content.channel,
    MSGMON_KIND: d.content.kind,
    MSGMON_KEY: d.key,
    MSGMON_SUBJECT: d.rendered.subject,
    MSGMON_COUNT: String(d.content.count),
  };
  if (m) {
    Object.assign(env, {
      MSGMON_ID: String(m.id),
      MSGMON_MSGID: m.msgId,
      MSGMON_SYSTEM: m.system,
      MSGMON_SEVERITY: String(m.severity),
      MSGMON_TEXT: m.text,
      MSGMON_TIME: new Date(m.time).toISOString(),
    });
    for (const [k, v] of Object.entries(m.fields)) {
      const name = `MSGMON_FIELD_${k.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
      env[name] = String(v);
    }
  }
  return env;
}

/** A sender that runs the channel's program. */
export function commandSender(cfg: CommandConfig): Send {
  return (d) =>
    new Promise<void>((resolve, reject) => {
      const base: Record<string, string> = {};
      for (const k of ['PATH', 'HOME', 'LANG', 'TZ']) if (process.env[k] !== undefined) base[k] = process.env[k]!;
      const child = spawn(cfg.program, cfg.args, { shell: false, env: { ...base, ...commandEnv(d) }, stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        if (err.length < 2000) err += b.toString('utf8');
      });
      const timeout = timeoutOf(cfg);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`${cfg.program}: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else if (signal) reject(new Error(`${cfg.program} was killed (${signal}${signal === 'SIGKILL' ? `, over ${timeout / 1000} s` : ''})`));
        else reject(new Error(`${cfg.program} exited ${code}${err.trim() ? `: ${err.trim().split('\n').pop()}` : ''}`));
      });
      // A program that does not read stdin closes it early: that is its business, not a failure.
      child.stdin.on('error', () => {});
      child.stdin.end(JSON.stringify(deliveryJson(d)));
    });
}
