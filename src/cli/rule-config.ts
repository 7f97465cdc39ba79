// The configuration's rules as the rules commands read them: validated, found by id.
import { UsageError, UserError } from '../core/errors.js';
import type { Rule } from '../core/rule-types.js';
import { parseConfigRules } from '../rules/rule-file.js';
import { ordered } from '../rules/rule-list.js';
import type { ConfigStore } from '../store/config-store.js';
import type { CliContext } from './context.js';

/** What a change makes of the current rules: the rules to save (none: nothing changes) and what to report. */
export interface RulesEdit<T> {
  rules?: Rule[];
  result: T;
}

/**
 * Changes the configured rules: `edit` gets the rules of a fresh read under the configuration's lock and its
 * rules are saved atomically before the lock is let go, so parallel changes never lose one another and the
 * ids an edit hands out are the ids saved. Returns the edit's result.
 */
export function updateRules<T>(config: ConfigStore, edit: (rules: Rule[]) => RulesEdit<T>): T {
  return config.update((d) => {
    const e = edit(parseConfigRules(d.rules, config.file));
    if (e.rules) d.rules = ordered(e.rules) as unknown as Array<Record<string, unknown>>;
    return e.result;
  });
}

/** The configured rules, validated. */
export function configRules(c: CliContext): Rule[] {
  return parseConfigRules(c.config.data.rules, c.config.file);
}

/** `20` or `#20` → 20. */
export function ruleId(arg: string): number {
  const v = Number(arg.replace(/^#/, ''));
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`'${arg}' is not a rule id (see the ID column of msgmon rules list)`);
  return v;
}

/** The rule with this id, or an error that says where to look. */
export function findRule(rules: Rule[], id: number): Rule {
  const r = rules.find((x) => x.id === id);
  if (!r) throw new UserError(`no rule #${id}; msgmon rules list shows the rules and their ids`);
  return r;
}
