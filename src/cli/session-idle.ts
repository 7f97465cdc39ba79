// The --session-idle option of ingest and sources add: the server's idle timeout in seconds, as its own
// configuration says it (vsftpd.conf idle_session_timeout, ProFTPD TimeoutIdle, Pure-FTPd -I in minutes × 60).
import { UsageError } from '../core/errors.js';

/** The option's help line. */
export const SESSION_IDLE_HELP =
  "the server's idle timeout in seconds when it is not its format's default (vsftpd 300, ProFTPD 600, Pure-FTPd 900): a session with no line for this long of log time ends (FTP0041 idle)";

/** Seconds of `--session-idle`, or undefined when not given; a usage error says what is wrong. */
export function sessionIdleSeconds(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--session-idle '${s}' must be a whole number of seconds above 0 (vsftpd's idle_session_timeout is 300)`);
  return n;
}
