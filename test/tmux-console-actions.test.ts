// Console operator actions in a real terminal (tmux, issue 15) on a seeded store (the demo's vsftpd log ingested):
// a subset typed into the header fields shows exactly the expected rows, and a reply typed to an inquiry is recorded
// with the operator and shown by `msgmon log --json`.
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { startTerm } from './support/tmux-term.js';

type Msg = { id: number; msgId: string; severity: number; text: string; fields: Record<string, unknown>; reply?: unknown };

let home = '';
/** The console's messages as `msgmon messages --json` lists them, newest first as the console shows them. */
let onConsole: Msg[] = [];

beforeAll(() => {
  const dir = tempHome();
  home = path.join(dir, 'h');
  // Failed logons are inquiries that allow G (go on) and C (cancel).
  const rule = { description: 'Failed logons need an answer', match: { msgId: 'FTP0003' }, actions: { inquiry: true, replies: ['G', 'C'], defaultReply: 'C' } };
  fs.writeFileSync(path.join(dir, 'rule.json'), JSON.stringify(rule));
  expect(msgmon(['--home', home, 'rules', 'add', '--file', path.join(dir, 'rule.json')]).code).toBe(0);
  const log = path.resolve(__dirname, '../data/demo/vsftpd.log');
  expect(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', log]).code).toBe(0);
  onConsole = (JSON.parse(msgmon(['--home', home, 'messages', '--limit', '1000', '--json']).stdout) as Msg[]).reverse();
});

const rowsOf = (s: string) =>
  s
    .split('\n')
    .slice(8, 20)
    .filter((l) => /^ {2}[_\d] /.test(l));
/** What a row shows of a message at 80 columns: severity, message ID and the start of its text. */
const shownAs = (m: Msg) => `${String(m.severity).padStart(2, '0')} ${m.msgId} ${m.text.slice(0, 36)}`;
const rowKey = (row: string) => {
  const r = /^ {2}. +(\d+) (?:INQ )? +\S+ \S+ +([A-Z]{3}\d{4}) {2}(.*)$/.exec(row)!;
  return `${r[1]!.padStart(2, '0')} ${r[2]} ${r[3]!.slice(0, 36)}`;
};

describe('the console in tmux: subset typed into the header, inquiry replies', () => {
  it('Severity and then User typed into the header show exactly the expected rows', async () => {
    const t = startTerm('header', 80, 24, '', {}, home);
    await t.wait((s) => s.includes('Work with Messages') && rowsOf(s).length > 0, 'the console');
    // Up from the first row: Text, Msg ID, User, Severity.
    t.keys('Up', 'Up', 'Up', 'Up', 'C-u', '40', 'Enter');
    const severe = onConsole.filter((m) => m.severity >= 40);
    expect(severe.length).toBeGreaterThan(0);
    let s = await t.wait((x) => /Severity \. \. : 40/.test(x) && rowsOf(x).length === severe.length, 'the severity subset');
    expect(rowsOf(s).map(rowKey)).toEqual(severe.map(shownAs));
    t.keys('C-u', '00', 'Down', 'jdoe', 'Enter');
    const jdoe = onConsole.filter((m) => m.fields.user === 'jdoe');
    s = await t.wait((x) => /User {2}\. \. \. : jdoe/.test(x) && rowsOf(x).length === jdoe.length, 'the user subset');
    expect(rowsOf(s).map(rowKey)).toEqual(jdoe.map(shownAs));
    // F5 keeps the subset.
    t.keys('F5');
    s = await t.wait((x) => rowsOf(x).length === jdoe.length, 'the refresh');
    expect(rowsOf(s).map(rowKey)).toEqual(jdoe.map(shownAs));
  });

  it('6=Reply on an inquiry records the typed reply, shown by log --json with the operator', async () => {
    const inquiry = onConsole.find((m) => m.msgId === 'FTP0003')!;
    const t = startTerm('reply', 80, 24, '', { MSGMON_OPERATOR: 'anna' }, home);
    await t.wait((s) => s.includes('Work with Messages') && rowsOf(s).length > 0, 'the console');
    // The inquiry's row: subset to it by message ID, then 6 on the first row.
    t.keys('Up', 'Up', 'FTP0003');
    await t.wait((x) => x.includes(': FTP0003 Text'), 'the message ID typed');
    t.keys('Enter');
    const s = await t.wait((x) => rowsOf(x).length > 0 && rowsOf(x).every((r) => r.includes('FTP0003')), 'the inquiries');
    expect(rowsOf(s)[0]).toMatch(/ INQ /);
    // The cursor stays in the header after Enter: Down to Text, Down to the first row.
    t.keys('Down', 'Down', '6', 'Enter');
    await t.wait((x) => x.includes('Reply to Inquiry Message') && x.includes('G, C (default C)'), 'the reply prompt');
    t.keys('g', 'Enter');
    await t.wait((x) => x.includes(`Reply G recorded for message ${inquiry.id}.`), 'the reply recorded');
    const logged = JSON.parse(msgmon(['--home', home, 'log', '--msgid', 'FTP0003', '--json']).stdout) as Msg[];
    const answered = logged.find((m) => m.id === inquiry.id)!;
    expect(answered.reply).toMatchObject({ value: 'G', operator: 'anna' });
    expect(logged.filter((m) => m.reply).length).toBe(1);
  });
});
