// Operators on messages a rule marked requireComment: `msgmon ack`/`remove` without --comment are refused with
// what to add, console options 7 and 4 prompt for the comment and refuse a blank one; 3=Defer on the console
// snoozes messages (their escalation pauses). Message Details and `log --json` show the requirement and who did
// what, over the real store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { MessageStore } from '../src/store/message-store.js';
import { NotifyTables } from '../src/store/notify-tables.js';
import { COMMENT_REQUIRED, type NewMessage } from '../src/core/types.js';
import { Navigator } from '../src/ui/navigator.js';
import { msgmon, tempHome } from './support/cli.js';
import { memoryServices, NOW } from './support/memory-services.js';
import { uploadLines } from './support/notify-servers.js';
import { msg, rules } from './support/rules.js';
import { Catalog } from '../src/catalog/catalog.js';
import { consoleMatches } from '../src/pipeline/rule-replay.js';
import type { SessionSummary } from '../src/core/sessions.js';
import { ConfirmRemoveSessions } from '../src/ui/screens/confirm-remove-session.js';
import { draftFromForm, formFromRule } from '../src/ui/rule-form-convert.js';
import type { RuleDraft } from '../src/core/rule-types.js';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('a rule that requires a comment, from the command line', () => {
  it('ack without --comment is refused with what to add; with one it is recorded and log --json shows both', () => {
    const ok = (...a: string[]) => {
      const r = msgmon(['--home', home, ...a]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    fs.writeFileSync(
      path.join(home, 'rule.json'),
      JSON.stringify({ description: 'uploads need a word', match: { msgId: 'FTP0020' }, actions: { requireComment: true } }),
    );
    ok('rules', 'add', '--file', path.join(home, 'rule.json'));
    const input = `${uploadLines('edi', '/in/a.csv')}\n`;
    expect(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', '-'], { input }).code).toBe(0);
    const upload = (JSON.parse(ok('log', '--msgid', 'FTP0020', '--json')) as Array<{ id: number; commentRequired?: boolean; tags: string[] }>)[0]!;
    expect(upload.commentRequired).toBe(true);
    expect(upload.tags).toContain(COMMENT_REQUIRED);
    const logon = (JSON.parse(ok('log', '--msgid', 'FTP0002', '--json')) as Array<{ id: number; commentRequired?: boolean }>)[0]!;
    expect(logon.commentRequired).toBeUndefined();

    const refused = msgmon(['--home', home, 'ack', String(upload.id), String(logon.id)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`a rule requires a comment to acknowledge message ${upload.id}: nothing was changed; add --comment`);
    expect(JSON.parse(ok('messages', '--json')).map((m: { id: number }) => m.id)).toContain(logon.id);
    expect(msgmon(['--home', home, 'remove', String(upload.id), '--comment', '  ']).code).toBe(1);

    ok('ack', String(upload.id), '--operator', 'anna', '--comment', 'called the EDI partner');
    const after = (
      JSON.parse(ok('log', '--msgid', 'FTP0020', '--json')) as Array<{ actions: Array<{ action: string; operator: string; comment: string }> }>
    )[0]!;
    expect(after.actions).toEqual([expect.objectContaining({ action: 'ack', operator: 'anna', comment: 'called the EDI partner' })]);
  }, 30_000);
});

describe('the rule editor', () => {
  it('shows requireComment as Comment required on the Actions tab and saves it back', () => {
    const rule: RuleDraft = { description: 'deletes need a word', enabled: true, match: { msgId: 'FTP0022' }, actions: { requireComment: true } };
    const form = formFromRule(rule);
    expect(form.values.comment).toBe('Y');
    const back = draftFromForm(form.values, rule, []);
    expect('draft' in back && back.draft.actions).toEqual({ requireComment: true });
    const off = draftFromForm({ ...form.values, comment: 'N' }, rule, []);
    expect('draft' in off && off.draft.actions).toEqual({});
  });
});

describe('the console', () => {
  let store: MessageStore;
  beforeEach(() => {
    store = new MessageStore(path.join(home, 'messages.db'));
    store.operator = 'anna';
  });
  afterEach(() => store.close());

  const message = (p: Partial<NewMessage>): number => store.commit([msg({ at: 0, ...p })])[0]!;
  const open = () => {
    const nav = Navigator.console({ ...memoryServices(), messages: store, now: () => NOW }, { cols: 80, rows: 24 });
    const keys = (...k: string[]) => k.forEach((x) => nav.key(x));
    return { nav, keys, line: (r: number) => nav.render().line(r) };
  };

  it('7 on a message that requires a comment prompts for it, refuses a blank one, and acknowledges with it', () => {
    const id = message({ text: 'FTP: User edi deleted /in/orders.edi', tags: [COMMENT_REQUIRED] });
    const plain = message({ text: 'FTP: User edi logged on' });
    const { nav, keys, line } = open();
    // Newest first: the plain message is row 0, the one that needs a comment row 1; 7 on both.
    keys('7', 'down', '7', 'enter');
    expect(store.get(plain)!.ack).not.toBeNull();
    expect(nav.current.id).toBe('message-comment');
    expect(line(0)).toContain('Comment Required');
    expect(nav.render().toText()).toContain(`To acknowledge: message ${id} FTP0020 web1: FTP: User edi deleted /in/orders.edi`);
    keys('enter');
    expect(line(23)).toContain(`A comment is required to acknowledge message ${id}`);
    expect(store.get(id)!.ack).toBeNull();
    keys(...'partner resent it', 'enter');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(23)).toContain(`Message ${id} acknowledged with a comment.`);
    expect(store.get(id)!.ack).not.toBeNull();
    expect(store.history(id).actions[0]).toMatch(/^Acknowledged .* by anna: partner resent it$/);
  });

  it('4 on it prompts too; F12 leaves it on the console unchanged', () => {
    const id = message({ tags: [COMMENT_REQUIRED] });
    const { nav, keys } = open();
    keys('4', 'enter');
    expect(nav.current.id).toBe('message-comment');
    keys('f12');
    expect(nav.current.id).toBe('work-with-messages');
    expect(store.get(id)!.console).toBe('shown');
    keys('4', 'enter', ...'duplicate of 12', 'enter');
    expect(store.get(id)!.console).toBe('removed');
  });

  it('bulk removals leave it: 4=Remove messages of its session, and a new log-only rule that matches it', () => {
    const held = message({ session: 'web1:1', tags: [COMMENT_REQUIRED] });
    const plain = message({ session: 'web1:1' });
    const base = memoryServices();
    const services = { ...base, messages: store, sessions: { ...base.sessions, messages: (id: string) => store.scan({ session: id }, 0, 100) } };
    const session = { id: 'web1:1' } as SessionSummary;
    const out = new ConfirmRemoveSessions(services, [session], () => {}).command('enter');
    expect(out?.message?.text).toBe('1 message of 1 session removed from the console. 1 message needs a comment: 4 on the console asks for it.');
    expect(store.get(plain)!.console).toBe('removed');
    expect(store.get(held)!.console).toBe('shown');
    const silence = rules({ description: 'silence FTP0020', match: { msgId: 'FTP0020' }, actions: { log: 'L' } })[0]!;
    const other = message({ session: 'web1:2' });
    expect(consoleMatches(store, Catalog.load(), silence)).toEqual([other]);
  });

  it('Message Details says a comment is required', () => {
    message({ tags: [COMMENT_REQUIRED] });
    const { keys, nav } = open();
    keys('5', 'enter');
    expect(nav.render().toText()).toContain('Comment . . . . :  Required: a rule asks for one to acknowledge (7) or remove');
  });

  it('3=Defer asks for minutes, refuses a bad number, and pauses the escalation', () => {
    const a = message({ text: 'first' });
    const b = message({ text: 'second' });
    const { nav, keys, line } = open();
    keys('3', 'down', '3', 'enter');
    expect(nav.current.id).toBe('defer-message');
    keys('C-u', ...'0', 'enter');
    expect(line(23)).toContain('Defer for 0 not valid: type whole minutes from 1 to 10080.');
    keys('C-u', ...'45', 'down', ...'waiting for the partner', 'enter');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(23)).toContain(`: 2 messages (${b}, ${a}).`);
    const tables = new NotifyTables(store.db);
    for (const id of [a, b]) {
      const until = tables.deferredUntil(id)!;
      expect(until - Date.now()).toBeGreaterThan(44 * 60_000);
      expect(until - Date.now()).toBeLessThanOrEqual(45 * 60_000);
      expect(tables.acts(id)[0]).toMatchObject({ action: 'defer', operator: 'anna', comment: 'waiting for the partner' });
    }
    // Deferred messages stay on the console.
    expect(store.get(a)!.console).toBe('shown');
  });
});
