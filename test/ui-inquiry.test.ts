// Inquiry messages (issue 15): rules allow replies and a default, the store checks and records a reply (who, when,
// value), the console shows INQ and takes 6=Reply, Message Details has a reply field; and the console's header
// fields take a subset typed in place.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NewMessage } from '../src/core/types.js';
import { MessageStore } from '../src/store/message-store.js';
import { draftSchema } from '../src/rules/schema.js';
import { compileActions } from '../src/rules/actions.js';
import type { Rule } from '../src/core/rule-types.js';
import { Navigator } from '../src/ui/navigator.js';
import { golden } from './support/golden-file.js';
import { memoryServices, sampleMessages } from './support/memory-services.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A real store holding the sample messages, the FTP0003 one an inquiry that allows G and C (default C). */
function storeWithInquiry(replies: NewMessage['replies'] = { allowed: ['G', 'C'], default: 'C' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-inq-'));
  dirs.push(dir);
  const store = new MessageStore(path.join(dir, 'messages.db'));
  store.operator = 'anna';
  const msgs = sampleMessages().map((m) => (m.msgId === 'FTP0003' ? { ...m, inquiry: true, replies } : m));
  const ids = store.commit(msgs);
  const inq = ids[msgs.findIndex((m) => m.inquiry)]!;
  return { store, inq, other: ids[0]! };
}

function consoleOn(store: MessageStore, cols = 80, rows = 24) {
  const services = { ...memoryServices(), messages: store };
  const nav = Navigator.console(services, { cols, rows });
  const keys = (...names: string[]) => names.forEach((k) => nav.key(k));
  const line = (r: number) => nav.render().line(r);
  return { nav, keys, line };
}

describe('inquiry replies in the store', () => {
  it('checks a reply against the allowed ones, takes the default for a blank, records who, when and what once', () => {
    const { store, inq, other } = storeWithInquiry();
    const before = store.count({ console: true });
    expect(store.inquiry(other)).toBeNull();
    expect(store.reply(other, 'G')).toEqual({ ok: false, error: `message ${other} is not an inquiry: acknowledge it instead` });
    expect(store.reply(inq, 'X')).toEqual({ ok: false, error: 'reply X not allowed: type G, C' });
    expect(store.inquiry(inq)).toMatchObject({ allowed: ['G', 'C'], default: 'C', reply: null });
    expect(store.reply(inq, '  ')).toEqual({ ok: true, value: 'C' });
    const s = store.inquiry(inq)!;
    expect(s.reply).toMatchObject({ value: 'C', operator: 'anna' });
    expect(store.get(inq)!.ack).toBe(s.reply!.time);
    expect(store.count({ console: true })).toBe(before - 1);
    expect(store.reply(inq, 'G')).toEqual({ ok: false, error: `inquiry ${inq} was answered already (C by anna)` });
    expect(store.history(inq).actions[0]).toMatch(/^Replied C .* by anna$/);
  });

  it('without allowed replies any word is a reply, matched as typed; acknowledged first, it takes none', () => {
    const { store, inq } = storeWithInquiry({ allowed: [], default: null });
    expect(store.reply(inq, '')).toEqual({ ok: false, error: 'type a reply' });
    expect(store.reply(inq, 'retry', { operator: 'ben' })).toEqual({ ok: true, value: 'retry' });
    const again = storeWithInquiry({ allowed: ['G', 'C'], default: null });
    again.store.act([again.inq], 'ack');
    expect(again.store.reply(again.inq, 'g')).toEqual({ ok: false, error: `inquiry ${again.inq} was acknowledged already without a reply` });
  });
});

describe('rules that make inquiries', () => {
  const parse = (actions: object) => draftSchema.safeParse({ description: 'x', match: { msgId: 'FTP0003' }, actions });

  it('allow replies and a default only on an inquiry, the default among the replies, in plain words', () => {
    expect(parse({ inquiry: true, replies: ['G', 'C'], defaultReply: 'c' }).success).toBe(true);
    expect(parse({ replies: ['G'] }).error?.issues[0]?.message).toBe('replies are for inquiries: set inquiry Y, or leave the replies blank');
    expect(parse({ inquiry: true, replies: ['G'], defaultReply: 'C' }).error?.issues[0]?.message).toBe('the default reply must be one of the allowed replies');
    expect(parse({ inquiry: true, replies: ['G O'] }).error?.issues[0]?.message).toBe('letters, digits, - and _ only, at most 16 (G, C, RETRY)');
  });

  it('give the message its allowed replies', () => {
    const rule = { id: 3, description: 'answer', enabled: true, match: {}, actions: { inquiry: true, replies: ['G', 'C'], defaultReply: 'G' } } as Rule;
    const m = { ...sampleMessages()[0]!, rules: [] };
    compileActions(rule)(m, { log: null, notify: [] });
    expect(m).toMatchObject({ inquiry: true, replies: { allowed: ['G', 'C'], default: 'G' } });
  });
});

describe('answering on the console', () => {
  it('shows INQ, refuses 6 on other messages, and 6 records an allowed reply', () => {
    const { store, inq } = storeWithInquiry();
    const { nav, keys, line } = consoleOn(store);
    const row = [...Array(12).keys()].map((i) => 8 + i).find((r) => line(r).includes('FTP0003'))!;
    expect(line(row)).toMatch(/^ {2}_ {3}40 INQ /);
    expect(line(7)).toMatch(/^ Opt Sev Type Time/);
    expect(row).toBe(8);
    keys('down', '6', 'enter');
    expect(line(23)).toBe(' Option 6 not allowed: message is not an inquiry (INQ); acknowledge it with 7');
    keys('space', 'up', '6', 'enter');
    expect(nav.current.id).toBe('reply-inquiry');
    golden('reply-inquiry-80x24.txt', nav.render().toText());
    keys(...'X', 'enter');
    expect(line(23)).toBe(' Reply X not allowed: type G, C.');
    keys('C-u', 'g', 'enter');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(23)).toBe(` Reply G recorded for message ${inq}.`);
    expect(nav.render().toText()).not.toContain('FTP0003');
    expect(store.inquiry(inq)!.reply).toMatchObject({ value: 'G', operator: 'anna' });
  });

  it('Message Details says it is an inquiry with its replies, and its reply field records one', () => {
    const { store, inq } = storeWithInquiry();
    const { nav, keys, line } = consoleOn(store, 132, 27);
    const row = [...Array(15).keys()].map((i) => 8 + i).find((r) => line(r).includes('FTP0003'))!;
    keys(...Array(row - 8).fill('down'), '5', 'enter');
    expect(nav.current.id).toBe('message-details');
    golden('details-inquiry-132x27.txt', nav.render().toText());
    expect(nav.render().toText()).toMatch(/Type \. \. \. \. \. \. : +Inquiry +Replies {2}\. \. \. \. : +G, C \(default C\)/);
    // Letters type into the reply field (a and e are not F8 and F10 here), and the legend's plain keys say so.
    keys('f24');
    expect(nav.render().toText()).toMatch(/Ctrl\+G=Help/);
    expect(nav.render().toText()).not.toMatch(/a=Attributes|e=Session/);
    keys('e', 'enter');
    expect(line(26)).toBe(' Reply e not allowed: type G, C.');
    keys('backspace', 'c', 'enter');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(26)).toBe(` Reply C recorded for message ${inq}.`);
  });
});

describe('header fields typed in place', () => {
  it('Severity and User typed into the header narrow the list on Enter; F5 keeps the subset; a bad value names its field', () => {
    const { nav, keys, line } = consoleOn(storeWithInquiry().store);
    keys('up'); // from the first row into the last header field, Text
    expect(nav.render().cursor).toEqual({ row: 3, col: 63 });
    keys('up', 'up', 'up', 'C-u', '4', '0', 'enter');
    expect(line(2)).toMatch(/Severity \. \. : 40 +Messages \. \. : +2/);
    expect(line(8)).toContain('FTP0003');
    expect(line(9)).toContain('MON0003');
    expect(line(10)).toBe('');
    keys('C-u', '2', '0', 'down', ...'thomask', 'enter');
    expect(line(3)).toMatch(/User {2}\. \. \. : thomask/);
    const shown = [8, 9, 10, 11].map((r) => line(r).slice(32, 39));
    expect(shown).toEqual(['FTP0022', 'FTP0023', '', '']);
    keys('f5');
    expect(line(3)).toMatch(/User {2}\. \. \. : thomask/);
    expect(line(8)).toContain('FTP0022');
    keys('up', 'C-u', ...'1x', 'enter');
    expect(line(23)).toBe(' Severity 1x not valid: type 00 to 99.');
    expect(nav.render().cursor?.row).toBe(2);
  });
});
