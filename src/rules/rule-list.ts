// The ordered rule list as the CLI edits it: ids and sequence numbers handed out, one-line summaries.
import type { Rule, RuleDraft } from '../core/rule-types.js';
import { dataPath } from '../core/paths.js';
import { byOrder } from './compiled-rule.js';

/** The starter set `rules import --defaults` installs. */
export const DEFAULT_RULES_FILE = dataPath('rules', 'default.json');

/** The built-in threat detections, installed with the starter set (enabled). */
export const DETECTION_RULES_FILE = dataPath('rules', 'detections.json');

/** Sequence numbers go up in tens, leaving room to put a rule between two others. */
export const SEQ_STEP = 10;

/** Rules in evaluation order. */
export function ordered(rules: readonly Rule[]): Rule[] {
  return [...rules].sort(byOrder);
}

/**
 * Turns drafts into rules after `existing`: each gets a new id (ids are never reused while the rule is
 * in the list), and keeps its seq or goes after the last one. `keepIds` keeps the drafts' own ids
 * (import --replace of an export).
 */
export function assignIds(existing: readonly Rule[], drafts: readonly RuleDraft[], keepIds = false): Rule[] {
  let id = Math.max(0, ...existing.map((r) => r.id), ...(keepIds ? drafts.map((d) => d.id ?? 0) : []));
  let seq = Math.max(0, ...existing.map((r) => r.seq));
  return drafts.map((d) => {
    const rule: Rule = { ...d, id: keepIds && d.id !== undefined ? d.id : ++id, seq: d.seq ?? (seq += SEQ_STEP) };
    if (d.seq !== undefined) seq = Math.max(seq, d.seq);
    return rule;
  });
}

/** JSON with object keys sorted at every level, so equal content gives equal text whatever the key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * What makes two rules the same rule for `rules import`: their content (description, filters, watch, actions,
 * tests), not their id, sequence number or on/off state. Importing a file twice adds its rules once.
 */
export function ruleIdentity(r: Rule | RuleDraft): string {
  const { id: _id, seq: _seq, enabled: _enabled, ...content } = r;
  return canonical(content);
}

/** The drafts whose content (ruleIdentity) is in neither `existing` nor earlier in `drafts`, and the existing rules the others are. */
export function notYetThere(existing: readonly Rule[], drafts: readonly RuleDraft[]): { fresh: RuleDraft[]; present: Rule[] } {
  const known = new Map(existing.map((r) => [ruleIdentity(r), r]));
  const present = new Set<Rule>();
  const taken = new Set<string>();
  const fresh = drafts.filter((d) => {
    const key = ruleIdentity(d);
    const same = known.get(key);
    if (same) present.add(same);
    if (same || taken.has(key)) return false;
    taken.add(key);
    return true;
  });
  return { fresh, present: [...present] };
}

/** The msgIds a rule looks at, for a list column (`FTP002*`, `FTP0001+5`, `watch`). */
export function msgIdSummary(r: Rule): string {
  if (r.watch) return 'watch';
  if (r.detect) return 'detect';
  const ids = r.match.msgId === undefined ? ['*ALL'] : Array.isArray(r.match.msgId) ? r.match.msgId : [r.match.msgId];
  return ids.length === 1 ? ids[0]! : `${ids[0]}+${ids.length - 1}`;
}

/** The one word the Action column of Work with Rules shows: the strongest thing the rule does. */
export function actionWord(r: Rule): string {
  const a = r.actions;
  if (r.watch) return r.watch.raise ?? 'MON0030';
  if (r.detect) return r.detect.raise;
  if (a.log === 'N') return 'discard';
  if (a.log === 'L') return 'remove';
  if (a.inquiry) return 'inquiry';
  if (a.escalate) return 'escalate';
  if (a.notify?.length) return 'notify';
  if (a.text !== undefined) return 'rewrite';
  if (a.highlight) return 'hilite';
  if (a.severity !== undefined) return 'severity';
  if (a.tags?.length) return 'tag';
  return a.then === 'continue' ? 'continue' : 'stop';
}

/** What a rule does, in short words (`rules list`). */
export function actionSummary(r: Rule): string {
  if (r.watch) return r.watch.raise ?? 'MON0030';
  if (r.detect) return `${r.detect.raise} (${r.detect.type})`;
  const a = r.actions;
  const words: string[] = [];
  if (a.log === 'L') words.push('log only');
  if (a.log === 'N') words.push('discard');
  if (a.severity !== undefined) words.push(`sev ${a.severity}`);
  if (a.text !== undefined) words.push('rewrite');
  if (a.highlight) words.push('hilite');
  if (a.inquiry) words.push('inquiry');
  if (a.tags?.length) words.push('tag');
  if (a.notify?.length) words.push('notify');
  if (a.escalate) words.push('escalate');
  if (r.match.frequency) words.push(`${r.match.frequency.count} in ${r.match.frequency.minutes}m`);
  if (a.then === 'continue') words.push('continue');
  return words.join(', ') || 'stop';
}

const listText = (v: string | string[]) => (Array.isArray(v) ? v.join(',') : v);

/** The filters besides the message ID in short words, for the Filters column of wide terminals. */
export function filterSummary(r: Rule): string {
  if (r.watch) {
    const w = r.watch;
    return w.type === 'deadline' ? `expect ${listText(w.expect.msgId ?? '*ALL')} by ${w.by}` : `after ${listText(w.after.msgId ?? '*ALL')} within ${w.within}m`;
  }
  const m = r.match;
  const words: string[] = [];
  for (const key of ['system', 'source', 'user'] as const) if (m[key] !== undefined) words.push(`${key}=${listText(m[key]!)}`);
  if (m.severity) words.push(`sev ${m.severity.min ?? 0}-${m.severity.max ?? 99}`);
  for (const c of m.fields ?? []) {
    const test =
      c.equals !== undefined
        ? `=${c.equals}`
        : c.glob !== undefined
          ? `=${c.glob}`
          : c.regex !== undefined
            ? `~${c.regex}`
            : c.in
              ? ` in ${c.in.join(',')}`
              : c.exists !== undefined
                ? c.exists
                  ? ' exists'
                  : ' missing'
                : [
                    ['gt', '>'],
                    ['ge', '>='],
                    ['lt', '<'],
                    ['le', '<='],
                  ]
                    .filter(([k]) => c[k as 'gt'] !== undefined)
                    .map(([k, op]) => `${op}${c[k as 'gt']}`)
                    .join('');
    words.push(`${c.field}${c.not ? ' not' : ''}${test}`);
  }
  if (m.text?.contains !== undefined) words.push(`text "${m.text.contains}"`);
  if (m.text?.regex !== undefined) words.push(`text ~${m.text.regex}`);
  if (m.when) words.push('time windows');
  if (m.frequency) words.push(`${m.frequency.count} in ${m.frequency.minutes}m`);
  return words.join(' ');
}
