// The notifications of a command that reads messages (ingest, collect): the runtime over the home's store and
// configuration, and the operator name that ack, defer and remove record.
import os from 'node:os';
import { NotifyRuntime } from '../notify/runtime.js';
import type { CliContext } from './context.js';

/** The notification runtime of this run (queue, sender) with notes going to `note`. */
export function notifyRuntime(c: CliContext, note: (t: string) => void): NotifyRuntime {
  return new NotifyRuntime(c.store, c.catalog, c.home.configFile, note);
}

/** Who acts: --operator, else MSGMON_OPERATOR, else the login name. */
export function operatorName(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (option?.trim()) return option.trim();
  if (env.MSGMON_OPERATOR?.trim()) return env.MSGMON_OPERATOR.trim();
  try {
    return os.userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}
