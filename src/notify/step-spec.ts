// Escalation steps as one line of text: `MINUTES:CH1,CH2[:every=M,times=N;hours=08:00-18:00,mon@ZONE]`, the form
// `msgmon escalations add --step` and the procedure editor share.
import { UsageError } from '../core/errors.js';
import type { StepConfig } from './channel-schema.js';

/** `--step MINUTES:CH1,CH2[:every=M,times=N][;hours=08:00-18:00,mon,tue@Europe/Berlin]` (options after the second colon, `;` between them). */
export function parseStep(spec: string): StepConfig {
  const i = spec.indexOf(':');
  const j = i < 0 ? -1 : spec.indexOf(':', i + 1);
  const after = i < 0 ? spec : spec.slice(0, i);
  const channels = i < 0 ? '' : spec.slice(i + 1, j < 0 ? undefined : j);
  const rest =
    j < 0
      ? []
      : spec
          .slice(j + 1)
          .split(';')
          .filter(Boolean);
  const n = Number(after);
  if (!channels || !Number.isFinite(n) || n < 0) throw new UsageError(`--step '${spec}' must be MINUTES:CHANNEL[,CHANNEL…], e.g. 0:mail-ops or 15:sms-oncall`);
  const step: StepConfig = { after: n, channels: channels.split(',').filter(Boolean) };
  for (const r of rest) {
    const every = /^every=(\d+(?:\.\d+)?),times=(\d+)$/.exec(r);
    const hours = /^hours=(\d\d:\d\d)-(\d\d:\d\d)((?:,[a-z]{3})*)(?:@(.+))?$/.exec(r);
    if (every) step.repeat = { every: Number(every[1]), times: Number(every[2]) };
    // Each hours= adds a window (formatStep writes one per window).
    else if (hours)
      step.hours = [
        ...(step.hours ?? []),
        {
          from: hours[1],
          to: hours[2],
          ...(hours[3] ? { days: hours[3].slice(1).split(',') as NonNullable<StepConfig['hours']>[number]['days'] } : {}),
          ...(hours[4] ? { tz: hours[4] } : {}),
        },
      ];
    else throw new UsageError(`--step '${spec}': '${r}' must be every=MINUTES,times=N or hours=HH:MM-HH:MM[,mon,…][@ZONE]`);
  }
  return step;
}

/** A step in a few words. */
export function describeStep(s: StepConfig, i: number): string {
  const parts = [`${i + 1}: after ${s.after} min → ${s.channels.join(', ')}`];
  if (s.repeat) parts.push(`repeat every ${s.repeat.every} min ×${s.repeat.times}`);
  if (s.hours)
    parts.push(
      `hours ${s.hours.map((h) => `${h.from ?? '00:00'}-${h.to ?? '24:00'}${h.days ? ` ${h.days.join(',')}` : ''}${h.tz ? ` ${h.tz}` : ''}`).join('; ')}`,
    );
  return parts.join(', ');
}

/** A step as `--step` takes it (the Work with Escalation Procedures editor shows and reads steps this way). */
export function formatStep(s: StepConfig): string {
  const opts: string[] = [];
  if (s.repeat) opts.push(`every=${s.repeat.every},times=${s.repeat.times}`);
  for (const h of s.hours ?? []) opts.push(`hours=${h.from ?? '00:00'}-${h.to ?? '24:00'}${h.days ? `,${h.days.join(',')}` : ''}${h.tz ? `@${h.tz}` : ''}`);
  return `${s.after}:${s.channels.join(',')}${opts.length ? `:${opts.join(';')}` : ''}`;
}
