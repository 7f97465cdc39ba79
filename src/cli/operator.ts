// Who acts on messages (ack, defer, remove, console option 7): recorded with the message.
import os from 'node:os';

/** --operator, else MSGMON_OPERATOR, else the login name. */
export function operatorName(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (option?.trim()) return option.trim();
  if (env.MSGMON_OPERATOR?.trim()) return env.MSGMON_OPERATOR.trim();
  try {
    return os.userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}
