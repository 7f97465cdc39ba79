// `rules suggest`: finds automatic FTP scripts in the Activity Log — sessions of one system/user/client that
// repeat the same command sequence at a regular period, at machine speed — and proposes log-only (L) rules.
import type { RuleDraft } from '../core/rule-types.js';
import type { Message } from '../core/types.js';

/** How strict the search is. */
export interface SuggestOptions {
  /** Sessions with the same sequence needed (default 5). */
  minSessions: number;
  /** Share of start gaps that must sit on the period (or a missed run: 2 or 3 periods), within 10 % (default 0.9). */
  regularity: number;
  /** Median gap between the messages of a session must be below this (default 1000 ms). */
  machineGapMs: number;
  /** The repeated sequence must make at least this share of the user/client's sessions (default 0.5): a script
   * account runs its script; a person's most common session is a small part of a varied day. */
  share: number;
  /** The first sequence number suggestions get: before a starter set at 100 and up (default 10). */
  firstSeq: number;
}

/** Defaults that tell scripts from people on real logs. */
export const SUGGEST_DEFAULTS: SuggestOptions = { minSessions: 5, regularity: 0.9, machineGapMs: 1000, share: 0.5, firstSeq: 10 };

/** Why msgmon thinks a user is a script. */
export interface Evidence {
  system: string;
  user: string;
  client: string;
  /** Sessions that repeat the sequence, and all sessions of this user/client. */
  sessions: number;
  allSessions: number;
  periodMs: number;
  /** Share of start gaps on the period. */
  regular: number;
  medianGapMs: number;
  first: number;
  last: number;
  /** The repeated sequence: msgId and path pattern per message. */
  sequence: string[];
  /** A session that shows it (its messages can be listed with `msgmon log --session`). */
  sampleSession: string;
}

/** A proposed rule with its evidence, and the watch that tells when the script stops running. */
export interface Suggestion {
  rule: RuleDraft;
  /** Heartbeat watch keyed by system and user: SEC0011 when a run is missed (enabled when imported). */
  watch: RuleDraft;
  evidence: Evidence;
}

/** Runs a script may miss before its watch speaks (one missed run happens; three in a row is a stopped job). */
export const MISSED_RUNS = 3;
/** The message a silent batch account raises. */
export const SILENT_BATCH_MSGID = 'SEC0011';

interface SessionAcc {
  system: string;
  user: string | null;
  client: string | null;
  start: number;
  last: number;
  steps: string[];
  gaps: number[];
  msgIds: Set<string>;
  /** Every message already log-only: an earlier rule silenced this session. */
  silenced: boolean;
}

/** A path with its variable parts made generic: digits → #, so stamped batch file names compare equal. */
export function pathPattern(p: string): string {
  return p.replace(/\d+/g, '#');
}

const median = (xs: number[]): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Collects sessions message by message (oldest first), then judges them. Memory: one small record per session. */
export class ScriptFinder {
  private readonly sessions = new Map<string, SessionAcc>();

  /** Adds a message of the Activity Log (messages without a session are ignored). */
  add(m: Message): void {
    if (!m.session || !m.msgId.startsWith('FTP')) return;
    let s = this.sessions.get(m.session);
    if (!s) {
      s = { system: m.system, user: null, client: null, start: m.time, last: m.time, steps: [], gaps: [], msgIds: new Set(), silenced: true };
      this.sessions.set(m.session, s);
    } else s.gaps.push(m.time - s.last);
    s.last = m.time;
    if (m.fields.user !== undefined && s.user === null) s.user = String(m.fields.user);
    if (m.fields.client !== undefined && s.client === null) s.client = String(m.fields.client);
    const path = m.fields.path === undefined ? '' : ' ' + pathPattern(String(m.fields.path));
    const target = m.fields.target === undefined ? '' : ' ' + pathPattern(String(m.fields.target));
    s.steps.push(m.msgId + path + target);
    s.msgIds.add(m.msgId);
    if (m.console !== 'logonly') s.silenced = false;
  }

  /** Sessions seen so far. */
  get size(): number {
    return this.sessions.size;
  }

  /** The scripts found, one suggestion per system/user/client, most sessions first. */
  suggestions(opts: Partial<SuggestOptions> = {}): Suggestion[] {
    const o = { ...SUGGEST_DEFAULTS, ...opts };
    const byWho = new Map<string, Array<[string, SessionAcc]>>();
    for (const [id, s] of this.sessions) {
      if (!s.user || !s.client || s.steps.length < 2) continue;
      const who = `${s.system}\u0000${s.user}\u0000${s.client}`;
      (byWho.get(who) ?? byWho.set(who, []).get(who)!).push([id, s]);
    }
    const found: Evidence[] = [];
    const msgIdsOf = new Map<Evidence, string[]>();
    for (const list of byWho.values()) {
      const bySeq = new Map<string, Array<[string, SessionAcc]>>();
      for (const e of list) {
        const key = e[1].steps.join('\n');
        (bySeq.get(key) ?? bySeq.set(key, []).get(key)!).push(e);
      }
      // The user/client's most frequent sequence decides; scripts run one sequence over and over.
      const best = [...bySeq.values()].sort((a, b) => b.length - a.length)[0]!;
      const ev = judge(best, list.length, o);
      if (ev) {
        found.push(ev);
        msgIdsOf.set(ev, [...new Set(best.flatMap(([, s]) => [...s.msgIds]))].sort());
      }
    }
    found.sort((a, b) => b.sessions - a.sessions || a.user.localeCompare(b.user));
    return found.map((ev, i) => ({ evidence: ev, rule: ruleFor(ev, msgIdsOf.get(ev)!, o.firstSeq + i), watch: watchFor(ev, 900 + i) }));
  }
}

/** Evidence when the sessions are periodic and machine-fast, else null. */
function judge(sessions: Array<[string, SessionAcc]>, all: number, o: SuggestOptions): Evidence | null {
  if (sessions.length < o.minSessions || sessions.length < o.share * all) return null;
  // Already silenced by an earlier rule: nothing to suggest.
  if (sessions.every(([, s]) => s.silenced)) return null;
  const starts = sessions.map(([, s]) => s.start).sort((a, b) => a - b);
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
  const period = median(gaps);
  if (period <= 0) return null;
  const onPeriod = gaps.filter((g) => [1, 2, 3].some((k) => Math.abs(g - k * period) <= 0.1 * period)).length / gaps.length;
  const inner = median(sessions.flatMap(([, s]) => s.gaps));
  if (onPeriod < o.regularity || inner >= o.machineGapMs) return null;
  const [sample, s] = sessions[0]!;
  return {
    system: s.system,
    user: s.user!,
    client: s.client!,
    sessions: sessions.length,
    allSessions: all,
    periodMs: period,
    regular: Math.round(onPeriod * 1000) / 1000,
    medianGapMs: inner,
    first: starts[0]!,
    last: starts[starts.length - 1]!,
    sequence: s.steps,
    sampleSession: sample,
  };
}

/** `every 5 min`, `every 90 s`, `every 2 h 30 min`. */
export function periodText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * The L rule for a script: its system, client, user (connect messages come before the user is known, so a
 * missing user passes) and only the msgIds its regular sessions produce — its failures stay on the console.
 */
function ruleFor(ev: Evidence, msgIds: string[], seq: number): RuleDraft {
  return {
    seq,
    description: `Automatic FTP script ${ev.user} from ${ev.client} on ${ev.system}, every ${periodText(ev.periodMs)}`.slice(0, 120),
    enabled: true,
    match: {
      system: ev.system,
      msgId: msgIds,
      fields: [
        { field: 'client', equals: ev.client },
        { field: 'user', equals: ev.user, orMissing: true },
      ],
    },
    actions: { log: 'L' },
  };
}

/**
 * The watch of a script: each logon of its user on its system expects the next within MISSED_RUNS periods
 * (keyed by system and user, not session: a script's sessions are short and every run is a new one).
 */
function watchFor(ev: Evidence, seq: number): RuleDraft {
  const logon = { msgId: 'FTP0002', system: ev.system, user: ev.user };
  const within = Math.max(1, Math.ceil((MISSED_RUNS * ev.periodMs) / 60_000));
  return {
    seq,
    description: `Batch account ${ev.user} on ${ev.system} logs on every ${periodText(ev.periodMs)}: alert after ${within} min without`.slice(0, 120),
    enabled: true,
    match: {},
    actions: { tags: ['security', 'silent-batch'] },
    watch: { type: 'sequence', after: logon, expect: logon, within, key: ['system', 'user'], raise: SILENT_BATCH_MSGID },
  };
}
