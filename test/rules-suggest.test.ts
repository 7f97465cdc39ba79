// `rules suggest` end to end: a generated day with 3 periodic batch users and 20 people is ingested with the
// real CLI; suggest must propose exactly the 3 scripts; once imported, the next day's script messages stay
// in the Activity Log but off the console, and the people's messages are untouched.
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { ftpDays, type FtpDays } from './support/ftp-day.js';
import { MessageStore } from '../src/store/message-store.js';
import type { Message } from '../src/core/types.js';

let home: string;
let log: string;
let gen: FtpDays;
let suggestion: { rules: any[]; evidence: any[]; scanned: number };

function all(store: MessageStore, afterId = 0): Message[] {
  const out: Message[] = [];
  for (let page = store.scan({}, afterId, 50_000); page.length; page = store.scan({}, page[page.length - 1]!.id, 50_000)) out.push(...page);
  return out;
}

beforeAll(() => {
  gen = ftpDays({ seed: 7, batch: 3, people: 20, days: 2 });
  home = tempHome();
  log = path.join(home, 'vsftpd.log');
  fs.writeFileSync(log, gen.days[0]!);
  const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', log, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const s = msgmon(['--home', home, 'rules', 'suggest', '--json']);
  expect(s.code, s.stderr).toBe(0);
  suggestion = JSON.parse(s.stdout);
}, 180_000);

describe('rules suggest', () => {
  it('proposes the 3 batch users and none of the 20 people, with the evidence', () => {
    expect(gen.people).toHaveLength(20);
    expect(suggestion.evidence.map((e) => e.user).sort()).toEqual(gen.batch.map((b) => b.name).sort());
    for (const b of gen.batch) {
      const ev = suggestion.evidence.find((e) => e.user === b.name);
      expect(ev).toMatchObject({ system: 'web1', client: b.ip });
      // The script's cron period, found from the session starts alone.
      expect(Math.abs(ev.periodMs - b.period * 60_000)).toBeLessThan(5_000);
      expect(ev.sessions).toBeGreaterThanOrEqual(Math.floor((1440 / b.period) * 0.9));
      expect(ev.regular).toBeGreaterThan(0.9);
      expect(ev.medianGapMs).toBeLessThan(1000);
      expect(ev.sequence[0]).toBe('FTP0001');
      expect(ev.sequence.at(-1)).toBe('FTP0040');
    }
    // Per script a log-only rule and the heartbeat watch that raises SEC0011 when its runs stop, keyed by system and user.
    const logOnly = suggestion.rules.filter((r) => !r.watch);
    const watches = suggestion.rules.filter((r) => r.watch);
    expect(logOnly.every((r) => r.actions.log === 'L' && r.match.system === 'web1')).toBe(true);
    expect(watches.map((w) => [w.watch.after.user, w.watch.key, w.watch.raise, w.enabled]).sort()).toEqual(
      gen.batch.map((b) => [b.name, ['system', 'user'], 'SEC0011', true]).sort(),
    );
    // Three periods, in whole minutes (the period found may be a few seconds over the cron period).
    for (const b of gen.batch) expect(watches.find((w) => w.watch.after.user === b.name).watch.within - 3 * b.period).toBeOneOf([0, 1]);
  });

  it('prints the evidence for people to read', () => {
    const text = msgmon(['--home', home, 'rules', 'suggest']).stdout;
    expect(text).toMatch(/^Found 3 automatic FTP scripts in [\d,]+ messages \([\d,]+ sessions\)\.\n/);
    for (const b of gen.batch)
      expect(text).toMatch(
        new RegExp(`\\d\\. ${b.name} from ${b.ip.replace(/\./g, '\\.')} on web1: [\\d,]+ of its [\\d,]+ sessions repeat one sequence every ${b.period} min`),
      );
    expect(text).toContain('sample session: msgmon log --session web1:');
    expect(text).toContain('Import them: msgmon rules suggest --json > scripts.json && msgmon rules import scripts.json');
  });

  it('importing them takes the scripts off the console for new messages and keeps them in the Activity Log', () => {
    const file = path.join(home, 'scripts.json');
    fs.writeFileSync(file, JSON.stringify(suggestion));
    const imp = msgmon(['--home', home, 'rules', 'import', file]);
    expect(imp.code, imp.stderr).toBe(0);
    let store = new MessageStore(path.join(home, 'messages.db'), { readonly: true });
    const lastOfDay1 = store.lastId();
    store.close();
    fs.appendFileSync(log, gen.days[1]!);
    const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', log, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ discarded: 0, rules: 6 });
    store = new MessageStore(path.join(home, 'messages.db'), { readonly: true });
    try {
      const day2 = all(store, lastOfDay1);
      expect(day2.length).toBe(JSON.parse(r.stdout).messages);
      const scripts = new Map(
        suggestion.rules.filter((rule) => !rule.watch).map((rule) => [rule.match.fields[1].equals as string, new Set(rule.match.msgId as string[])]),
      );
      const ofScript = (m: Message) => m.fields.client !== undefined && gen.batch.some((b) => b.ip === m.fields.client);
      const scriptMsgs = day2.filter(ofScript);
      const people = day2.filter((m) => m.fields.user !== undefined && gen.people.includes(String(m.fields.user)));
      expect(scriptMsgs.length).toBeGreaterThan(500);
      expect(people.length).toBeGreaterThan(1000);
      // Every script message the rule covers is in the Activity Log, off the console, saying which rule did it.
      const covered = scriptMsgs.filter((m) => scripts.get(gen.batch.find((b) => b.ip === m.fields.client)!.name)!.has(m.msgId));
      expect(covered.length).toBeGreaterThan(scriptMsgs.length * 0.95);
      expect(covered.every((m) => m.console === 'logonly' && /^#\d+ Automatic FTP script .* \(log option L\)$/.test(m.rules[0]!))).toBe(true);
      // What the scripts' regular runs never produce (a failed transfer) stays on the console.
      expect(scriptMsgs.filter((m) => !covered.includes(m)).every((m) => m.console === 'shown')).toBe(true);
      expect(people.every((m) => m.console === 'shown' && m.rules.length === 0)).toBe(true);
      const console = store.count({ console: true });
      expect(console).toBe(all(store).filter((m) => m.console === 'shown').length);
      const hits = [...store.ruleHits().values()].reduce((a, h) => a + h.hits, 0);
      expect(hits).toBe(covered.length);
    } finally {
      store.close();
    }
    // Already silenced: suggesting again over the new day finds nothing new.
    const again = JSON.parse(msgmon(['--home', home, 'rules', 'suggest', '--since', '2026-11-26T00:00:00Z', '--json']).stdout);
    expect(again.rules).toEqual([]);
  });
});
