// What in the home's configuration names a channel or a procedure (channels remove and escalations remove refuse then).
import { channelUsers as users, procedureUsers as procUsers } from '../notify/refs.js';
import type { CliContext } from './context.js';

/** Rules and procedures that name the channel. */
export function channelUsers(c: CliContext, name: string): string[] {
  const d = c.config.data;
  return users(d.rules, d.escalations, name);
}

/** Rules that start the procedure. */
export function procedureUsers(c: CliContext, name: string): string[] {
  return procUsers(c.config.data.rules, name);
}
