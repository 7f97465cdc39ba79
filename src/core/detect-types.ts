// Detection rules (threat detections): rules that raise a message of their own (a SEC message) when a
// primitive sees something unusual — a value first seen, a key not seen for long, a volume above usual, a
// wave of failures, activity at an unusual hour. The rules layer validates and runs them.
import type { RuleMatch } from './rule-types.js';

/** Stored baselines a detection may read history from (learned by the store as messages are kept). */
export type SeenBaseline = 'user' | 'client' | 'user+client';

/** Shared by every detection: which messages it examines and what it raises. */
interface DetectBase {
  /** The messages the detection looks at. */
  on: RuleMatch;
  /** The catalog message raised (SEC0001…). */
  raise: string;
  /** One alert per wave: after an alert, the same `quietBy` key raises again only after this many minutes without a trigger. */
  quiet?: number;
  /** The key of a wave (default: the detection's key). */
  quietBy?: string[];
}

/** A value never seen for its key within `days` (a client never seen for this user). */
export interface FirstSeenDetect extends DetectBase {
  type: 'first-seen';
  /** Key fields (user); empty: one key for all. */
  key: string[];
  /** Value fields (client). */
  value: string[];
  /** A value not seen for this many days counts as new again (default 90). */
  days?: number;
  /** Days the key must have been known before its new values are judged (learning; default 1). */
  learnDays?: number;
  /** The stored baseline holding the history of key+value, so a restart forgets nothing. */
  baseline?: SeenBaseline;
}

/** A key absent for `days` (a dormant account logging on), or never seen at all (`never`). */
export interface NotSeenForDetect extends DetectBase {
  type: 'not-seen-for';
  key: string[];
  days: number;
  /** The messages that count as seeing the key (default: `on`). */
  seen?: RuleMatch;
  /** Also raise for a key never seen (after `learnDays` of history). */
  never?: boolean;
  /** Days of history needed before "never seen" means anything (default 1). */
  learnDays?: number;
  baseline?: SeenBaseline;
}

/** A per-key volume in one session or day far above the key's learned usual, or above a floor. */
export interface AboveUsualDetect extends DetectBase {
  type: 'above-usual';
  key: string[];
  /** What one volume is summed over. */
  per: 'session' | 'day';
  /** Files (messages) counted and a numeric field summed (bytes); either crossing raises, once per period. */
  count?: VolumeLimit;
  sum?: VolumeLimit & { field: string };
  /** Stored baseline of usual volumes per user (`session-down`, `day-down`). */
  baseline?: 'session-down' | 'day-down';
}

/** When a volume is "far above usual": factor × usual, never below `floor`; `newFloor` when there is no usual yet. */
export interface VolumeLimit {
  factor: number;
  floor: number;
  newFloor?: number;
}

/** N matching messages (or N distinct values of a field) within M minutes per key, once per wave. */
export interface WaveDetect extends DetectBase {
  type: 'wave';
  by: string[];
  count: number;
  minutes: number;
  /** Count distinct values of this field instead of messages (password spraying: distinct users). */
  distinct?: string;
  /** Minutes without a matching message that end a wave; the next crossing raises again. */
  quiet: number;
  /** Count only messages whose user has logged on before (real accounts, not names a scanner tries). */
  known?: boolean;
}

/** Activity at an hour a key (user) is not usually active, for keys that work by day. */
export interface UnusualHourDetect extends DetectBase {
  type: 'unusual-hour';
  key: string[];
  /** The working day, local time HH:MM (default 07:00–19:00). */
  dayFrom?: string;
  dayTo?: string;
  tz?: string;
  /** Activities needed before a key's habits are judged (default 20). */
  minHistory?: number;
  /** Share of the key's activity that must fall inside the working day to call it a day worker (default 0.95). */
  dayShare?: number;
  /** Use the stored usual hours of users (`hours`). */
  baseline?: 'hours';
}

/** One detection. */
export type DetectSpec = FirstSeenDetect | NotSeenForDetect | AboveUsualDetect | WaveDetect | UnusualHourDetect;
