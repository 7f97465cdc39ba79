// Helpers for rule tests: messages from partial ones, engines from rule drafts validated by the real schema.
import type { Rule } from '../../src/core/rule-types.js';
import type { NewMessage } from '../../src/core/types.js';
import { RuleEngine } from '../../src/rules/engine.js';
import { parseDrafts } from '../../src/rules/rule-file.js';
import { assignIds } from '../../src/rules/rule-list.js';

/** Catalog stand-in: `MSGID text` and severity 10 (MON0030 gets its catalog shape). */
export const render = (msgId: string, fields: Record<string, string | number>) =>
  msgId === 'MON0030' ? { text: `Expected event missing: ${fields.reason}`, severity: 60 } : { text: `${msgId} text`, severity: 10 };

export const T0 = Date.parse('2026-11-25T10:00:00Z');

/** A message with defaults: web1, vsftpd, FTP0020 at T0, severity 10. */
export function msg(p: Partial<NewMessage> & { at?: number } = {}): NewMessage {
  const { at, ...rest } = p;
  return {
    time: at !== undefined ? T0 + at * 1000 : T0,
    system: 'web1',
    source: 'vsftpd',
    msgId: 'FTP0020',
    severity: 10,
    text: 'FTP0020 text',
    fields: {},
    session: 's1',
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: 'raw',
    ...rest,
  };
}

/** Rules from drafts (plain objects as a file would hold them), validated and numbered 1, 2, 3… */
export function rules(...drafts: unknown[]): Rule[] {
  return assignIds([], parseDrafts(drafts, 'test'));
}

/** A fresh engine over the drafts. */
export function engine(...drafts: unknown[]): RuleEngine {
  return new RuleEngine(rules(...drafts), { render });
}
