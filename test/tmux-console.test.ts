// The console an operator trusts, in a real terminal (tmux): options typed while the live demo bursts act on the
// rows shown, F12 never leaves, a too-small window says so, a CJK file name keeps the columns aligned, TERM=dumb is
// refused with a clear message.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { consoleCount, startTerm, tmux } from './support/tmux-term.js';

/** Starts `msgmon ARGS` in a new tmux session of the given size; `home` is the directory holding the msgmon home `h`. */
const start = (name: string, cols: number, rows: number, args: string, env: Record<string, string> = {}, home = tempHome()) =>
  startTerm(`console-${name}`, cols, rows, args, env, path.join(home, 'h'));
const count = consoleCount;
type Msg = { id: number; msgId: string; text: string; console: string };

describe('the console in a real terminal (tmux)', () => {
  it('options typed while the live demo bursts act on the rows shown; the rows hold still until Enter', async () => {
    const t = start('burst', 80, 24, 'demo --speed 5');
    await t.wait((s) => s.includes('Work with Messages') && count(s) >= 5, 'the first messages', 60_000);
    // Type 4 on the third row and 5 on nothing else; remember what the row showed.
    t.keys('Down', 'Down', '4');
    const typed = await t.wait((s) => /^ {2}4 /.test(s.split('\n')[10]!), 'the 4 typed');
    const row = typed.split('\n')[10]!;
    const rows = typed.split('\n').slice(8, 20);
    const msgId = /([A-Z]{3}\d{4}) {2}/.exec(row)![1]!;
    const text = row.slice(row.indexOf(msgId) + 9).trimEnd();
    // More messages arrive: the rows do not move, the message line counts them.
    const held = await t.wait((s) => /\+[\d,]+ new/.test(s), 'the "+N new" indicator', 60_000);
    expect(held.split('\n').slice(8, 20)).toEqual(rows);
    t.keys('Enter');
    await t.wait((s) => s.includes('1 message removed.'), 'the removal');
    const log = JSON.parse(msgmon(['--home', t.home, 'log', '--limit', '100000', '--json']).stdout) as Msg[];
    const removed = log.filter((m) => m.console === 'removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]!.msgId).toBe(msgId);
    expect(removed[0]!.text.startsWith(text)).toBe(true);
    t.keys('F3');
    expect(await t.exited()).toBe('0');
  });

  it('F12 on the console goes to the main menu and does not exit; 60x18 shows the too-small screen; F3 exits', async () => {
    const t = start('f12', 80, 24, 'demo --speed 0');
    await t.wait((s) => s.includes('Work with Messages') && count(s) > 0, 'the console');
    t.keys('F12');
    const menu = await t.wait((s) => s.includes('msgmon Main Menu'), 'the main menu');
    expect(menu).toMatch(/ 1\. Work with messages/);
    t.keys('F12');
    await t.wait((s) => s.includes('Press F3 or q to exit.'), 'the exit hint');
    expect(fs.existsSync(t.exitFile)).toBe(false);
    t.keys('1', 'Enter');
    await t.wait((s) => s.includes('Work with Messages'), 'back on the console');
    tmux('resize-window', '-t', t.session, '-x', '60', '-y', '18');
    const small = await t.wait((s) => s.includes('Terminal too small'), 'the too-small screen');
    expect(small).toContain('need 80x24, have 60x18');
    t.keys('4', 'Enter', 'F12');
    tmux('resize-window', '-t', t.session, '-x', '80', '-y', '24');
    await t.wait((s) => s.includes('Work with Messages') && s.includes('F3=Exit'), 'the console redrawn');
    tmux('resize-window', '-t', t.session, '-x', '60', '-y', '18');
    await t.wait((s) => s.includes('Terminal too small'), 'the too-small screen again');
    t.keys('F3');
    expect(await t.exited()).toBe('0');
    const removed = (JSON.parse(msgmon(['--home', t.home, 'log', '--limit', '100000', '--json']).stdout) as Msg[]).filter((m) => m.console !== 'shown');
    expect(removed).toEqual([]);
  });

  it('a CJK file name appears intact and the columns after it stay aligned', async () => {
    const home = tempHome();
    const log = path.join(home, 'vsftpd.log');
    fs.writeFileSync(
      log,
      [
        'Wed Nov 25 11:18:17 2026 [pid 5176] [yamada] OK LOGIN: Client "10.0.0.5"',
        'Wed Nov 25 11:18:18 2026 [pid 5176] [yamada] OK UPLOAD: Client "10.0.0.5", "/home/yamada/報告書_２０２６.csv", 1234 bytes, 10.00Kbyte/sec',
        'Wed Nov 25 11:18:19 2026 [pid 5176] [yamada] OK UPLOAD: Client "10.0.0.5", "/home/yamada/plain.csv", 99 bytes, 10.00Kbyte/sec',
        '',
      ].join('\n'),
    );
    const r = msgmon(['--home', `${home}/h`, 'ingest', '--system', 'web1', '--format', 'vsftpd', log]);
    expect(r.code, r.stderr).toBe(0);
    const t = start('cjk', 132, 27, '', {}, home);
    const s = await t.wait((x) => x.includes('報告書_２０２６'), 'the CJK file name', 30_000);
    const lines = s.split('\n');
    const cjk = lines.find((l) => l.includes('報告書'))!;
    const plain = lines.find((l) => l.includes('plain.csv'))!;
    // Same columns before the text; tmux shows each wide character once (it takes two cells).
    expect(cjk.indexOf('FTP0020')).toBe(plain.indexOf('FTP0020'));
    expect(cjk).toContain('/home/yamada/報告書_２０２６');
    expect(cjk).not.toContain('?');
    t.keys('F3');
    expect(await t.exited()).toBe('0');
  });

  it('TERM=dumb is refused with a clear message, exit 1, no alternate screen', async () => {
    const d = start('dumb2', 80, 24, '', { TERM: 'dumb' });
    const out = await d.wait((s) => s.includes('msgmon:'), 'the refusal');
    expect(out).toContain('TERM=dumb');
    expect(await d.exited()).toBe('1');
    expect(out).not.toContain('Work with Messages');
  });
});
