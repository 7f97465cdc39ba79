// The blessed adapter end to end: real blessed, fake TTY streams, @xterm/headless showing what was drawn.
import { describe, expect, it } from 'vitest';
import { runConsole } from '../src/tui/run-console.js';
import { fakeTty } from './support/fake-tty.js';
import { memoryServices } from './support/memory-services.js';

const F3 = '\x1bOR';
const F8 = '\x1b[19~';
const F12 = '\x1b[24~';
const SHIFT_F1 = '\x1b[1;2P'; // F13=Repeat: blessed drops it; the adapter reads it from the raw input
const SHIFT_F6 = '\x1b[17;2~'; // F18 = Bottom
const SHIFT_F5 = '\x1b[15;2~'; // F17 = Top
const DOWN = '\x1b[B';

describe('runConsole (headless blessed)', () => {
  it('shows the console, opens details and attributes, goes back, exits 0 on F3', async () => {
    const tty = fakeTty(80, 24);
    let title = '';
    tty.term.onTitleChange((t) => (title = t));
    const services = memoryServices({ filler: 40 });
    const done = runConsole(services, { input: tty.input, output: tty.output, env: { TERM: 'xterm-256color' }, tickMs: 50 });
    await tty.settle(80);
    let screen = tty.text();
    expect(screen[0]).toContain('Work with Messages');
    expect(screen[0]!.trimEnd().endsWith('WEB1')).toBe(true);
    expect(screen[2]).toContain('Messages . . :      50');
    expect(screen[8]).toContain('FTP0003  FTP: Logon failed for user nosuchuser');
    // The hostile line is visible text; nothing retitled or cleared the terminal.
    expect(screen[9]).toContain('Unparsed line from vsftpd: ^[]0;pwned^G');
    expect(title).toBe('');
    expect(screen[20]).toContain('More...');
    expect(screen[21]).toContain('F3=Exit');
    // Colours as painted: title bright white bold, data green, legend blue, severity 90 red; cursor in Opt.
    const cell = (y: number, x: number) => tty.term.buffer.active.getLine(y)!.getCell(x)!;
    expect([cell(0, 26).getFgColor(), !!cell(0, 26).isBold()]).toEqual([15, true]);
    expect(cell(8, 9).getFgColor()).toBe(10);
    expect(cell(21, 1).getFgColor()).toBe(12);
    expect(cell(17, 6).getFgColor()).toBe(9);
    expect([tty.term.buffer.active.cursorY, tty.term.buffer.active.cursorX]).toEqual([8, 2]);

    for (let i = 0; i < 5; i++) await tty.send(DOWN);
    await tty.send('5');
    expect(tty.text()[13]).toMatch(/^ {2}5 +10 +11:18:18 web1 +FTP0020/);
    await tty.send('\r');
    screen = tty.text();
    expect(screen[0]).toContain('Message Details');
    expect(screen[2]).toContain('Message ID . . . :  FTP0020');
    expect(screen.join('\n')).toContain('Rules applied . :  #20 Highlight uploads');

    await tty.send(F8);
    screen = tty.text();
    expect(screen[0]).toContain('Message Attributes');
    expect(screen.join('\n')).toMatch(/_ {2}raw {10}Wed Nov 25 11:18:18 2026 \[pid 5176\]/);

    await tty.send(F12);
    expect(tty.text()[0]).toContain('Message Details');
    await tty.send(F12);
    screen = tty.text();
    expect(screen[0]).toContain('Work with Messages');
    expect(screen[13]).toMatch(/^ {2}_ +10 +11:18:18 web1 +FTP0020/);

    await tty.send(SHIFT_F1);
    expect(tty.text()[23]).toContain('Type an option on a row first; F13 copies it to the rows below.');
    await tty.send(SHIFT_F6);
    expect(tty.text()[20]).toContain('Bottom');
    expect(tty.text()[8]).toContain('10:00:11 web1');
    await tty.send(SHIFT_F5);
    expect(tty.text()[8]).toContain('FTP0003');

    // Live: a new message appears at the top without a key press.
    services.messages.add({ ...services.messages.get(services.messages.lastId())!, text: 'FTP: Logon failed for user root from 10.0.0.9' });
    await tty.settle(150);
    expect(tty.text()[8]).toContain('Logon failed for user root');
    expect(tty.text()[2]).toContain('Messages . . :      51');

    await tty.send(F3);
    await expect(done).resolves.toBe(0);
    expect(tty.term.buffer.active.type).toBe('normal');
    const out = tty.written();
    expect(out.lastIndexOf('\x1b[?25h')).toBeGreaterThan(out.lastIndexOf('\x1b[?25l'));
  });

  it('exits 0 with q; Esc (like F12) goes back to the main menu and does not exit there', async () => {
    const tty = fakeTty(132, 27);
    const done = runConsole(memoryServices(), { input: tty.input, output: tty.output, env: { NO_COLOR: '1' } });
    await tty.settle(80);
    expect(tty.text()[7]).toContain('Opt Sev Type Date     Time     System   Msg ID   Source   User       Text');
    // NO_COLOR: no colours at all, but the severity 90 row still stands out (bold + underline).
    const cell = (y: number, x: number) => tty.term.buffer.active.getLine(y)!.getCell(x)!;
    expect(tty.text()[17]).toContain('MON0003');
    expect([cell(17, 6).isFgDefault(), !!cell(17, 6).isBold(), !!cell(17, 6).isUnderline()]).toEqual([true, true, true]);
    expect([cell(8, 9).isFgDefault(), !!cell(8, 9).isUnderline()]).toEqual([true, false]);
    await tty.send('\x1b');
    expect(tty.text()[0]).toContain('msgmon Main Menu');
    await tty.send('\x1b');
    expect(tty.text()[26]).toContain('Press F3 or q to exit.');
    await tty.send('q');
    await expect(done).resolves.toBe(0);
  });

  it("types capitals, q and ? into the rule editor's fields (they are keys elsewhere); Shift+F4 opens Work with Rules", async () => {
    const tty = fakeTty(80, 24);
    const services = memoryServices();
    const done = runConsole(services, { input: tty.input, output: tty.output, env: { TERM: 'xterm-256color' } });
    await tty.settle(80);
    await tty.send('\x1b[1;2S'); // Shift+F4 = F16: blessed drops it, the adapter reads it raw
    expect(tty.text()[0]).toContain('Work with Automated Responses');
    await tty.send('\x1b[17~'); // F6 = Create
    expect(tty.text()[0]).toContain('Create Automated Response');
    for (const ch of 'Quiet ftp? q') await tty.send(ch);
    expect(tty.text()[6]).toContain('Description  . . . . . . . Quiet ftp? q');
    await tty.send('\x15'); // Ctrl+U erases the field
    expect(tty.text()[6]).toBe(' Description  . . . . . . .');
    await tty.send('\x1b'); // Esc: back, nothing saved
    expect(tty.text()[0]).toContain('Work with Automated Responses');
    expect(services.ruleConfig.writes).toEqual([]);
    await tty.send(F3);
    await expect(done).resolves.toBe(0);
  });

  it('restores the terminal and rejects when a service fails', async () => {
    const tty = fakeTty(80, 24);
    const services = memoryServices();
    // Handle the rejection from the start: it happens while the test is still waiting for the screen.
    const done = runConsole(services, { input: tty.input, output: tty.output, env: {} }).then(
      () => null,
      (e: Error) => e,
    );
    await tty.settle(80);
    services.messages.act = () => {
      throw new Error('database is locked');
    };
    await tty.send('4');
    await tty.send('\r');
    expect((await done)?.message).toBe('database is locked');
    await tty.settle();
    expect(tty.term.buffer.active.type).toBe('normal');
  });

  it('paints the first screen before afterFirstPaint is done, and handles the keys typed meanwhile in order', async () => {
    const tty = fakeTty(80, 24);
    let loaded!: () => void;
    const loading = new Promise<void>((r) => (loaded = r));
    const done = runConsole(memoryServices({ filler: 40 }), {
      input: tty.input,
      output: tty.output,
      env: { TERM: 'xterm-256color' },
      tickMs: 50,
      afterFirstPaint: () => loading,
    });
    await tty.settle(80);
    expect(tty.text()[0]).toContain('Work with Messages');
    // Typed while the rest loads: nothing happens yet, and nothing is lost.
    for (let i = 0; i < 5; i++) await tty.send(DOWN);
    await tty.send('5');
    await tty.send('\r');
    expect(tty.text()[0]).toContain('Work with Messages');
    expect(tty.text()[13]).toMatch(/^ {2}_ /);
    loaded();
    await tty.settle(80);
    const screen = tty.text();
    expect(screen[0]).toContain('Message Details');
    expect(screen[2]).toContain('Message ID . . . :  FTP0020');
    await tty.send(F3);
    await expect(done).resolves.toBe(0);
  });

  it('ends with the error of a failed afterFirstPaint, the terminal restored', async () => {
    const tty = fakeTty(80, 24);
    const done = runConsole(memoryServices({ filler: 5 }), {
      input: tty.input,
      output: tty.output,
      env: { TERM: 'xterm-256color' },
      tickMs: 50,
      afterFirstPaint: async () => {
        throw new Error('screens/help.json: invalid screen spec');
      },
    });
    await expect(done).rejects.toThrow('screens/help.json: invalid screen spec');
    expect(tty.term.buffer.active.type).toBe('normal');
  });
});
