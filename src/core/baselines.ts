// Baselines: what is usual, learned by the store as messages are kept and read by detections. Which messages
// feed which baseline is decided here, once, for the store that learns and the rules that read.
import type { NewMessage } from './types.js';

/** First and last sighting of a key. */
export interface SeenRecord {
  first: number;
  last: number;
  count: number;
}

/** Usual volumes of a key: closed periods (sessions or days) and their sums. */
export interface VolumeRecord {
  periods: number;
  files: number;
  bytes: number;
  maxFiles: number;
  maxBytes: number;
}

/** Read access to stored baselines (the store implements it; the rule engine runs without one in tests). */
export interface BaselineReader {
  seen(name: 'user' | 'client' | 'user+client', key: string): SeenRecord | null;
  /** Logons per UTC hour of the day (24 counts). */
  hours(user: string): number[] | null;
  volume(name: 'session-down' | 'day-down', user: string): VolumeRecord | null;
  /** Time of the oldest message learned from, or null when nothing was. */
  since(): number | null;
}

/** Message IDs that are a successful logon (the seen baselines learn from these). */
export const LOGON_MSGIDS: ReadonlySet<string> = new Set(['FTP0002']);
/** Message IDs that end a session (its volumes are learned then). */
export const SESSION_END_MSGIDS: ReadonlySet<string> = new Set(['FTP0040', 'FTP0041']);

/** Joins key values: the separator cannot occur in a user name or address. */
export const KEY_SEP = '\u0001';

/** The keys a logon message adds to: user, client and user+client (null when it is not a logon with a user). */
export function logonKeys(m: Pick<NewMessage, 'msgId' | 'fields'>): { user: string; client: string | null; pair: string | null } | null {
  if (!LOGON_MSGIDS.has(m.msgId)) return null;
  const u = m.fields.user;
  if (u === undefined || u === '') return null;
  const c = m.fields.client;
  const client = c === undefined || c === '' ? null : String(c);
  return { user: String(u), client, pair: client === null ? null : String(u) + KEY_SEP + client };
}

/** The UTC day of a time (days since the epoch): daily volumes are summed per day. */
export function dayOf(t: number): number {
  return Math.floor(t / 86_400_000);
}
