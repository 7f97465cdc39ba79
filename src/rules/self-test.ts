// Inline test cases of a rule: sample messages and what the rule should make of the last one. Checked
// when a rule is saved and, for data/rules/default.json, by the test suite.
import type { LogOption, Rule, RuleDraft, TestMessage } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import { RuleEngine, WATCH_MSGID, type EngineOptions } from './engine.js';

const BASE_TIME = Date.parse('2026-11-25T10:00:00Z');

/** A full message from a test's partial one; text and severity come from the catalog unless given. */
export function testMessage(t: TestMessage, i: number, render: EngineOptions['render']): NewMessage {
  const fields = { ...(t.fields ?? {}) };
  const cat = render(t.msgId, fields);
  return {
    time: t.time ? Date.parse(t.time) : BASE_TIME + i * 1000,
    system: t.system ?? 'web1',
    source: t.source ?? 'test',
    msgId: t.msgId,
    severity: t.severity ?? cat.severity,
    text: t.text ?? cat.text,
    fields,
    session: t.session ?? 'test:1',
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: '',
  };
}

function logOf(m: NewMessage | null): LogOption {
  return m === null ? 'N' : m.console === 'logonly' ? 'L' : 'Y';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Runs a rule's inline tests alone (enabled, whatever its state); returns one line per failed expectation. */
export function runRuleTests(draft: Rule | RuleDraft, render: EngineOptions['render']): string[] {
  const rule: Rule = { ...draft, id: draft.id ?? 1, seq: draft.seq ?? 1, enabled: true };
  const problems: string[] = [];
  (rule.tests ?? []).forEach((t, ti) => {
    const engine = new RuleEngine([rule], { render });
    const msgs = t.messages.map((m, i) => testMessage(m, i, render));
    const last = msgs[msgs.length - 1]!;
    const out = engine.apply(msgs);
    let subject: NewMessage | null;
    let matched: boolean;
    if (rule.detect) {
      const id = rule.detect.raise;
      subject = out.messages.find((m) => m.msgId === id && m.source === 'detect') ?? null;
      matched = subject !== null;
    } else if (rule.watch) {
      const id = rule.watch.raise ?? WATCH_MSGID;
      subject = out.messages.find((m) => m.msgId === id && m.source === 'watch') ?? null;
      matched = subject !== null;
    } else {
      subject = out.messages.includes(last) ? last : null;
      matched = last.rules.length > 0;
    }
    const e = t.expect;
    const fail = (what: string, want: unknown, got: unknown) =>
      problems.push(`test ${ti + 1}: expected ${what} ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    const raisedWhat = rule.detect ? `a ${rule.detect.raise} raised:` : rule.watch ? `a ${rule.watch.raise ?? WATCH_MSGID} raised:` : 'match';
    if (matched !== e.match) return void fail(raisedWhat, e.match, matched);
    if (!matched) return;
    if (e.log !== undefined && logOf(subject) !== e.log) fail('log option', e.log, logOf(subject));
    if (!subject) return;
    if (e.severity !== undefined && subject.severity !== e.severity) fail('severity', e.severity, subject.severity);
    if (e.text !== undefined && subject.text !== e.text) fail('text', e.text, subject.text);
    if (e.highlight !== undefined && !same(subject.highlight, e.highlight)) fail('highlight', e.highlight, subject.highlight);
    if (e.inquiry !== undefined && subject.inquiry !== e.inquiry) fail('inquiry', e.inquiry, subject.inquiry);
    if (e.tags !== undefined && !same(subject.tags, e.tags)) fail('tags', e.tags, subject.tags);
  });
  return problems;
}
