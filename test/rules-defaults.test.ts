// data/rules/default.json: the starter set is valid and every rule passes its own inline test cases.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { Catalog } from '../src/catalog/catalog.js';
import { parseRuleFile } from '../src/rules/rule-file.js';
import { runRuleTests } from '../src/rules/self-test.js';
import { DEFAULT_RULES_FILE } from '../src/rules/rule-list.js';

const catalog = Catalog.load();
const render = (id: string, f: Record<string, string | number>) => ({ text: catalog.text(id, f), severity: catalog.severity(id) });
const drafts = parseRuleFile(fs.readFileSync(DEFAULT_RULES_FILE, 'utf8'), DEFAULT_RULES_FILE);

describe('default rules', () => {
  it('covers the starter cases: logon failures, deletes, remote commands, the CLRLIB QTEMP rewrite, watches', () => {
    const msgIds = drafts.flatMap((d) => (d.watch ? 'watch' : d.match.msgId));
    expect(msgIds).toEqual(expect.arrayContaining(['FTP0003', 'FTP0022', 'FTP0030', 'AUD0001', 'watch']));
    expect(drafts.every((d) => (d.seq ?? 0) >= 100)).toBe(true);
  });

  it.each(drafts.map((d) => [d.description, d] as const))('%s: has test cases, a match and a non-match where it can, and passes them', (_d, d) => {
    expect(d.tests?.length).toBeGreaterThan(0);
    const outcomes = d.tests!.map((t) => t.expect.match);
    expect(outcomes).toContain(true);
    expect(runRuleTests(d, render)).toEqual([]);
  });

  it('a test case that does not hold is reported with what was expected and what happened', () => {
    const d = drafts.find((x) => x.description === 'Logon failures')!;
    const broken = { ...d, tests: [{ messages: [{ msgId: 'FTP0003', fields: { user: 'x' } }], expect: { match: true, severity: 99 } }] };
    expect(runRuleTests(broken, render)).toEqual(['test 1: expected severity 99, got 40']);
  });
});
