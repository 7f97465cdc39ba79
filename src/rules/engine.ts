// The rule engine: for each message, in order, watch rules observe it and response rules act on it in
// sequence order until one stops. Pure and synchronous: the pipeline feeds it and commits what it returns.
import type { NotifyRequest, Rule } from '../core/rule-types.js';
import type { Fields, NewMessage } from '../core/types.js';
import type { BaselineReader } from '../core/baselines.js';
import type { WatchLists } from '../core/watchlists.js';
import { settle, compileActions, type ApplyActions, type Verdict } from './actions.js';
import { byOrder, compileRule, ruleMatches, type CompiledRule } from './compiled-rule.js';
import { RuleIndex } from './rule-index.js';
import { compileWatch, type Missed, type Watch } from './watch.js';
import { compileDetection } from './detect.js';
import type { Alert, Detection } from './detect-common.js';
import { StateLog } from './state-map.js';
import type { DetectionStateChanges, DetectionStateReader } from '../core/detection-state.js';

/** The message ID watch rules raise. */
export const WATCH_MSGID = 'MON0030';

/** What the engine needs from outside: the catalog's text and severity for the messages it raises. */
export interface EngineOptions {
  render(msgId: string, fields: Fields): { text: string; severity: number };
  /** Watch lists that rules name (`{ "field": "client", "list": "trustedNetworks" }`). */
  lists?: WatchLists;
}

/** Hits of one rule within a batch. */
export interface HitDelta {
  ruleId: number;
  hits: number;
  lastHit: number;
}

/** What a batch became. */
export interface RuleBatch {
  /** Kept messages (raised MON0030 included), in order, changed in place by the rules. */
  messages: NewMessage[];
  /** Messages discarded by log option N. */
  discarded: number;
  /** Messages raised by watch rules (MON0030) and detections (SEC…). */
  raised: number;
  hits: HitDelta[];
  /** Notifications asked for, by index into `messages`. */
  notify: Array<{ index: number; request: NotifyRequest }>;
}

/** Runs a set of rules over batches of messages; frequency and watch state carry over between batches. */
export class RuleEngine {
  private index: RuleIndex<CompiledRule>;
  private watches: Watch[];
  private detections: Detection[] = [];
  private watchActions = new Map<number, ApplyActions>();
  private lists: WatchLists;
  private listsJson: string;
  private baselines: BaselineReader | null = null;
  /** What detections remember, read from and saved to the store when there is one. */
  private readonly stateLog = new StateLog();
  private rules: readonly Rule[] = [];
  private clock = -Infinity;
  private hits = new Map<number, HitDelta>();

  constructor(
    rules: readonly Rule[],
    private readonly opts: EngineOptions,
  ) {
    this.index = new RuleIndex([]);
    this.watches = [];
    this.lists = opts.lists ?? {};
    this.listsJson = JSON.stringify(this.lists);
    this.replace(rules);
  }

  /** Lets detections read the stored baselines (the store's history); without, they learn from what they see. */
  useBaselines(reader: BaselineReader | null): void {
    this.baselines = reader;
  }

  /** Lets detections keep what they remember in the store (read back after a restart); null: memory only. */
  useDetectionState(reader: DetectionStateReader | null): void {
    this.stateLog.reader = reader;
  }

  /** What detections changed since the last call, for the transaction that stores the batch; null when nothing. */
  takeDetectionState(): DetectionStateChanges | null {
    return this.stateLog.take();
  }

  /** New watch lists: rules that name a list are compiled again (their state starts afresh). */
  setLists(lists: WatchLists): void {
    const json = JSON.stringify(lists);
    if (json === this.listsJson) return;
    this.lists = lists;
    this.listsJson = json;
    const rules = this.rules;
    this.rules = [];
    this.index = new RuleIndex([]);
    this.watches = [];
    this.detections = [];
    this.replace(rules);
  }

  /** Number of enabled rules (response and watch). */
  get size(): number {
    return this.index.size + this.watches.length + this.detections.length;
  }

  /** Swaps in a new rule set; rules that did not change keep their frequency and watch state. */
  replace(rules: readonly Rule[]): void {
    this.rules = rules;
    const old = new Map<number, { json: string; c?: CompiledRule; w?: Watch; d?: Detection }>();
    for (const c of this.index.entries) old.set(c.rule.id, { json: c.json, c });
    for (const w of this.watches) old.set(w.rule.id, { json: w.json, w });
    for (const d of this.detections) old.set(d.rule.id, { json: d.json, d });
    const enabled = rules.filter((r) => r.enabled).sort(byOrder);
    const responses: CompiledRule[] = [];
    const watches: Watch[] = [];
    const detections: Detection[] = [];
    const ctx = { lists: this.lists, baselines: () => this.baselines, log: this.stateLog };
    for (const r of enabled) {
      const json = JSON.stringify(r);
      const prev = old.get(r.id);
      if (r.watch) watches.push(prev?.json === json && prev.w ? prev.w : compileWatch(r, json, this.lists));
      else if (r.detect) detections.push(prev?.json === json && prev.d ? prev.d : compileDetection(r, json, ctx));
      else responses.push(prev?.json === json && prev.c ? prev.c : compileRule(r, json, this.lists));
    }
    this.index = new RuleIndex(responses);
    this.watches = watches;
    this.detections = detections;
    this.watchActions = new Map([...watches, ...detections].map((w) => [w.rule.id, compileActions(w.rule)]));
  }

  /** Applies the rules to a batch. Same messages in the same order give the same result however they are batched. */
  apply(msgs: NewMessage[]): RuleBatch {
    const out: RuleBatch = { messages: [], discarded: 0, raised: 0, hits: [], notify: [] };
    if (this.index.size === 0 && this.watches.length === 0 && this.detections.length === 0) {
      out.messages = msgs;
      return out;
    }
    const alerts: Array<{ d: Detection; a: Alert }> = [];
    for (const m of msgs) {
      if (this.watches.length) {
        this.advanceTo(m.time, out);
        for (const w of this.watches) w.observe(m);
      }
      for (const d of this.detections) d.observe(m, (a) => alerts.push({ d, a }));
      this.respond(m, out);
      // An alert follows the message that raised it.
      if (alerts.length) {
        for (const { d, a } of alerts) this.raise(d.rule, d.rule.detect!.raise, 'detect', a, out);
        alerts.length = 0;
      }
    }
    return this.finish(out);
  }

  /** Moves the clock to wall-clock `now` (a running follower): deadlines that passed raise MON0030. */
  tick(now: number): RuleBatch {
    const out: RuleBatch = { messages: [], discarded: 0, raised: 0, hits: [], notify: [] };
    if (this.watches.length) this.advanceTo(now, out);
    return this.finish(out);
  }

  private advanceTo(t: number, out: RuleBatch): void {
    if (t <= this.clock) return;
    this.clock = t;
    for (const w of this.watches) w.advance(t, (missed) => this.missed(missed, out));
  }

  private missed(missed: Missed, out: RuleBatch): void {
    const fields: Fields = { reason: missed.reason, ...missed.fields };
    this.raise(missed.rule, missed.rule.watch?.raise ?? WATCH_MSGID, 'watch', { ...missed, fields }, out);
  }

  /** A message a watch or detection raises: the catalog's text, the rule's actions, then the response rules. */
  private raise(rule: Rule, msgId: string, source: 'watch' | 'detect', a: Alert, out: RuleBatch): void {
    const fields = a.fields;
    const { text, severity } = this.opts.render(msgId, fields);
    const m: NewMessage = {
      time: a.time,
      system: a.system,
      source,
      msgId,
      severity,
      text,
      fields,
      session: a.session,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw: '',
    };
    const v: Verdict = { log: null, notify: [] };
    this.watchActions.get(rule.id)!(m, v);
    this.hit(rule.id, a.time);
    out.raised++;
    this.respond(m, out, v);
  }

  private respond(m: NewMessage, out: RuleBatch, v: Verdict = { log: null, notify: [] }): void {
    const cands = this.index.candidates(m.system, m.msgId);
    for (let i = 0; i < cands.length; i++) {
      const r = cands[i]!;
      if (!ruleMatches(r, m)) continue;
      r.apply(m, v);
      this.hit(r.rule.id, m.time);
      if (r.stop) break;
    }
    if (!settle(m, v)) {
      out.discarded++;
      return;
    }
    for (const request of v.notify) out.notify.push({ index: out.messages.length, request });
    out.messages.push(m);
  }

  private hit(ruleId: number, time: number): void {
    const h = this.hits.get(ruleId);
    if (h) {
      h.hits++;
      if (time > h.lastHit) h.lastHit = time;
    } else this.hits.set(ruleId, { ruleId, hits: 1, lastHit: time });
  }

  private finish(out: RuleBatch): RuleBatch {
    out.hits = [...this.hits.values()];
    this.hits = new Map();
    return out;
  }
}
