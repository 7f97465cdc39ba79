// A rule's actions compiled once: set severity, rewrite text, highlight, inquiry, tag, comment required, notify, log option.
import type { LogOption, NotifyRequest, Rule } from '../core/rule-types.js';
import { COMMENT_REQUIRED, type NewMessage } from '../core/types.js';
import { compileTextTemplate } from './template.js';

/** What the rules decided about one message beyond its own attributes. */
export interface Verdict {
  /** The log option of the last rule that set one; null: none did (Y). */
  log: LogOption | null;
  notify: NotifyRequest[];
}

/** Applies a matched rule's actions to the message (in place) and the verdict. */
export type ApplyActions = (m: NewMessage, v: Verdict) => void;

/** The line a message keeps about a rule that acted on it (Message Details shows these). */
export function ruleNote(rule: Pick<Rule, 'id' | 'description' | 'actions'>): string {
  return `#${rule.id} ${rule.description} (log option ${rule.actions.log ?? 'Y'})`;
}

/** Compiles the actions of a rule. */
export function compileActions(rule: Rule): ApplyActions {
  const a = rule.actions;
  const note = ruleNote(rule);
  const rewrite = a.text !== undefined ? compileTextTemplate(a.text) : null;
  const notify: NotifyRequest | null = a.notify?.length || a.escalate ? { ruleId: rule.id, channels: a.notify ?? [], escalation: a.escalate ?? null } : null;
  return (m, v) => {
    if (a.severity !== undefined) m.severity = a.severity;
    if (rewrite) m.text = rewrite(m);
    // A later highlight adds to an earlier one: a colour from one rule, reverse from another.
    if (a.highlight) m.highlight = { ...(m.highlight ?? {}), ...a.highlight };
    if (a.inquiry !== undefined) m.inquiry = a.inquiry;
    if (a.inquiry && (a.replies || a.defaultReply)) m.replies = { allowed: a.replies ?? [], default: a.defaultReply ?? null };
    if (a.tags) for (const t of a.tags) if (!m.tags.includes(t)) m.tags.push(t);
    // A tag, sealed with the message: the requirement stays even when the rule is changed or removed later.
    if (a.requireComment && !m.tags.includes(COMMENT_REQUIRED)) m.tags.push(COMMENT_REQUIRED);
    if (a.log) v.log = a.log;
    if (notify) v.notify.push(notify);
    m.rules.push(note);
  };
}

/**
 * Settles the console state from the verdict: N discards (returns false), L keeps the message in the
 * Activity Log only, except an inquiry, which must stay on the console until someone acknowledges it.
 */
export function settle(m: NewMessage, v: Verdict): boolean {
  if (v.log === 'N') return false;
  if (v.log === null && !m.inquiry) return true;
  m.console = v.log === 'L' && !m.inquiry ? 'logonly' : 'shown';
  return true;
}
