// Controller behaviour through the navigator: options, errors, navigation, read-only, paging, live refresh.
import { describe, expect, it } from 'vitest';
import { Navigator } from '../src/ui/navigator.js';
import { memoryServices } from './support/memory-services.js';

function setup(opts: { filler?: number; readOnly?: boolean } = {}) {
  const services = memoryServices(opts);
  const nav = Navigator.console(services, { cols: 80, rows: 24 });
  const keys = (...names: string[]) => names.forEach((k) => nav.key(k));
  const text = () => nav.render().toText();
  const line = (r: number) => nav.render().line(r);
  return { services, nav, keys, text, line };
}

// Newest first: row 0 is FTP0003 (id 10), row 1 the hostile MON0010 (id 9), row 2 FTP0022 (id 8) …
describe('Work with Messages', () => {
  it('removes every row with 4 typed, in one act call, top-down', () => {
    const { services, keys, line } = setup();
    keys('4', 'down', 'down', '4', 'enter');
    expect(services.messages.acts).toEqual([{ ids: [10, 8], action: 'remove' }]);
    expect(line(8)).toContain('MON0010');
    expect(line(23)).toContain('2 messages removed.');
  });

  it('acknowledges with 7 and keeps the Activity Log copy', () => {
    const { services, keys } = setup();
    keys('7', 'enter');
    expect(services.messages.acts).toEqual([{ ids: [10], action: 'ack' }]);
    expect(services.messages.get(10)!.ack).not.toBeNull();
  });

  it('refuses an invalid option with the cursor on its row and changes nothing', () => {
    const { services, nav, keys } = setup();
    keys('4', 'down', 'down', 'down', '2', 'up', 'up', 'up', 'enter');
    const grid = nav.render();
    expect(grid.line(23)).toBe(' Option 2 not valid for this screen.');
    expect(grid.at(23, 1).attr).toMatchObject({ fg: 'white', bg: 'red' });
    expect(grid.cursor).toEqual({ row: 11, col: 2 });
    expect(services.messages.acts).toEqual([]);
    expect(grid.line(8)).toMatch(/^ {2}4/); // typed options stay for the operator to correct
  });

  it('opens Details with 5 and returns with F12', () => {
    const { nav, keys, line } = setup();
    keys('5', 'enter');
    expect(nav.current.id).toBe('message-details');
    expect(line(2)).toContain('FTP0003');
    keys('f12');
    expect(nav.current.id).toBe('work-with-messages');
    expect(line(8)).toMatch(/^ {2}_ +40/);
  });

  it('opens several 5/8 one after another; F12 and Enter go to the next', () => {
    const { nav, keys, line } = setup();
    keys('5', 'down', 'down', '8', 'down', '5', 'enter');
    expect([nav.current.id, line(2)]).toEqual(['message-details', expect.stringContaining('FTP0003')]);
    keys('f12');
    expect([nav.current.id, line(2)]).toEqual(['message-attributes', expect.stringContaining('FTP0022')]);
    keys('enter');
    expect([nav.current.id, line(2)]).toEqual(['message-details', expect.stringContaining('FTP0023')]);
    keys('enter');
    expect(nav.current.id).toBe('work-with-messages');
  });

  it('goes from Details to Attributes with F8 (or a) and back to Details', () => {
    const { nav, keys, text } = setup();
    keys('down', 'down', 'down', 'down', 'down', '5', 'enter', 'f8');
    expect(nav.current.id).toBe('message-attributes');
    expect(text()).toContain('  _  rate         6621.31Kbyte/sec');
    keys('f12', 'a');
    expect(nav.current.id).toBe('message-attributes');
    keys('escape', 'escape');
    expect(nav.current.id).toBe('work-with-messages');
  });

  it('refuses dangerous options in read-only mode', () => {
    const { services, nav, keys, line } = setup({ readOnly: true });
    keys('5', 'down', '4', 'enter');
    expect(line(23)).toBe(' Option 4 not allowed: msgmon runs read-only');
    expect(nav.current.id).toBe('work-with-messages');
    expect(services.messages.acts).toEqual([]);
  });

  it('shows hostile text as visible caret notation, never as an escape', () => {
    const { nav, keys, text } = setup();
    expect(nav.render().line(9)).toContain('^[]0;pwned^G');
    const cells = nav
      .render()
      .cells.flat()
      .map((c) => c.ch)
      .join('');
    expect(cells).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    keys('down', '8', 'enter');
    expect(text()).toContain('reason       ^[]0;pwned^G evil ^[[2J');
    expect(text()).toContain('raw          junk ^[]0;pwned^G evil ^[[2J');
  });

  it('pages by keyset: Page Down, Page Up, F18 bottom, F17 top, More.../Bottom', () => {
    const { keys, line } = setup({ filler: 40 });
    // Filler message i happened at 10:00:i (its text, /data/i, is cut at 80 columns).
    expect(line(20)).toContain('More...');
    keys('pagedown');
    expect(line(8)).toContain('10:00:37 web1');
    keys('f18');
    expect(line(8)).toContain('10:00:11 web1');
    expect(line(19)).toContain('10:00:00 web1');
    expect(line(20)).toContain('Bottom');
    keys('pagedown');
    expect(line(23)).toContain('Already at the bottom of the list.');
    keys('pageup');
    expect(line(8)).toContain('10:00:23 web1');
    keys('f17');
    expect(line(8)).toContain('FTP0003');
    keys('pageup');
    expect(line(23)).toContain('Already at the top of the list.');
  });

  it('shows new messages at the top on tick, the cursor following its message; not when paged down', () => {
    const { services, nav, keys, line } = setup({ filler: 40 });
    keys('down');
    services.messages.add({ ...services.messages.get(50)!, text: 'FTP: Logon failed for user root' });
    expect(nav.tick()).toBe(true);
    expect(line(8)).toContain('user root');
    expect(line(10)).toMatch(/^ {2}_ .*MON0010/);
    expect(nav.render().cursor).toEqual({ row: 10, col: 2 }); // the cursor follows its message
    expect(line(2)).toContain('51');
    keys('pagedown');
    const before = line(8);
    services.messages.add({ ...services.messages.get(50)!, text: 'another' });
    nav.tick();
    expect(line(8)).toBe(before);
    expect(line(2)).toContain('52');
    expect(nav.tick()).toBe(false);
  });

  it('switches to the alternative columns with F11', () => {
    const { keys, line } = setup();
    keys('f11');
    expect(line(7)).toBe(' Opt Sev Type Date     Time     System   Msg ID   Source   User       Text');
    expect(line(8)).toContain('FTP0003  vsftpd   nosuchuser FTP: Logon');
    keys('v');
    expect(line(7)).toContain('Msg ID   Text');
  });

  it('refuses unbound F-keys and exits with F3', () => {
    const { nav, keys, line } = setup();
    keys('f6');
    expect(line(23)).toBe(' F6 not allowed on this screen.');
    keys('x');
    expect(line(23)).toBe(' Option x not valid: type an option number from the list above.');
    keys('f3');
    expect(nav.done).toBe(true);
  });
});

describe('Message Details', () => {
  it('scrolls a text longer than the screen with Page Down and Page Up', () => {
    const services = memoryServices();
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    services.messages.add({ ...services.messages.get(10)!, text: long });
    const nav = Navigator.console(services, { cols: 80, rows: 24 });
    ['5', 'enter'].forEach((k) => nav.key(k));
    expect(nav.render().line(20)).toContain('More...');
    expect(nav.render().toText()).not.toContain('Rules applied');
    nav.key('pagedown');
    expect(nav.render().toText()).toContain('Rules applied . :  None');
    expect(nav.render().line(20)).toContain('Bottom');
    nav.key('pageup');
    expect(nav.render().line(2)).toContain('Message ID . . . :  FTP0003');
  });

  it('says so when the catalog has no help for the message', () => {
    const { keys, text } = setup();
    keys('down', '5', 'enter');
    expect(text()).toContain('Cause . . . . . :  No second-level text: MON0010 is not in the message');
  });
});

describe('help and legend', () => {
  it('F1 lists the bindings of the screen with their plain-key alternatives; F12 returns', () => {
    const { nav, keys, text } = setup({ readOnly: true });
    keys('f1');
    expect(nav.current.id).toBe('help');
    const t = text();
    expect(t).toContain('Work with Messages - Help');
    expect(t).toMatch(/ F3 +q, Ctrl\+C +Exit: /);
    let all = text();
    for (let page = 0; page < 9 && !nav.render().line(20).includes('Bottom'); page++) keys('pagedown'), (all += text());
    expect(all).toMatch(/ F17 +Shift\+F5, Home, t +Top: /);
    expect(all).toMatch(/ 4 +Remove: .*Not allowed/s);
    expect(all).toMatch(/ 9 +Create rule: .*Not allowed: msgmon\s+runs\s+read-only/s);
    keys('f12');
    expect(nav.current.id).toBe('work-with-messages');
  });

  it('F24 cycles the legend to the plain keys and back', () => {
    const { keys, line } = setup();
    expect(line(21)).toBe(' F1=Help   F3=Exit   F5=Refresh   F11=Alt view   F12=Cancel   F14=Systems');
    keys('f24');
    expect(line(21)).toBe(' ?=Help   q=Exit   r=Refresh   v=Alt view   Esc=Cancel   s=Systems   e=Sessions');
    expect(line(22)).toBe(' w=Rules   t=Top   b=Bottom   f=Subset   m=More keys');
    keys('m');
    expect(line(21)).toContain('F1=Help');
  });

  it('generates the option legend from the key map, 9=Create rule included', () => {
    const { line } = setup();
    expect(line(5)).toBe('   3=Defer   4=Remove   5=Details   6=Reply   7=Acknowledge   8=Attributes');
    expect(line(6)).toBe('   9=Create rule');
  });
});
