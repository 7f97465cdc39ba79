// Kind → factory registry for session strategies, named by the format's `session` key.
import type { SessionStrategy } from './types.js';
import { AuditEvents } from './audit-events.js';
import { PidSessions } from './by-pid.js';
import { SshSessions } from './ssh.js';
import { VsftpdSessions } from './vsftpd.js';

/** The strategies a format may name. */
export type SessionKind = 'vsftpd' | 'ssh' | 'pid' | 'audit' | 'none';

const NONE: SessionStrategy = { assign: (l) => ({ session: null, msgId: l.msgId }), restore: () => {}, forget: () => {}, save: () => null, load: () => {} };

/** A fresh strategy instance for one source (formats of a source naming the same kind share one instance). */
export function sessionStrategy(kind: SessionKind): SessionStrategy {
  if (kind === 'vsftpd') return new VsftpdSessions();
  if (kind === 'ssh') return new SshSessions();
  if (kind === 'pid') return new PidSessions();
  if (kind === 'audit') return new AuditEvents();
  return NONE;
}
