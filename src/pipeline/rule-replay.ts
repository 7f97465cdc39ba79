// `rules test` and `rules suggest` read the Activity Log oldest first: the test replays each message, as
// the pipeline first made it (catalog text and severity), through the rules in a fresh engine — nothing is
// written — and suggest feeds the sessions to the script finder.
import type { Rule } from '../core/rule-types.js';
import { needsComment, type Message, type NewMessage } from '../core/types.js';
import type { MessageQuery, RuleTestExample } from '../core/services.js';
import type { Catalog } from '../catalog/catalog.js';
import type { MessageStore } from '../store/message-store.js';
import { RuleEngine, WATCH_MSGID } from '../rules/engine.js';
import { ScriptFinder, type SuggestOptions, type Suggestion } from '../rules/suggest.js';

const PAGE = 5000;

/** Which part of the Activity Log to read, and a progress callback (done, total). */
export interface ReplayScope {
  since?: number;
  until?: number;
  system?: string;
  /** Start after this message id (the screens test over the newest messages only). */
  afterId?: number;
  /** How many messages the scope holds, when the caller knows it better than a count of the filters (afterId). */
  total?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What a replay reads: the store's oldest-first scan (the SQLite store, or a test's memory store). */
export type ReplayStore = Pick<MessageStore, 'scan' | 'count'>;

/** The catalog's first-level text and default severity, which a replay starts each message from. */
export type ReplayCatalog = Pick<Catalog, 'text' | 'severity'>;

/** One message the rules would change, before and after (the same shape the screens show). */
export type ReplayExample = RuleTestExample;

/** What the rules would have done to the Activity Log. */
export interface ReplayResult {
  scanned: number;
  matched: number;
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
  raised: number;
  /** Matches per rule id. */
  perRule: Record<string, number>;
  examples: ReplayExample[];
}

/** How far a replay has read: messages done of those it will read. */
export interface ReplayProgress {
  done: number;
  total: number;
}

/** Reads the scope oldest first a page at a time, yielding after each page (a screen shows the progress between). */
function* scanPages(store: ReplayStore, scope: ReplayScope, each: (m: Message) => void, console = false): Generator<ReplayProgress, number> {
  const q: Omit<MessageQuery, 'text'> = { since: scope.since, until: scope.until, system: scope.system, ...(console ? { console } : {}) };
  const total = scope.total ?? store.count(q);
  let done = 0;
  for (let after = scope.afterId ?? 0; ; ) {
    const page = store.scan(q, after, PAGE);
    if (!page.length) break;
    for (const m of page) each(m);
    done += page.length;
    after = page[page.length - 1]!.id;
    scope.onProgress?.(done, total);
    yield { done, total };
  }
  return done;
}

/** Runs a stepwise replay to its end at once (the CLI, and screens that need no progress). */
export function runSteps<T>(steps: Generator<ReplayProgress, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

function scan(store: ReplayStore, scope: ReplayScope, each: (m: Message) => void, console = false): number {
  return runSteps(scanPages(store, scope, each, console));
}

/** The message as the pipeline made it, before any rule: catalog text and severity, on the console. */
function fresh(m: Message, catalog: ReplayCatalog): NewMessage {
  return {
    time: m.time,
    system: m.system,
    source: m.source,
    msgId: m.msgId,
    severity: catalog.severity(m.msgId),
    text: m.msgId === WATCH_MSGID ? m.text : catalog.text(m.msgId, m.fields),
    fields: m.fields,
    session: m.session,
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: m.raw,
  };
}

/** Replays the Activity Log through `rules` (all treated as enabled) without changing anything. */
export function replayRules(store: ReplayStore, catalog: ReplayCatalog, rules: Rule[], scope: ReplayScope, maxExamples = 5): ReplayResult {
  return runSteps(replaySteps(store, catalog, rules, scope, maxExamples));
}

/** The replay a page at a time: yields its progress after each page, returns the result. */
export function* replaySteps(
  store: ReplayStore,
  catalog: ReplayCatalog,
  rules: Rule[],
  scope: ReplayScope,
  maxExamples = 5,
): Generator<ReplayProgress, ReplayResult> {
  const engine = new RuleEngine(
    rules.map((r) => ({ ...r, enabled: true })),
    { render: (id, f) => ({ text: catalog.text(id, f), severity: catalog.severity(id) }) },
  );
  const r: ReplayResult = {
    scanned: 0,
    matched: 0,
    raised: 0,
    perRule: {},
    examples: [],
    effects: { logOnly: 0, discarded: 0, severity: 0, rewritten: 0, highlighted: 0, inquiries: 0, tagged: 0, notified: 0 },
  };
  const judge = (m: NewMessage, before: { text: string; severity: number }, kept: boolean, notified: boolean, id: number | null) => {
    if (!m.rules.length) return;
    r.matched++;
    const fx: string[] = [];
    const e = r.effects;
    if (!kept) e.discarded++, fx.push('discarded (log option N)');
    else if (m.console === 'logonly') e.logOnly++, fx.push('Activity Log only (log option L)');
    if (m.severity !== before.severity) e.severity++, fx.push(`severity ${before.severity} → ${m.severity}`);
    if (m.text !== before.text) e.rewritten++, fx.push('text rewritten');
    if (m.highlight) e.highlighted++, fx.push(`highlight ${JSON.stringify(m.highlight)}`);
    if (m.inquiry) e.inquiries++, fx.push('inquiry');
    if (m.tags.length) e.tagged++, fx.push(`tags ${m.tags.join(', ')}`);
    if (notified) e.notified++, fx.push('notify');
    for (const note of m.rules) {
      const id = /^#(\d+) /.exec(note)?.[1] ?? '?';
      r.perRule[id] = (r.perRule[id] ?? 0) + 1;
    }
    if (r.examples.length < maxExamples) {
      r.examples.push({ id, time: m.time, system: m.system, msgId: m.msgId, before: before.text, after: m.text, effects: fx });
    }
  };
  r.scanned = yield* scanPages(store, scope, (stored) => {
    const m = fresh(stored, catalog);
    const before = { text: m.text, severity: m.severity };
    const out = engine.apply([m]);
    for (const [i, o] of out.messages.entries()) {
      const notified = out.notify.some((n) => n.index === i);
      if (o === m) judge(o, before, true, notified, stored.id);
      else {
        r.raised++;
        judge(o, { text: o.text, severity: o.severity }, true, notified, null);
      }
    }
    if (!out.messages.includes(m)) judge(m, before, false, false, stored.id);
  });
  return r;
}

/** Reads the sessions of the Activity Log and proposes L rules for the automatic scripts among them. */
export function suggestRules(
  store: MessageStore,
  scope: ReplayScope,
  opts: Partial<SuggestOptions> = {},
): { scanned: number; sessions: number; suggestions: Suggestion[] } {
  const finder = new ScriptFinder();
  const scanned = scan(store, scope, (m) => finder.add(m));
  return { scanned, sessions: finder.size, suggestions: finder.suggestions(opts) };
}

/**
 * The messages now on the console that `rule` alone (as if enabled) would keep off it: log option L or N.
 * They are judged as they stand (the operator sees this text and severity); an inquiry is never among them.
 */
export function consoleMatches(store: ReplayStore, catalog: ReplayCatalog, rule: Rule): number[] {
  if (rule.watch || (rule.actions.log !== 'L' && rule.actions.log !== 'N')) return [];
  const engine = new RuleEngine([{ ...rule, enabled: true }], { render: (id, f) => ({ text: catalog.text(id, f), severity: catalog.severity(id) }) });
  const ids: number[] = [];
  scan(
    store,
    {},
    (stored) => {
      // An inquiry waits for its answer, a message a rule marked requireComment for its comment: a new rule
      // does not take either off the console.
      if (stored.inquiry || needsComment(stored)) return;
      const m: NewMessage = { ...stored, rules: [], highlight: null, inquiry: false, tags: [], console: 'shown' };
      const out = engine.apply([m]);
      if (m.rules.length && (m.console === 'logonly' || !out.messages.includes(m))) ids.push(stored.id);
    },
    true,
  );
  return ids;
}
