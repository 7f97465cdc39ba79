// The console an operator trusts (issue 15): a list that holds still while options are typed, rows in log time
// order with the date when they span days, wide characters that keep the columns aligned.
import { describe, expect, it } from 'vitest';
import type { NewMessage } from '../src/core/types.js';
import { Grid } from '../src/ui/grid.js';
import { Navigator } from '../src/ui/navigator.js';
import { golden } from './support/golden-file.js';
import { memoryServices, NOW, sampleMessages } from './support/memory-services.js';

function setup(opts: { filler?: number; messages?: NewMessage[]; cols?: number; rows?: number } = {}) {
  const services = memoryServices(opts);
  const nav = Navigator.console(services, { cols: opts.cols ?? 80, rows: opts.rows ?? 24 });
  const keys = (...names: string[]) => names.forEach((k) => nav.key(k));
  const line = (r: number) => nav.render().line(r);
  return { services, nav, keys, line };
}

/** A message like the samples' newest, at `time`, with its own text. */
function arriving(time: number, text: string, fields: Record<string, string | number> = {}): NewMessage {
  const base = sampleMessages().at(-1)!;
  return { ...base, time, msgId: 'FTP0020', severity: 10, text, fields: { ...base.fields, ...fields } };
}

describe('a list that holds still', () => {
  it('new messages do not move the rows once an option is typed; "+N new" until F5 brings them in', () => {
    const { services, nav, keys, line } = setup({ filler: 20 });
    keys('down', 'down', '4'); // FTP0022, the third row
    const before = [8, 9, 10, 11].map(line);
    for (let i = 0; i < 3; i++) services.messages.add(arriving(NOW + i, `FTP: burst ${i}`));
    expect(nav.tick()).toBe(true);
    expect([8, 9, 10, 11].map(line)).toEqual(before);
    expect(line(23)).toContain('+3 new');
    expect(line(10)).toMatch(/^ {2}4 .*FTP0022/);
    keys('enter');
    // The 4 acted on the message shown on its row, and the new ones are in now.
    const shown = services.messages.messages.find((m) => m.msgId === 'FTP0022')!;
    expect(services.messages.acts).toEqual([{ ids: [shown.id], action: 'remove' }]);
    expect(line(8)).toContain('FTP: burst 2');
    expect(line(23)).toContain('1 message removed.');
  });

  it('without options typed, new messages come in at the top live', () => {
    const { services, nav, line } = setup();
    services.messages.add(arriving(NOW, 'FTP: fresh upload'));
    nav.tick();
    expect(line(8)).toContain('FTP: fresh upload');
  });

  it('F5 with options typed brings the new ones in and drops an option whose message left the page', () => {
    const { services, nav, keys, line } = setup({ filler: 20 });
    for (let i = 0; i < 11; i++) keys('down');
    keys('5'); // the last row of the page
    for (let i = 0; i < 3; i++) services.messages.add(arriving(NOW + i, `FTP: burst ${i}`));
    nav.tick();
    keys('f5');
    expect(line(8)).toContain('FTP: burst 2');
    expect(line(23)).toContain('1 option dropped: its message is no longer on this page.');
    keys('enter');
    expect(nav.current.id).toBe('work-with-messages');
  });

  it('a letter in the Opt column says it is not an option', () => {
    const { keys, line } = setup();
    keys('x');
    expect(line(23)).toBe(' Option x not valid: type an option number from the list above.');
  });

  it('the cursor starts on the top row, the newest message', () => {
    const { nav } = setup();
    expect(nav.render().cursor).toEqual({ row: 8, col: 2 });
    expect(nav.render().line(8)).toContain('FTP0003');
  });
});

describe('rows in log time order', () => {
  it('a late message with an older time goes where its time belongs, and the date shows at 80 columns across days', () => {
    const { services, nav, line } = setup();
    services.messages.add(arriving(NOW - 86_400_000, 'FTP: from yesterday'));
    nav.key('f5');
    const text = nav.render().toText();
    expect(line(7)).toMatch(/^ Opt Sev Type Date {5}Time {5}System {3}Msg ID {3}Text/);
    expect(line(8)).toMatch(/^ {2}_ {3}40 {6}25\/11\/26 11:18:21/);
    expect(text).toContain('24/11/26 11:18:21 web1     FTP0020  FTP: from yesterday');
    expect(text.indexOf('from yesterday')).toBeGreaterThan(text.indexOf('MON0003'));
  });

  it('within one day there is no date column at 80 columns', () => {
    const { line } = setup();
    expect(line(7)).toMatch(/^ Opt Sev Type Time {5}System {3}Msg ID {3}Text/);
  });

  it('F11 keeps Msg ID and a shortened text', () => {
    const { keys, line } = setup();
    keys('f11');
    expect(line(7)).toMatch(/^ Opt Sev Type Date {5}Time {5}System {3}Msg ID {3}Source {3}User {7}Text/);
    expect(line(8)).toMatch(/FTP0003 {2}vsftpd {3}nosuchuser FTP: Logon/);
  });
});

describe('wide characters', () => {
  it('take two columns on the grid; a column cut never halves one, and what follows stays aligned', () => {
    const g = new Grid(20, 2);
    g.put(0, 0, '報告書.csv');
    expect(g.line(0)).toBe('報告書.csv');
    expect(g.cells[0]!.slice(0, 7).map((c) => c.ch)).toEqual(['報', '', '告', '', '書', '', '.']);
    g.put(0, 3, 'x'); // overwrites the right half of 告: its left half becomes a blank
    expect(g.line(0)).toBe('報 x書.csv');
    g.put(1, 19, '報'); // no room for both halves at the edge
    expect(g.cells[1]![19]!.ch).toBe(' ');
  });

  const cjk = () => {
    const msgs = sampleMessages();
    msgs.push(
      arriving(NOW, 'FTP: User 山田 uploaded file /home/山田/報告書_２０２６.csv (1234 bytes)', { user: '山田', path: '/home/山田/報告書_２０２６.csv' }),
    );
    msgs.push(arriving(NOW + 1, 'FTP: User thomask uploaded file /tmp/🚀 rocket.txt (5 bytes)', { user: 'thomask' }));
    return msgs;
  };

  for (const [cols, rows] of [
    [80, 24],
    [132, 27],
  ] as const) {
    it(`a CJK file name shows intact and the columns stay aligned at ${cols}x${rows} (golden)`, () => {
      const { nav } = setup({ messages: cjk(), cols, rows });
      const grid = nav.render();
      const text = grid.toText();
      expect(text).toContain('山田');
      expect(text).not.toContain('?');
      golden(`console-cjk-${cols}x${rows}.txt`, text);
      nav.key('f11');
      golden(`console-cjk-alt-${cols}x${rows}.txt`, nav.render().toText());
    });
  }
});

describe('main menu, F12 and F3', () => {
  it('F12 on the console goes back to the main menu and never leaves; the menu opens every screen by number', () => {
    const { nav, keys, line } = setup();
    keys('f12');
    expect(nav.done).toBe(false);
    expect(nav.current.id).toBe('main-menu');
    const text = nav.render().toText();
    expect(text).toContain('msgmon Main Menu');
    expect(text).toMatch(/ 1\. Work with messages/);
    expect(text).toMatch(/ 5\. Work with automated responses/);
    keys('f12');
    expect(nav.done).toBe(false);
    expect(line(23)).toBe(' Press F3 or q to exit.');
    keys('escape');
    expect(nav.done).toBe(false);
    for (const [n, id] of [
      ['3', 'ftp-sessions'],
      ['4', 'work-with-systems'],
      ['5', 'work-with-rules'],
      ['2', 'activity-log-search'],
      ['1', 'work-with-messages'],
    ] as const) {
      keys(n, 'enter');
      expect(nav.current.id).toBe(id);
      keys('f12');
      expect(nav.current.id).toBe('main-menu');
    }
    keys('9', '9', 'enter');
    expect(line(23)).toBe(' Selection 99 not valid.');
    keys('backspace', 'backspace', 'x');
    expect(line(23)).toBe(' Selection x not valid: type the number of an entry.');
    keys('f3');
    expect(nav.done).toBe(true);
  });

  it('F3 leaves from a screen deep in the stack at once', () => {
    const { nav, keys } = setup();
    keys('5', 'enter', 'f8');
    expect(nav.current.id).toBe('message-attributes');
    keys('f3');
    expect(nav.done).toBe(true);
  });
});

describe('terminal too small', () => {
  it('below 80x24 a "too small" screen that only F3 leaves; a resize back redraws the console', () => {
    const { nav, services } = setup({ cols: 60, rows: 18 });
    const g = nav.render();
    expect([g.cols, g.rows]).toEqual([60, 18]);
    expect(g.toText()).toContain('Terminal too small');
    expect(g.toText()).toContain('need 80x24, have 60x18');
    nav.key('4');
    nav.key('enter');
    nav.key('f12');
    expect(services.messages.acts).toEqual([]);
    expect(nav.current.id).toBe('work-with-messages');
    nav.resize(80, 24);
    expect(nav.render().line(0)).toContain('Work with Messages');
    nav.resize(79, 24);
    nav.key('f3');
    expect(nav.done).toBe(true);
  });
});

describe('subset and position-to (F21)', () => {
  it('narrows by severity, user, msgId wildcard and text; the header says so; F5 keeps it', () => {
    const { nav, keys, line } = setup({ filler: 30 });
    keys('f21');
    expect(nav.current.id).toBe('subset-messages');
    // Severity at least 20 (the field holds 00: erase, then type).
    keys('down', 'C-u', '2', '0', 'enter');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(23)).toBe(' 5 messages in the subset.');
    expect(line(2)).toMatch(/Severity \. \. : 20 +Messages \. \. : +5/);
    const sevs = [8, 9, 10, 11, 12].map((r) => Number(line(r).slice(5, 8)));
    expect(sevs.every((s) => s >= 20)).toBe(true);
    expect(line(13)).toBe('');
    keys('f21', 'down', 'C-u', 'down', ...'thomask', 'down', ...'FTP002*', 'enter');
    expect(line(3)).toMatch(/User {2}\. \. \. : thomask +Msg ID \. \. \. : FTP002\*/);
    expect([8, 9, 10, 11, 12].map((r) => line(r).slice(32, 39))).toEqual(['FTP0022', 'FTP0023', 'FTP0021', 'FTP0020', 'FTP0024']);
    expect(line(13)).toBe('');
    keys('f5');
    expect(line(3)).toMatch(/User {2}\. \. \. : thomask/);
    expect(line(11)).toContain('FTP0020');
    keys('f21', 'down', 'down', 'down', 'down', ...'deleted', 'enter');
    expect(line(8)).toContain('deleted file');
    expect(line(9)).toBe('');
    // Back to everything: *ALL, 00, blanks.
    keys('f21', 'down', 'down', 'C-u', 'down', 'C-u', 'down', 'C-u', 'enter');
    expect(line(2)).toMatch(/Messages \. \. : +40/);
  });

  it('refuses a bad severity or message ID, naming the field, and changes nothing', () => {
    const { nav, keys, line } = setup();
    keys('f21', 'down', 'C-u', 'x', 'enter');
    expect(line(23)).toBe(' Severity x not valid: type 00 to 99.');
    expect(nav.current.id).toBe('subset-messages');
    keys('C-u', 'down', 'down', ...'FTP-1', 'enter');
    expect(line(23)).toBe(' Message ID FTP-1 not valid: letters, digits and * only (FTP002*).');
    keys('f12');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(2)).toMatch(/Severity \. \. : 00 +Messages \. \. : +10/);
  });

  it('positions the list to a time: the first row is the newest message at or before it', () => {
    const { nav, keys, line } = setup({ filler: 100 });
    keys('f21', 'down', 'down', 'down', 'down', 'down', ...'10:01:00', 'enter');
    expect(line(8)).toContain('10:01:00');
    const firstText = () => (nav.current as unknown as { rows: { text: string }[] }).rows[0]!.text;
    expect(firstText()).toContain('/data/60');
    keys('pageup');
    expect(firstText()).toContain('/data/72');
    keys('f21', 'down', 'down', 'down', 'down', 'down', ...'25:00', 'enter');
    expect(line(23)).toBe(' Position to 25:00 not valid: type 11:05, 24/11/26 18:00, 2h or words.');
  });
});

describe('keyboard help (F1)', () => {
  it('names Shift+F1..F12 for F13..F24 with the plain key, and explains PuTTY, tmux and screen', () => {
    const { nav, keys } = setup();
    keys('f1');
    const pages: string[] = [];
    for (let i = 0; i < 6; i++) {
      pages.push(nav.render().toText());
      keys('pagedown');
    }
    const all = pages.join('\n');
    expect(all).toMatch(/F14 +Shift\+F2, s +Systems:/);
    expect(all).toMatch(/F21 +Shift\+F9, f +Subset:/);
    expect(all).toContain('Shift+F1 to Shift+F12 are F13 to F24');
    expect(all).toContain('PuTTY in its default keyboard mode');
    expect(all).toContain('tmux passes Shift+F-keys');
  });
});

describe('Activity Log screen', () => {
  /** The log: the samples, the filler, and a removed and an acknowledged message (gone from the console, kept). */
  function logSetup() {
    const t = setup({ filler: 30 });
    t.services.messages.act([t.services.messages.messages.find((m) => m.msgId === 'FTP0021')!.id], 'remove');
    t.services.messages.act([t.services.messages.messages.find((m) => m.msgId === 'FTP0024')!.id], 'ack');
    t.keys('f12', '2', 'enter');
    return t;
  }
  // n fields down from the one with the cursor, erase it, type.
  const field = (t: ReturnType<typeof setup>, n: number, ...typed: string[]) => t.keys(...Array(n).fill('down'), 'C-u', ...typed);
  const msgIds = (t: ReturnType<typeof setup>) => {
    const out: string[] = [];
    for (let r = 8; r < 20 && t.line(r); r++) out.push(t.line(r).slice(36, 43));
    return out;
  };

  it('opens with its search prompt from the main menu; Enter shows every message kept, removed and acknowledged ones too', () => {
    const t = logSetup();
    expect(t.nav.current.id).toBe('activity-log-search');
    expect(t.nav.render().toText()).toContain('Search Activity Log');
    t.keys('enter');
    expect(t.nav.current.id).toBe('activity-log');
    expect(t.line(0)).toContain('Activity Log');
    expect(t.line(23)).toBe(' 40 messages found.');
    expect(msgIds(t)).toContain('FTP0021');
    expect(msgIds(t)).toContain('FTP0024');
    // Only 5, 6 and 8: the log is not the console.
    expect(t.line(5)).toBe('   5=Details   6=Investigate   8=Attributes');
    t.keys('4', 'enter');
    expect(t.line(23)).toBe(' Option 4 not valid for this screen.');
    t.keys('5', 'enter');
    expect(t.nav.current.id).toBe('message-details');
    t.keys('f12', 'f12');
    expect(t.nav.current.id).toBe('main-menu');
  });

  it('search by user and message ID wildcard returns exactly those rows', () => {
    const t = logSetup();
    field(t, 3, ...'thomask');
    field(t, 2, ...'FTP002*');
    t.keys('enter');
    expect(msgIds(t)).toEqual(['FTP0022', 'FTP0023', 'FTP0021', 'FTP0020', 'FTP0024']);
    expect(t.line(3)).toContain('Search: User thomask   Msg ID FTP002*');
  });

  it('search by time range and by free text returns exactly those rows', () => {
    const t = logSetup();
    field(t, 0, ...'25/11/26 10:00:05');
    field(t, 1, ...'25/11/26 10:00:07');
    t.keys('enter');
    expect(t.line(23)).toBe(' 3 messages found.');
    expect([8, 9, 10].map((r) => t.line(r).slice(18, 26))).toEqual(['10:00:07', '10:00:06', '10:00:05']);
    t.keys('f21');
    expect(t.nav.current.id).toBe('activity-log-search');
    field(t, 0);
    field(t, 1);
    field(t, 6, ...'renamed'); // from To down to Text
    t.keys('enter');
    expect(t.nav.current.id).toBe('activity-log');
    expect(msgIds(t)).toEqual(['FTP0023']);
  });

  it('a From after To, or a bad time, names the field and searches nothing', () => {
    const t = logSetup();
    field(t, 0, ...'11:00');
    field(t, 1, ...'10:00');
    t.keys('enter');
    expect(t.line(23)).toBe(' From is after To.');
    field(t, 0, ...'yesterday');
    t.keys('enter');
    expect(t.line(23)).toMatch(/^ From yesterday not valid/);
    expect(t.nav.current.id).toBe('activity-log-search');
  });
});

describe('rule editor wording and position', () => {
  it('opens with the start of a long description shown, and a blank one is refused in plain words', () => {
    const { nav, keys, line } = setup();
    keys('down', 'down', 'down', 'down', 'down', '9', 'enter');
    expect(nav.current.id).toBe('rule-editor');
    expect(nav.render().toText()).toMatch(/Description +\. .* Messages like FTP0020/);
    keys('C-u', 'enter');
    expect(line(23)).not.toMatch(/Too small|expected string/);
    expect(line(23)).toMatch(/^ Description: /);
  });

  it('plainWords turns schema wording into an operator sentence', async () => {
    const { plainWords } = await import('../src/ui/screens/rule-editor.js');
    expect(plainWords('Too small: expected string to have >=1 characters')).toBe('must not be blank');
    expect(plainWords('Too big: expected number to be <=99')).toBe('must be 99 or less');
    expect(plainWords('anything else')).toBe('anything else');
  });
});
