// Automated responses (DESIGN §5) as every layer sees them; src/rules/ validates them (zod) and runs them.
import type { FieldValue, Highlight } from './types.js';

/** Log option: `Y` console + Activity Log, `L` Activity Log only, `N` discard (nothing kept). */
export type LogOption = 'Y' | 'L' | 'N';

/** Days of a weekly calendar. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** A condition on one field (or message attribute: system, source, msgId, severity, session, text). */
export interface FieldCondition {
  field: string;
  equals?: FieldValue;
  /** `*` and `?` wildcards, the whole value must match. */
  glob?: string;
  /** re2js syntax (linear time), found anywhere in the value unless anchored. */
  regex?: string;
  in?: FieldValue[];
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
  /** Network addresses (CIDR, IPv4 also as IPv4-mapped IPv6): the value is an address inside one of them. */
  cidr?: string[];
  /** A watch list's name (trustedNetworks, sensitivePaths, …): the value is on it; an empty list never matches. */
  list?: string;
  /** true: the field must be present; false: it must be absent. */
  exists?: boolean;
  ignoreCase?: boolean;
  /** Negates the test on a present value. */
  not?: boolean;
  /** A message without the field passes (otherwise a missing field fails every test). */
  orMissing?: boolean;
}

/** One window of a weekly calendar: on these days (default every day), from–to local time (to < from wraps midnight). */
export interface TimeWindow {
  days?: Weekday[];
  /** `HH:MM`, default 00:00. */
  from?: string;
  /** `HH:MM`, default 24:00. */
  to?: string;
  /** IANA time zone, default UTC. */
  tz?: string;
}

/** N messages within M minutes, counted separately per value of the key fields. */
export interface Frequency {
  count: number;
  minutes: number;
  by?: string[];
  /** Start counting again after the rule acted (one action per N messages instead of one per message). */
  reset?: boolean;
  /**
   * One action per wave: after the rule acted for a key, it stays silent for that key while matching messages keep
   * coming less than this many minutes apart; the message that crosses the threshold gets `wave_count`, `wave_first`, `wave_span` (seconds).
   */
  quiet?: number;
}

/** Filters: every one given must hold. */
export interface RuleMatch {
  /** Message IDs, `*`/`?` wildcards (`FTP002*`). */
  msgId?: string | string[];
  system?: string | string[];
  source?: string | string[];
  /** Globs on the user field. */
  user?: string | string[];
  severity?: { min?: number; max?: number };
  fields?: FieldCondition[];
  text?: { contains?: string; regex?: string; ignoreCase?: boolean };
  /** Active only inside these windows (any of them). */
  when?: TimeWindow[];
  frequency?: Frequency;
}

/** What a rule does to a message it matches. */
export interface RuleActions {
  log?: LogOption;
  severity?: number;
  /** New text, `&FIELD` variables (`FTP session of &USER ended`). */
  text?: string;
  highlight?: Highlight;
  inquiry?: boolean;
  /** The replies an inquiry allows (`G`, `C`, `I`; matched without regard to case); absent: any reply. */
  replies?: string[];
  /** The reply recorded when the operator answers with a blank value. */
  defaultReply?: string;
  tags?: string[];
  /** Notification channels to tell (hook for the notifications issue). */
  notify?: string[];
  /** Escalation procedure to start (hook for the notifications issue). */
  escalate?: string;
  /** Acknowledging or removing the message needs a comment (the message is tagged `comment-required`). */
  requireComment?: boolean;
  /** `stop` (default): later rules do not see the message; `continue`: they do. */
  then?: 'stop' | 'continue';
}

/** Expect a matching message every (listed) day between `from` and `by`, local time. */
export interface DeadlineWatch {
  type: 'deadline';
  expect: RuleMatch;
  by: string;
  from?: string;
  days?: Weekday[];
  tz?: string;
  /** The message raised when it is missed (default MON0030; a SEC message for a silent batch account). */
  raise?: string;
}

/** After a message matching `after`, expect one matching `expect` with the same key fields within N minutes. */
export interface SequenceWatch {
  type: 'sequence';
  after: RuleMatch;
  expect: RuleMatch;
  within: number;
  /** Default: the session. */
  key?: string[];
  /** The message raised when it is missed (default MON0030). */
  raise?: string;
}

/** A watch rule raises MON0030 when the expected message does not come. */
export type WatchSpec = DeadlineWatch | SequenceWatch;

/** A sample message for a rule's inline test (what is not given gets a default). */
export interface TestMessage {
  msgId: string;
  system?: string;
  source?: string;
  severity?: number;
  text?: string;
  time?: string;
  session?: string;
  fields?: Record<string, FieldValue>;
}

/** What a rule should make of the last of its test messages. */
export interface TestExpectation extends Pick<RuleActions, 'log' | 'severity' | 'text' | 'highlight' | 'inquiry' | 'tags'> {
  match: boolean;
}

/** An inline test case, checked when a rule is saved and by the test suite for data/rules/default.json. */
export interface RuleTest {
  messages: TestMessage[];
  expect: TestExpectation;
}

/** A stored rule. `id` never changes; `seq` orders evaluation (lowest first, then id). */
export interface Rule {
  id: number;
  seq: number;
  description: string;
  enabled: boolean;
  match: RuleMatch;
  actions: RuleActions;
  watch?: WatchSpec;
  /** A detection: raises its own message (SEC…) when its primitive fires. */
  detect?: DetectSpec;
  tests?: RuleTest[];
}

/** A rule as a file may hold it: msgmon assigns id and seq when they are missing. */
export type RuleDraft = Omit<Rule, 'id' | 'seq'> & { id?: number; seq?: number };

/** How often a rule acted and on which message time it last did (kept in the store, not the config file). */
export interface RuleHits {
  ruleId: number;
  hits: number;
  lastHit: number | null;
}

/** A rule asked for notifications about a message (the notifications issue delivers them). */
export interface NotifyRequest {
  ruleId: number;
  channels: string[];
  escalation: string | null;
}

// Detection rules (threat detections): rules that raise a message of their own (a SEC message) when a
// primitive sees something unusual. The rules layer validates and runs them.

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
