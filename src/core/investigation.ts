// Forensics: what one user, client or path did, from the Activity Log — sessions, files touched, bytes, failed
// logons and the alerts raised, in time order. The store answers it; `msgmon investigate` and the Investigate
// screen show it.
import type { SessionSummary } from './sessions.js';

/** Who or what to investigate (exactly one of user, client, path), within an optional time range. */
export interface InvestigationQuery {
  user?: string;
  /** An address or a network (CIDR). */
  client?: string;
  /** Path wildcards. */
  path?: string;
  since?: number;
  until?: number;
}

/** One event of the time line: a file action, a failed logon or an alert (message id kept for `log`). */
export interface InvestigationEvent {
  id: number;
  time: number;
  kind: 'file' | 'failure' | 'alert';
  msgId: string;
  /** upload, download, delete, rename, mkdir, rmdir, chmod (files); the alert's text for alerts. */
  what: string;
  user: string | null;
  client: string | null;
  path: string | null;
  target: string | null;
  bytes: number | null;
  session: string | null;
}

/** The whole answer. */
export interface Investigation {
  /** Messages that matched the query. */
  messages: number;
  sessions: SessionSummary[];
  /** Files, failures and alerts in time order. */
  events: InvestigationEvent[];
  totals: { sessions: number; files: number; bytesUp: number; bytesDown: number; failures: number; alerts: number };
}

/** What a file message did, by message ID. */
export const FILE_ACTIONS: Readonly<Record<string, string>> = {
  FTP0020: 'upload',
  FTP0021: 'download',
  FTP0022: 'delete',
  FTP0023: 'rename',
  FTP0024: 'mkdir',
  FTP0025: 'rmdir',
  FTP0026: 'chmod',
};

/** Logon failures. */
export const FAILURE_MSGIDS: ReadonlySet<string> = new Set(['FTP0003']);

/** Answers investigations (the store implements it). */
export interface InvestigationService {
  investigate(q: InvestigationQuery): Investigation;
}
