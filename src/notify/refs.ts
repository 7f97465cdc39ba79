// Which rules and procedures name a channel or procedure, and what a rule names that does not exist: a rule
// that notifies nowhere would count hits and tell no one.
import type { RuleActions } from '../core/rule-types.js';

interface RawRule {
  id?: unknown;
  actions?: { notify?: unknown; escalate?: unknown };
}

interface RawProcedure {
  name?: unknown;
  steps?: Array<{ channels?: unknown }>;
}

/** What names a channel: `rule #3`, `escalation procedure oncall`. */
export function channelUsers(rules: readonly RawRule[], procedures: readonly RawProcedure[], name: string): string[] {
  const out: string[] = [];
  for (const r of rules) if (Array.isArray(r.actions?.notify) && r.actions.notify.includes(name)) out.push(`rule #${String(r.id)}`);
  for (const p of procedures)
    if (p.steps?.some((s) => Array.isArray(s.channels) && s.channels.includes(name))) out.push(`escalation procedure ${String(p.name)}`);
  return out;
}

/** What names a procedure: `rule #3`. */
export function procedureUsers(rules: readonly RawRule[], name: string): string[] {
  return rules.filter((r) => r.actions?.escalate === name).map((r) => `rule #${String(r.id)}`);
}

/** A rule's notify/escalate names that do not exist, each with the command that creates it (empty: all fine). */
export function missingRefs(
  actions: Pick<RuleActions, 'notify' | 'escalate'>,
  channels: readonly string[],
  procedures: readonly string[],
): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const ch of actions.notify ?? [])
    if (!channels.includes(ch))
      out.push({ path: 'actions.notify', message: `no channel ${ch}: create it first (msgmon channels add ${ch} --type email|sms|webhook|command …)` });
  if (actions.escalate && !procedures.includes(actions.escalate))
    out.push({
      path: 'actions.escalate',
      message: `no escalation procedure ${actions.escalate}: create it first (msgmon escalations add ${actions.escalate} --step 0:CHANNEL …)`,
    });
  return out;
}
