// Reading rules from a file or the configuration: every problem named by rule and field, all or nothing.
import { UserError } from '../core/errors.js';
import type { Rule, RuleDraft } from '../core/rule-types.js';
import { asDraft, asRule, draftSchema, ruleSchema } from './schema.js';

/** `rule 3 (#20 "Highlight uploads")`: how errors name a rule, by position and what it says of itself. */
function ruleName(raw: unknown, i: number): string {
  const r = (raw && typeof raw === 'object' ? raw : {}) as { id?: unknown; description?: unknown };
  const id = typeof r.id === 'number' ? `#${r.id} ` : '';
  const desc = typeof r.description === 'string' ? JSON.stringify(r.description) : '(no description)';
  return `rule ${i + 1} (${id}${desc})`;
}

function explain(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(rule)'}: ${i.message}`).join('; ');
}

/** Validates file records; throws a UserError naming the first bad rule and each bad field. */
export function parseDrafts(records: unknown[], where: string): RuleDraft[] {
  return records.map((raw, i) => {
    const r = draftSchema.safeParse(raw);
    if (!r.success) throw new UserError(`${where}: ${ruleName(raw, i)}: ${explain(r.error.issues)}; nothing was changed`);
    return asDraft(r.data);
  });
}

/** Validates the configuration's rules (ids and seqs required, ids unique). */
export function parseConfigRules(records: unknown[], where: string): Rule[] {
  const seen = new Set<number>();
  return records.map((raw, i) => {
    const r = ruleSchema.safeParse(raw);
    if (!r.success) throw new UserError(`${where}: rules.${i}: ${ruleName(raw, i)}: ${explain(r.error.issues)}; fix the file or remove the rule`);
    const rule = asRule(r.data);
    if (seen.has(rule.id)) throw new UserError(`${where}: rules.${i}: ${ruleName(raw, i)}: id ${rule.id} is used twice`);
    seen.add(rule.id);
    return rule;
  });
}

/** The rule records of a file: an array, `{ "rules": [...] }` (export, suggest, default.json) or one rule. */
export function ruleRecords(text: string, file: string): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} is not valid JSON (${(err as Error).message}); nothing was changed`);
  }
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray((doc as { rules?: unknown }).rules)) return (doc as { rules: unknown[] }).rules;
  if (doc && typeof doc === 'object' && ['description', 'match', 'actions', 'watch'].some((k) => k in doc)) return [doc];
  throw new UserError(`${file}: expected a rule, an array of rules or { "rules": [...] }; nothing was changed`);
}

/** Parses a rule file's text into validated drafts. */
export function parseRuleFile(text: string, file: string): RuleDraft[] {
  const records = ruleRecords(text, file);
  if (!records.length) throw new UserError(`${file} holds no rules; nothing was changed`);
  return parseDrafts(records, file);
}
