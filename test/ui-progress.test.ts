// Progress of a long screen action (issue 15): F10=Test over many messages shows "Testing rule ... N%" on the message
// line while it runs in steps, the screen answers keys meanwhile, and the report opens at the end. What is checked is
// that the progress appears, never how fast anything is (the clock is the test's own).
import { describe, expect, it } from 'vitest';
import { Navigator } from '../src/ui/navigator.js';
import { RuleEditor } from '../src/ui/screens/rule-editor.js';
import { memoryServices, NOW } from './support/memory-services.js';

describe('progress on a long screen action', () => {
  it('F10=Test over 20,000 messages shows its progress, answers keys while it runs, then opens the report', async () => {
    let t = NOW;
    // Every reading of the clock is 200 ms later: the test goes to the background after its second page.
    const services = { ...memoryServices({ filler: 20_000 }), now: () => (t += 200) };
    const editor = RuleEditor.create(services, { description: 'Listings', enabled: true, match: { msgId: 'FTP0011' }, actions: { log: 'L' } });
    const nav = new Navigator(services, editor);
    nav.key('f10');
    expect(nav.current.id).toBe('rule-editor');
    expect(nav.render().line(23)).toMatch(/^ Testing rule Listings \.\.\. \d+% \([\d,]+ of 20,010 messages\)/);
    nav.key('f10');
    expect(nav.render().line(23)).toBe(' The test is still running; its report opens when it ends.');
    // The screen answers keys meanwhile: a character types into the description (the cursor is at its start).
    nav.key('!');
    expect(nav.render().toText()).toContain('!Listings');
    const lines: string[] = [];
    for (let i = 0; i < 500 && nav.current.id === 'rule-editor'; i++) {
      await new Promise((r) => setImmediate(r));
      nav.tick();
      lines.push(nav.render().line(23));
    }
    expect(lines.some((l) => /Testing rule Listings \.\.\. \d+%/.test(l))).toBe(true);
    expect(nav.current.id).toBe('rule-test');
    expect(nav.render().toText()).toContain('20,010');
  });
});
