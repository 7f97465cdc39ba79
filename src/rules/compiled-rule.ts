// A rule ready to run: filters and actions compiled, its frequency window (state) attached.
import type { Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import type { WatchLists } from '../core/watchlists.js';
import { compileActions, type ApplyActions } from './actions.js';
import { FrequencyWindow } from './frequency.js';
import { compileMatch, type CompiledMatch } from './matcher.js';

/** A response rule compiled for the engine. */
export interface CompiledRule {
  rule: Rule;
  /** The rule as JSON: an unchanged rule keeps its compiled form (and frequency state) across reloads. */
  json: string;
  match: CompiledMatch;
  frequency: FrequencyWindow | null;
  apply: ApplyActions;
  stop: boolean;
}

/** Compiles a response rule (a watch rule's filters are compiled by the watch itself). */
export function compileRule(rule: Rule, json: string = JSON.stringify(rule), lists: WatchLists = {}): CompiledRule {
  return {
    rule,
    json,
    match: compileMatch(rule.match, lists),
    frequency: rule.match.frequency ? new FrequencyWindow(rule.match.frequency) : null,
    apply: compileActions(rule),
    stop: rule.actions.then !== 'continue',
  };
}

/** Every filter except msgId and system (the index has checked those); frequency last, as it counts. */
export function ruleMatches(r: CompiledRule, m: NewMessage): boolean {
  if (!r.match.rest(m)) return false;
  return r.frequency ? r.frequency.hit(m) : true;
}

/** Evaluation order: sequence number, then id. */
export function byOrder(a: Pick<Rule, 'seq' | 'id'>, b: Pick<Rule, 'seq' | 'id'>): number {
  return a.seq - b.seq || a.id - b.id;
}
