// The rule service the screens use, on a real home (SQLite store, config.json), checked through the CLI.
import { describe, expect, it, beforeAll } from 'vitest';
import path from 'node:path';
import { CliContext, loadContextModules } from '../src/cli/context.js';
import { servicesOf } from '../src/cli/services-of.js';
import type { RuleDraft } from '../src/core/rule-types.js';
import { msgmon, tempHome } from './support/cli.js';

// The configuration and catalog modules load before a command's action (cli.ts); a context made by hand loads them here.
beforeAll(loadContextModules);

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');

function home(): string {
  const h = tempHome();
  expect(msgmon(['--home', h, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE]).code).toBe(0);
  return h;
}

const json = (h: string, ...args: string[]) => JSON.parse(msgmon(['--home', h, ...args, '--json']).stdout);

const LISTINGS: RuleDraft = {
  description: 'Messages like FTP0011 from msgmon_ftp1',
  enabled: true,
  match: { msgId: 'FTP0011', system: 'web1', user: 'msgmon_ftp1', fields: [{ field: 'client', equals: '127.0.0.1' }] },
  actions: { log: 'L' },
};

describe('rule service (screens) on a real home', () => {
  it('prompts with the catalog and what the store has seen', () => {
    const ctx = new CliContext({ home: home() });
    const rules = servicesOf(ctx).rules;
    expect(rules.list()).toEqual([]);
    expect(rules.prompt('system')).toEqual([{ value: 'web1', text: '' }]);
    expect(rules.prompt('user').map((v) => v.value)).toEqual(['msgmon_ftp1', 'nosuchuser']);
    expect(rules.prompt('field').map((v) => v.value)).toEqual(expect.arrayContaining(['system', 'severity', 'client', 'path', 'protocol', 'bytes']));
    expect(rules.prompt('msgId')).toContainEqual({ value: 'FTP0020', text: '&PROTO: User &USER uploaded file &PATH (&BYTES bytes)' });
    ctx.close();
  });

  it('tests without changing anything, saves (clearing the console of what a log-only rule silences), toggles, removes', () => {
    const h = home();
    const ctx = new CliContext({ home: h });
    const rules = servicesOf(ctx).rules;
    const t = rules.test(LISTINGS);
    // 34 messages of lines + 3 FTP0041 (on the console too): the sessions with no QUIT (a failed logon, a killed client) end by vsftpd's idle timeout in log time.
    expect(t.ok && t.report).toMatchObject({ scanned: 37, matched: 4, effects: { logOnly: 4 } });
    expect(json(h, 'messages', '--limit', '100')).toHaveLength(37);

    const saved = rules.save(LISTINGS, { clearConsole: true });
    expect(saved).toMatchObject({ ok: true, added: true, cleared: 4, warning: null, rule: { id: 1, seq: 10 } });
    const shown = json(h, 'messages', '--limit', '100') as { msgId: string }[];
    expect(shown).toHaveLength(33);
    expect(shown.some((m) => m.msgId === 'FTP0011')).toBe(false);
    const logged = json(h, 'log', '--msgid', 'FTP0011') as { console: string }[];
    expect(logged.map((m) => m.console)).toEqual(['removed', 'removed', 'removed', 'removed']);
    expect(json(h, 'rules', 'list')).toMatchObject([{ id: 1, description: LISTINGS.description, action: 'remove', hits: 0 }]);
    expect(rules.list()[0]).toMatchObject({ msgIds: 'FTP0011', action: 'remove', filters: 'system=web1 user=msgmon_ftp1 client=127.0.0.1' });

    expect(rules.setEnabled(1, false)?.enabled).toBe(false);
    expect(json(h, 'rules', 'show', '1').enabled).toBe(false);
    expect(rules.remove(1)).toMatchObject({ id: 1 });
    expect(rules.remove(1)).toBeNull();
    expect(json(h, 'rules', 'list')).toEqual([]);
    ctx.close();
  });

  it("refuses what the schema or the rule's own tests refuse, naming the field; nothing is saved", () => {
    const h = home();
    const ctx = new CliContext({ home: h });
    const rules = servicesOf(ctx).rules;
    const bad = rules.save({ ...LISTINGS, match: { msgId: 'FTP 11' } });
    expect(bad).toEqual({ ok: false, problems: [{ path: 'match.msgId', message: 'a message ID, * and ? wildcards allowed (FTP002*)' }] });
    const failing = rules.save({
      ...LISTINGS,
      tests: [{ messages: [{ msgId: 'FTP0011', fields: { user: 'other', client: '127.0.0.1' } }], expect: { match: true } }],
    });
    expect(failing).toMatchObject({ ok: false, problems: [{ path: 'tests', message: expect.stringContaining('test 1: expected match true, got false') }] });
    expect(rules.save({ ...LISTINGS, id: 99 })).toMatchObject({ ok: false, problems: [{ path: 'id' }] });
    expect(json(h, 'rules', 'list')).toEqual([]);
    ctx.close();
    const ro = new CliContext({ home: h, readOnly: true });
    expect(servicesOf(ro).rules.save(LISTINGS)).toMatchObject({ ok: false, problems: [{ message: 'not allowed: msgmon runs read-only' }] });
    ro.close();
  });
});
