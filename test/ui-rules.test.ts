// Work with Rules, the rule editor, 9=Create rule and 1=Use in new rule through the navigator, over the real
// rule service (schema, inline tests, replay) with the rules kept in memory; and how rule effects are painted.
import { describe, expect, it } from 'vitest';
import { Navigator } from '../src/ui/navigator.js';
import { blessedAttr } from '../src/tui/paint.js';
import { keyName } from '../src/tui/keys.js';
import { memoryServices } from './support/memory-services.js';

function setup(opts: { filler?: number; readOnly?: boolean } = {}) {
  const services = memoryServices(opts);
  const nav = Navigator.console(services, { cols: 80, rows: 24 });
  const keys = (...names: string[]) => names.forEach((k) => nav.key(k));
  /** Types text into the field under the cursor, as the adapter reports it (a blank is `space`). */
  const type = (s: string) => [...s].forEach((ch) => nav.key(ch === ' ' ? 'space' : ch));
  const text = () => nav.render().toText();
  const line = (r: number) => nav.render().line(r);
  const rule = (id: number) => services.ruleConfig.rules.find((r) => r.id === id);
  return { services, nav, keys, type, text, line, rule };
}

const down = (n: number) => Array.from({ length: n }, () => 'down');
const CLEAR = 'C-u'; // erases the field under the cursor

describe('Work with Rules', () => {
  it('opens from the console with F16 (or w), lists the rules in sequence order with hits; F12 returns', () => {
    const { nav, keys, line } = setup();
    keys('f16');
    expect(nav.current.id).toBe('work-with-rules');
    expect(line(0)).toContain('Work with Automated Responses');
    expect(line(3)).toBe('   2=Change   3=Copy   4=Delete   5=Display   8=Test   9=Enable/Disable');
    expect(line(5)).toBe(' Opt Seq  Description                    Msg ID    Log Action   Hits    Status');
    expect(line(6)).toBe('  _    10 Batch account edi_acme         FTP*      L   remove     8,112 Enabled');
    expect(line(11)).toMatch(/^ {2}_ +60 Nightly upload .* watch +MON0030 +0 Disabled$/);
    expect(line(21)).toBe(' F1=Help   F3=Exit   F5=Refresh   F6=Create   F12=Cancel   F24=More keys');
    keys('f12', 'w');
    expect(nav.current.id).toBe('work-with-rules');
    keys('escape');
    expect(nav.current.id).toBe('work-with-messages');
  });

  it('9 disables and enables a rule, saved at once', () => {
    const { keys, line, rule } = setup();
    keys('f16', '9', 'enter');
    expect(line(23)).toBe(' Rule #10 disabled.');
    expect(rule(10)!.enabled).toBe(false);
    expect(line(6)).toMatch(/Disabled$/);
    keys('9', 'enter');
    expect(rule(10)!.enabled).toBe(true);
  });

  it('2=Change saves what was typed and keeps what the form does not show (frequency, escalation)', () => {
    const { nav, keys, type, line, rule } = setup();
    keys('f16', ...down(4), '2', 'enter');
    expect(nav.current.id).toBe('rule-editor');
    expect(line(0)).toContain('Change Automated Response');
    expect(line(1)).toMatch(/Rule \. .*#50 +Hits \. .*: {2}3$/);
    keys('f8');
    expect(nav.render().toText()).toContain('Kept as written: frequency 5 in 10 min by client.');
    keys('f7');
    type(' from one client');
    keys('enter');
    expect(nav.current.id).toBe('work-with-rules');
    expect(line(23)).toBe(' Rule #50 changed.');
    expect(rule(50)).toEqual({
      id: 50,
      seq: 50,
      description: 'Logon failures 5 in 10 min from one client',
      enabled: true,
      match: { msgId: 'FTP0003', frequency: { count: 5, minutes: 10, by: ['client'] } },
      actions: { severity: 80, escalate: 'security' },
    });
  });

  it('3=Copy creates a new rule with a new id, placed after the own rules', () => {
    const { services, keys, line } = setup();
    keys('f16', '3', 'enter', 'enter');
    expect(line(23)).toBe(' Rule #61 added.');
    expect(services.ruleConfig.rules.find((r) => r.id === 61)).toMatchObject({
      seq: 70,
      description: 'Batch account edi_acme',
      match: { msgId: 'FTP*', user: 'edi_acme' },
      actions: { log: 'L' },
    });
  });

  it('4=Delete asks first: F12 keeps the rules, Enter deletes them and their hits', () => {
    const { services, nav, keys, line, rule } = setup();
    keys('f16', 'down', '4', 'down', '4', 'enter');
    expect(nav.current.id).toBe('confirm-delete');
    expect(line(6)).toMatch(/^ {2}4 +20 Uploads to/);
    expect(line(7)).toMatch(/^ {2}4 +30 Remote commands/);
    keys('f12');
    expect(nav.current.id).toBe('work-with-rules');
    expect(rule(20)).toBeDefined();
    expect(line(8)).toMatch(/^ {2}4 +30/); // the choices stay typed, to be changed
    keys('space', 'enter');
    expect(nav.current.id).toBe('confirm-delete');
    expect(nav.render().toText()).not.toContain('Remote commands');
    keys('enter');
    expect(nav.current.id).toBe('work-with-rules');
    expect(line(23)).toBe(' Rule #20 deleted.');
    expect(rule(20)).toBeUndefined();
    expect(services.ruleConfig.hits.has(20)).toBe(false);
    expect(line(7)).toContain('Remote commands by people');
  });

  it('5=Display shows the rule and changes nothing; 8=Test shows the dry run', () => {
    const { services, nav, keys, type, line, text } = setup();
    keys('f16', 'down', '5', 'enter');
    expect(line(0)).toContain('Display Automated Response');
    type('x');
    expect(line(23)).toContain('The rule is only displayed here: use 2=Change');
    keys('enter', '8', 'enter');
    expect(nav.current.id).toBe('rule-test');
    expect(text()).toContain('Rule . . . . . . :  #20 "Uploads to /home/*/upload"');
    expect(text()).toMatch(/Would act on \. \. : {2}1\n/);
    expect(text()).toContain('highlight {"color":"yellow"}');
    expect(services.ruleConfig.writes).toEqual([]);
  });

  it('refuses 2, 3, 4, 9 and F6 in read-only mode; 5 and 8 still work', () => {
    const { services, nav, keys, line } = setup({ readOnly: true });
    keys('f16');
    for (const opt of ['2', '3', '4', '9']) {
      keys(opt, 'enter');
      expect(line(23)).toBe(` Option ${opt} not allowed: msgmon runs read-only`);
      keys('space');
    }
    keys('f6');
    expect(line(23)).toBe(' F6 not allowed: msgmon runs read-only');
    keys('5', 'enter');
    expect(nav.current.id).toBe('rule-editor');
    keys('f12', '8', 'enter');
    expect(nav.current.id).toBe('rule-test');
    expect(services.ruleConfig.writes).toEqual([]);
  });

  it('refuses an option the screen does not know with the cursor on its row', () => {
    const { nav, keys, line } = setup();
    keys('f16', 'down', 'down', '7', 'enter');
    expect(line(23)).toBe(' Option 7 not valid for this screen.');
    expect(nav.render().cursor).toEqual({ row: 8, col: 2 });
  });
});

describe('rule editor', () => {
  it('Enter with errors names the field on the message line, puts the cursor there and saves nothing', () => {
    const { services, nav, keys, type, line } = setup();
    keys('f16', 'f6');
    expect(line(0)).toContain('Create Automated Response');
    keys('enter');
    expect(line(23)).toMatch(/^ Description: /);
    expect(nav.render().cursor).toEqual({ row: 6, col: 28 });
    type('Deletes');
    keys('f8');
    type('FTP 22');
    keys('f7', 'enter');
    expect(line(23)).toBe(' Message ID: a message ID, * and ? wildcards allowed (FTP002*)');
    expect(line(3)).toContain('Filters'); // switched back to the tab of the field
    expect(nav.render().cursor!.row).toBe(6);
    expect(services.ruleConfig.writes).toEqual([]);
  });

  it('checks condition rows: a test needs its kind of value, an invalid regex is named on its row', () => {
    const { services, nav, keys, type, line } = setup();
    keys('f16', 'f6');
    type('Big uploads');
    keys('pagedown', 'pagedown');
    type('bytes');
    keys('tab');
    type('gt');
    keys('tab');
    type('lots');
    keys('enter');
    expect(line(23)).toBe(' Condition 1: GT compares numbers; type a number');
    expect(nav.render().cursor).toEqual({ row: 7, col: 28 });
    keys(CLEAR);
    type('1000000');
    keys('tab', 'tab', 'tab', 'tab');
    type('path');
    keys('tab');
    type('regex');
    keys('tab');
    type('(a+');
    keys('enter');
    expect(line(23)).toMatch(/^ Condition 2 value: invalid regex "\(a\+": /);
    expect(nav.render().cursor?.row).toBe(8);
    keys(CLEAR);
    type('^/home/');
    keys('enter');
    expect(line(23)).toBe(' Rule #61 added.');
    expect(services.ruleConfig.rules.at(-1)!.match.fields).toEqual([
      { field: 'bytes', gt: 1000000 },
      { field: 'path', regex: '^/home/' },
    ]);
  });

  it('refuses an inquiry with log option L on the log field (an inquiry must stay on the console)', () => {
    const { services, keys, type, line } = setup();
    keys('f16', 'f6');
    type('Odd one');
    keys('f7'); // Actions
    type('L');
    keys(...down(8));
    type('y');
    keys('enter');
    expect(line(23)).toBe(' Log option: an inquiry stays on the console: use log option Y with inquiry');
    expect(services.ruleConfig.writes).toEqual([]);
  });

  it('F4 lists message IDs of the catalog and users seen; 1 picks, Enter alone picks the cursor row', () => {
    const { services, nav, keys, line, text } = setup();
    keys('f16', 'f6', 'f8', 'f4');
    expect(nav.current.id).toBe('select-value');
    expect(line(2)).toContain('Field  . . . . . :  Message ID');
    expect(text()).toContain('FTP0002              &PROTO: User &USER logged on from &CLIENT');
    // The list is the catalog in ID order: walk to FTP0002 and FTP0010 wherever other catalogs put them.
    const ids = services.rules.prompt('msgId').map((v) => v.value);
    const at = (id: string) => ids.indexOf(id);
    expect(at('FTP0002')).toBeGreaterThanOrEqual(0);
    keys(...down(at('FTP0002')), '1', ...down(at('FTP0010') - at('FTP0002')), '1', 'enter');
    expect(nav.current.id).toBe('rule-editor');
    expect(line(6)).toContain('FTP0002,FTP0010');
    keys('down', 'down', 'down', 'f4');
    expect(text()).toContain('nosuchuser');
    expect(text()).toContain('thomask');
    keys('down', 'enter');
    expect(line(9)).toMatch(/User \. .* thomask/);
    keys('down', 'f4');
    expect(line(23)).toBe(' F4 not available: this field has no list of values; type one.');
  });

  it('F10 shows what the rule as typed would do to the Activity Log, and saves nothing', () => {
    const { services, nav, keys, text } = setup();
    keys(...down(5), '9', 'enter', 'f10');
    expect(nav.current.id).toBe('rule-test');
    const t = text();
    expect(t).toContain('"Messages like FTP0020 from thomask" (as typed, not saved)');
    expect(t).toMatch(/Messages tested {2}: {2}10, the newest/);
    expect(t).toMatch(/Would act on \. \. : {2}1\n/);
    expect(t).toMatch(/Log only \(L\) \. \. : {2}1 /);
    expect(t).toContain('Activity Log only (log option L)');
    expect(t).toContain('Nothing was changed: this was a dry run.');
    keys('enter');
    expect(nav.current.id).toBe('rule-editor');
    expect(services.ruleConfig.writes).toEqual([]);
  });

  it('types every character into the field (q and ? too), capitals where the field wants them, and edits', () => {
    const { nav, keys, type, line } = setup();
    keys('f16', 'f6');
    type('q? x');
    expect(nav.done).toBe(false);
    keys('left', 'left', 'backspace', 'end');
    type('!');
    expect(line(6)).toContain('q x!');
    keys('f8');
    type('ftp002*');
    expect(line(6)).toContain('FTP002*');
    keys('escape');
    expect(nav.current.id).toBe('work-with-rules');
  });

  it('warns when a new rule discards what it matches (log option N)', () => {
    const { keys, type, line } = setup();
    keys('f16', 'f6');
    type('Noise');
    keys('f8');
    type('FTP0001');
    keys('f8', 'f8');
    type('N');
    keys('enter');
    expect(line(23)).toMatch(/^ Rule #61 added\. Note: rule #61 discards what it matches \(log option N\)/);
  });
});

describe('rules from messages', () => {
  it('9=Create rule opens the editor prefilled from the message; saved, its kind leaves the console', () => {
    const { services, nav, keys, line, text } = setup({ filler: 40 });
    expect(line(2)).toContain('Messages . . :      50');
    keys(...down(7), '9', 'enter'); // FTP0011: thomask listing directory /
    expect(line(6)).toContain('Messages like FTP0011 from thomask');
    keys('pagedown');
    expect([line(6), line(7), line(9)].map((l) => l.slice(28).trim())).toEqual([
      expect.stringMatching(/^FTP0011/),
      expect.stringMatching(/^web1/),
      expect.stringMatching(/^thomask/),
    ]);
    keys('pagedown');
    expect(line(7)).toMatch(/^ client +EQ +127\.0\.0\.1 /);
    expect(line(8)).toMatch(/^ protocol +EQ +ftp /);
    keys('pagedown');
    expect(line(6)).toMatch(/Log option .* L {2}/);
    expect(line(7)).toMatch(/Clear console now .* Y {2}/);
    keys('enter');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(23)).toBe(' Rule #61 added. 41 messages taken off the console.');
    expect(line(2)).toContain('Messages . . :       9');
    expect(text()).not.toContain('FTP0011');
    expect(services.messages.get(1)!.console).toBe('removed'); // still in the Activity Log
    expect(services.ruleConfig.rules.at(-1)).toEqual({
      id: 61,
      seq: 70,
      description: 'Messages like FTP0011 from thomask',
      enabled: true,
      match: {
        msgId: 'FTP0011',
        system: 'web1',
        user: 'thomask',
        fields: [
          { field: 'client', equals: '127.0.0.1' },
          { field: 'protocol', equals: 'ftp' },
        ],
      },
      actions: { log: 'L' },
    });
  });

  it('1=Use in new rule on Attributes: the picked fields become equals conditions; the raw line is refused', () => {
    const { nav, keys, line, text } = setup();
    keys(...down(5), '8', 'enter'); // FTP0020
    keys(...down(11), '1', 'enter');
    expect(line(23)).toBe(' Option 1 not allowed: the raw line is not a field (use Text contains)');
    keys('space', 'up', 'up', '1', 'up', 'up', 'up', 'up', 'up', '1', 'enter'); // bytes=1234 and user
    expect(nav.current.id).toBe('rule-editor');
    expect(line(6)).toContain('Messages like FTP0020 from thomask');
    keys('f8');
    expect(line(9)).toMatch(/User \. .* thomask/);
    keys('f8');
    expect(line(7)).toMatch(/^ bytes +EQ +1234 /);
    keys('f8');
    expect(text()).toMatch(/Log option \. .* Y {2}/);
  });

  it('option 4 on an unacknowledged inquiry is refused naming option 7; 7 answers it', () => {
    const { services, keys, line } = setup();
    const id = services.messages.add({
      ...services.messages.get(10)!,
      msgId: 'FTP0030',
      text: 'FTP: User thomask ran remote command SITE CHMOD 777 /',
      inquiry: true,
      severity: 60,
    });
    keys('r', 't', '4', 'enter');
    expect(line(23)).toBe(' Option 4 not allowed: message is an inquiry; acknowledge it with 7');
    expect(services.messages.acts).toEqual([]);
    keys('space', '7', 'enter');
    expect(services.messages.acts).toEqual([{ ids: [id], action: 'ack' }]);
  });
});

describe('rule effects on the console', () => {
  it('paints highlights in their colour (underlined under NO_COLOR) and unanswered inquiries reverse', () => {
    const { services, nav } = setup();
    services.messages.add({ ...services.messages.get(10)!, msgId: 'FTP0030', inquiry: true, highlight: { color: 'pink', blink: true } });
    nav.key('r');
    const g = nav.render();
    expect(g.at(8, 14).attr).toMatchObject({ fg: 'pink', reverse: true, blink: true, marked: true });
    expect(g.line(14)).toContain('FTP0020'); // highlighted yellow by rule #20
    expect(g.at(14, 14).attr).toMatchObject({ fg: 'yellow', marked: true });
    expect(g.at(9, 14).attr).toEqual({ fg: 'green' });
    const mono = blessedAttr(g.at(14, 14).attr, true);
    expect((mono >> 18) & 2).toBe(2); // underline survives NO_COLOR
    expect((blessedAttr(g.at(8, 14).attr, true) >> 18) & 8).toBe(8); // reverse too
  });

  it('the adapter reports typed characters as themselves: capitals, blanks, Ctrl keys by name', () => {
    expect(keyName('A', { name: 'a', full: 'S-a', shift: true })).toBe('A');
    expect(keyName(' ', { name: 'space', full: 'space' })).toBe('space');
    expect(keyName('\x10', { name: 'p', full: 'C-p', ctrl: true })).toBe('C-p');
    expect(keyName('?', { full: '?' })).toBe('?');
    expect(keyName(undefined, { name: 'f4', full: 'f4' })).toBe('f4');
  });
});
