// The configuration's rules as the rules commands read them: validated, found by id (changes: services/rule-service.ts).
import { UsageError, UserError } from '../core/errors.js';
import type { Rule } from '../core/rule-types.js';
import { parseConfigRules } from '../rules/rule-file.js';
import type { CliContext } from './context.js';

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
