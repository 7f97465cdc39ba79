// Kind → factory registry for session strategies, named by the format's `session` key.
import type { SessionStrategy } from './types.js';
import { PidSessions } from './by-pid.js';
import { VsftpdSessions } from './vsftpd.js';

const NONE: SessionStrategy = { assign: (l) => ({ session: null, msgId: l.msgId }) };

/** A fresh strategy instance for one source. */
export function sessionStrategy(kind: 'vsftpd' | 'pid' | 'none'): SessionStrategy {
  if (kind === 'vsftpd') return new VsftpdSessions();
  if (kind === 'pid') return new PidSessions();
  return NONE;
}
