// Service interfaces the UI reads and acts through; the CLI wires real implementations (DESIGN §2).
import type { Rule, RuleDraft } from './rule-types.js';
import type { InquiryState, Message } from './types.js';
import type { SessionService } from './sessions.js';
import type { StatusService } from './status-types.js';
import type { WatchListService } from './watchlists.js';
import type { InvestigationService } from './investigation.js';
import type { NotifyService } from './notify-service.js';

/** Which messages a list shows. All filters optional; `console` restricts to what still needs a person. */
export interface MessageQuery {
  console?: boolean;
  since?: number;
  until?: number;
  system?: string;
  user?: string;
  /** msgId with `*` wildcards, e.g. `FTP002*`. */
  msgId?: string;
  session?: string;
  /** Words that must all occur in the text (full-text index). */
  text?: string;
  minSeverity?: number;
  /** Client address or network (CIDR; IPv4 also matches its IPv4-mapped IPv6 spelling). */
  client?: string;
  /** Path wildcards (`*`, `?`). */
  path?: string;
}

/** One page of a newest-first list, read by keyset so paging costs the same at any depth. */
export interface MessagePage {
  messages: Message[];
  /** True when older messages exist beyond this page ("More..." rather than "Bottom"). */
  more: boolean;
}

/** Second-level text of a message ID, as an IBM message file holds it. */
export interface MessageHelp {
  msgId: string;
  severity: number;
  template: string;
  cause: string;
  recovery: string;
}

/** Actions an operator takes on console messages. */
export type MessageAction = 'remove' | 'ack';

/** What the screens need from the store; every method is synchronous (SQLite) except where noted. */
export interface MessageService {
  /** Newest first: by log time then id (arrival), text search by id. `before` is the id of the message to page down from (exclusive), `after` pages up (`after: 0` from the oldest). */
  page(query: MessageQuery, limit: number, cursor?: { before?: number; after?: number }): MessagePage;
  get(id: number): Message | null;
  count(query: MessageQuery): number;
  /** Applies an action; returns the ids it changed. `by`: who (default: the operator of this run) and why. */
  act(ids: number[], action: MessageAction, by?: { operator?: string; comment?: string | null }): number[];
  /** Snoozes messages for `minutes`: their escalations pause until then (who and why recorded); returns that time. */
  defer(ids: number[], minutes: number, by?: { operator?: string; comment?: string | null }): number;
  /** Highest message id stored, for the live refresh to notice new ones cheaply. */
  lastId(): number;
  /**
   * Changes whenever another process commits to the store (a collector's messages, another console's acknowledgement,
   * reply or removal): the live refresh re-reads the page only then. Optional: a store no one else writes has none.
   */
  changes?(): number;
  /** Who acknowledged, deferred or removed the message, and the notifications and escalation it caused (Message Details). */
  history?(id: number): { actions: string[]; notifications: string[] };
  /** An inquiry's allowed replies and its answer; null when the message is not an inquiry. */
  inquiry?(id: number): InquiryState | null;
  /**
   * Answers an inquiry (it leaves the console as acknowledged); a blank value takes the rule's default reply.
   * Returns the value recorded, or why nothing was (not an inquiry, answered already, a value not allowed).
   */
  reply?(id: number, value: string, by?: { operator?: string; comment?: string | null }): { ok: true; value: string } | { ok: false; error: string };
}

/** The catalog as the screens see it. */
export interface CatalogService {
  help(msgId: string): MessageHelp | null;
}

/** Everything a screen may use, passed to controllers by the CLI. */
export interface Services {
  messages: MessageService;
  catalog: CatalogService;
  /** The automated responses (Work with Rules, the rule editor, 9=Create rule). */
  rules: RuleService;
  /** The FTP/SFTP sessions (FTP Sessions, F10=Session on Message Details). */
  sessions: SessionService;
  /** The monitored systems and their collectors (Work with Systems). */
  systems: SystemsService;
  /** Channels and escalation procedures (Work with Channels, Work with Escalation Procedures). */
  notify: NotifyService;
  /** The status probe's samples and thresholds (System Status); absent: the screen says there are none. */
  status?: StatusService;
  /** The watch lists in the configuration (Watch Lists screen). */
  watchLists: WatchListService;
  /** What one user, client or path did (Investigate screen). */
  investigations: InvestigationService;
  /** Name of the system msgmon runs on (row 1, right). */
  hostName: string;
  /** Clock, injectable so golden screens are stable. */
  now(): number;
  /** True in --read-only mode: dangerous bindings are refused with a message. */
  readOnly: boolean;
  /**
   * Writes the messages of a query to a file as `msgmon log export --format csv|jsonl --out FILE` does (the Activity
   * Log screen's export; `~/` is the home directory, a relative path is from msgmon's working directory); resolves with
   * the rows written and the file's full path, rejects with why the file could not be written.
   */
  exportLog?(query: MessageQuery, format: 'csv' | 'jsonl', file: string): Promise<{ rows: number; file: string }>;
}

/** One row of Work with Rules: the rule, how often it acted, and its list-column summaries. */
export interface RuleRow {
  rule: Rule;
  hits: number;
  /** Time of the last message the rule acted on, epoch ms; null when it never did. */
  lastHit: number | null;
  /** Msg ID column: `FTP002*`, `FTP0022+1`, `watch`, `*ALL`. */
  msgIds: string;
  /** Action column: the strongest thing the rule does (`remove`, `hilite`, `inquiry`, …). */
  action: string;
  /** Filters column of wide terminals: `system=web1 user=edi_acme client=10.0.0.5`. */
  filters: string;
}

/** Why a rule cannot be saved: the field as a schema path (`match.msgId`, `actions.highlight.color`). */
export interface RuleProblem {
  path: string;
  message: string;
}

/** What saving a rule did, or why nothing was saved. */
export type RuleSaveResult = { ok: true; rule: Rule; added: boolean; warning: string | null; cleared: number } | { ok: false; problems: RuleProblem[] };

/** One message of the Activity Log a tested rule would act on. */
export interface RuleTestExample {
  /** null for a MON0030 a watch rule would raise. */
  id: number | null;
  time: number;
  system: string;
  msgId: string;
  before: string;
  after: string;
  effects: string[];
}

/** What a rule would have done to the newest messages of the Activity Log (nothing is changed). */
export interface RuleTestReport {
  scanned: number;
  matched: number;
  raised: number;
  effects: {
    logOnly: number;
    discarded: number;
    severity: number;
    rewritten: number;
    highlighted: number;
    inquiries: number;
    tagged: number;
    notified: number;
  };
  examples: RuleTestExample[];
}

/** A dry run's report, or why the rule cannot run. */
export type RuleTestResult = { ok: true; report: RuleTestReport } | { ok: false; problems: RuleProblem[] };

/** What an F4 prompt lists: message IDs of the catalog, or systems, users and field names seen in the store. */
export type RulePromptKind = 'msgId' | 'system' | 'user' | 'field';

/** One value of a prompt list, with a description where there is one (the catalog text of a msgId). */
export interface RulePromptValue {
  value: string;
  text: string;
}

/** The automated responses as the screens read and change them; every change is validated whole first. */
export interface RuleService {
  /** Every rule in sequence order, with hits (throws naming file and rule when the configuration is broken). */
  list(): RuleRow[];
  get(id: number): Rule | null;
  /**
   * Validates (schema, the rule's own tests) and saves: a draft without id is added, with an id replaces that
   * rule. `clearConsole` also takes the messages now on the console that a log-only rule (L or N) matches off it.
   */
  save(draft: RuleDraft, opts?: { clearConsole?: boolean }): RuleSaveResult;
  /** Deletes a rule and its hit counter; returns it, null when it was already gone. */
  remove(id: number): Rule | null;
  /** Switches a rule on or off; null when it is gone. */
  setEnabled(id: number, enabled: boolean): Rule | null;
  /** Replays the newest messages of the Activity Log through the draft (enabled), changing nothing. */
  test(draft: RuleDraft, opts?: { examples?: number }): RuleTestResult;
  /**
   * The same dry run a page of messages at a time: each step yields how many messages are done of how many, the
   * end returns the result. A screen runs the steps between key presses and shows the progress.
   */
  testInSteps?(draft: RuleDraft, opts?: { examples?: number }): Generator<{ done: number; total: number }, RuleTestResult>;
  prompt(kind: RulePromptKind): RulePromptValue[];
}

/** Collector state of a system or source (Work with Systems): as `msgmon collect` reports it, `stopped` when no
 * collector runs for configured sources, `not collecting` when nothing collects the system. */
export type SystemState = 'connecting' | 'connected' | 'retrying' | 'refused' | 'stopped' | 'not collecting';

/** One source of a system as its collector last reported it. */
export interface SystemSourceView {
  name: string;
  /** What it reads: its file, or its journal selection (`journal unit vsftpd`). */
  reads: string;
  formats: string[];
  state: SystemState;
  /** When the next connection attempt is due (retrying), epoch ms. */
  retryAt: number | null;
  /** The source's last error (a missing file) or why the connection failed; null when all is well. */
  detail: string | null;
  /** Bytes of the file not yet read, as of the collector's last poll. */
  lagBytes: number | null;
  /** Where reading resumes: the file's inode and the byte after the last complete line; null before the first read. */
  cursor: { inode: string; offset: number } | null;
  lastMessage: number | null;
  /** When the collector last wrote the source's state, epoch ms. */
  updated: number | null;
}

/** One row of Work with Systems: a configured host, `local` (files of this machine), or a system known only from its messages. */
export interface SystemView {
  name: string;
  /** How its sources are read: over SSH, from local files, or not at all (`none`: messages from msgmon ingest or the demo). */
  transport: 'ssh2' | 'openssh' | 'local' | 'none';
  /** `host:port` as ~/.ssh/config resolves it; null unless a host. */
  address: string | null;
  user: string | null;
  identity: string | null;
  jump: string | null;
  /** The worst state of its sources (refused, retrying, connecting, connected, stopped). */
  state: SystemState;
  retryAt: number | null;
  /** Why: the first source error, a connection error, or what to do (no sources, no collector). */
  detail: string | null;
  sources: SystemSourceView[];
  /** Sum of the sources' lag; null when none is known. */
  lagBytes: number | null;
  /** Time of the newest message stored from the system. */
  lastMessage: number | null;
}

/** Every system, and the collector process if one runs. */
export interface SystemsOverview {
  systems: SystemView[];
  /** Pid of the running `msgmon collect`, or null. */
  collectorPid: number | null;
}

/** What a connection test finds (`msgmon hosts test`, Work with Systems 8=Test connection). */
export interface ConnectionTest {
  name: string;
  host: string;
  port: number;
  user: string;
  keyType: string;
  /** `SHA256:…` as `ssh-keygen -lf` shows it. */
  fingerprint: string;
  /** How msgmon logged in (`publickey (agent)`, `publickey (/root/.ssh/id_ed25519)`). */
  auth: string;
  /** `uname -sr` of the remote system. */
  os: string;
  connectMs: number;
  /** Round trip of one command on the open connection. */
  commandMs: number;
  /** Jump hosts passed through, in order. */
  jumps: string[];
  transport: 'ssh2' | 'openssh';
}

/** A connection test's findings, or why it failed. */
export type ConnectionTestResult = { ok: true; test: ConnectionTest } | { ok: false; error: string };

/** A restart asked of the running collector (and its pid), or why it cannot be asked. */
export type RestartResult = { ok: true; pid: number } | { ok: false; reason: string };

/** The systems as Work with Systems reads and acts on them. */
export interface SystemsService {
  /** Configuration, collector state and store read afresh (cheap: called every second); throws naming a broken file. */
  overview(): SystemsOverview;
  /** Connects as `msgmon hosts test` does; resolves with what was found or why it failed, never rejects. */
  test(name: string): Promise<ConnectionTestResult>;
  /** Asks the running `msgmon collect` to drop the system's connections and connect again. */
  restart(name: string): RestartResult;
}
