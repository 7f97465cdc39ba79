// Sessions as the store keeps them and the screens read them: one FTP/SFTP login from connect to end.
import type { Message } from './types.js';

/**
 * How a session ended. `logout`: the client logged out (FTP0040). The others end it without a logout
 * (FTP0041): `dropped` the server logged that the connection was lost, `process` the server process is gone
 * (found by a process check), `idle` no line for the idle timeout, `job` the IBM i job ended.
 */
export type SessionEnd = 'logout' | 'dropped' | 'process' | 'idle' | 'job';

/** Every way a session can end, for validation and help texts. */
export const SESSION_ENDS: readonly SessionEnd[] = ['logout', 'dropped', 'process', 'idle', 'job'];

/**
 * The field that ends a session: a message with a session id and `session_end` set to a SessionEnd ends
 * that session when it is stored. Session strategies set it on FTP0040/FTP0041; a format may set it as a
 * constant field of a pattern (an IBM i job-end entry: `"fields": { "session_end": "job" }`).
 */
export const SESSION_END_FIELD = 'session_end';

/** How a message of these IDs ends its session when it carries no `session_end` (a format's own FTP0041 lines). */
export const ENDING_MSGIDS: Readonly<Record<string, SessionEnd>> = { FTP0040: 'logout', FTP0041: 'dropped' };

/** Message IDs that open, refuse or end a session rather than act in it (not counted as commands). */
export const NOT_COMMANDS: ReadonlySet<string> = new Set(['FTP0001', 'FTP0002', 'FTP0003', 'FTP0040', 'FTP0041']);

/**
 * A session's protocol once a message says `proto`: an SSH logon that goes on to open SFTP is an SFTP session (a
 * specific protocol replaces `ssh`); an FTP session that switched to TLS (AUTH TLS) is an FTPS session.
 */
export function mergeProtocol(current: string | null, proto: string | null): string | null {
  // A Linux audit event joined to an SSH or FTP session (pipeline/audit-sessions.ts) says nothing of its protocol.
  if (proto === 'audit' && current !== null) return current;
  if (proto && (current === null || (current === 'ssh' && proto !== 'ssh') || (current === 'ftp' && proto === 'ftps'))) return proto;
  return current;
}

/** What ending a session without a line needs to know of it (a summary has it, so has the idle tracker). */
export interface OpenSession {
  id: string;
  protocol: string | null;
  user: string | null;
  client: string | null;
  pids: number[];
}

/** The summary of one session, maintained in the same transaction as its messages. */
export interface SessionSummary {
  id: string;
  system: string;
  source: string;
  /** `ftp`, `sftp`, `ssh` (a logon that opened no SFTP subsystem). */
  protocol: string | null;
  user: string | null;
  client: string | null;
  /** Time of its first and newest message, epoch ms. */
  start: number;
  last: number;
  /** Time of the message that ended it; null while active. */
  end: number | null;
  endedBy: SessionEnd | null;
  /** Its messages other than connect, logon and end (FTP0010–FTP0030, FTP0050, …). */
  commands: number;
  filesUp: number;
  filesDown: number;
  bytesUp: number;
  bytesDown: number;
  messages: number;
  /** True once a logon succeeded in it (FTP0002). */
  loggedOn: boolean;
  /** Server process ids its messages named: the session is alive while one of them runs. */
  pids: number[];
}

/** Which sessions a list shows; all filters optional. */
export interface SessionQuery {
  /** Only sessions without an end. */
  active?: boolean;
  user?: string;
  system?: string;
  /** Sessions that started at or after this time (epoch ms). */
  since?: number;
}

/** What the FTP Sessions screens need from the store. */
export interface SessionService {
  /** Newest start first, at most `limit`. */
  list(query: SessionQuery, limit: number): SessionSummary[];
  get(id: string): SessionSummary | null;
  /** The session's messages in the order they happened (log time, then arrival), at most `limit`. */
  messages(id: string, limit?: number): Message[];
}
