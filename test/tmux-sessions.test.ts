// FTP Sessions in a real terminal: tmux runs `msgmon demo` (real vsftpd and sshd/internal-sftp logs replayed through
// the real pipeline); F15 opens FTP Sessions, 5 shows a session's messages in the order they happened, 5 there shows
// a message's details, F10 on the details goes back to its session.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { CLI, msgmon, tempHome } from './support/cli.js';

const session = `msgmon-sessions-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

async function waitScreen(pred: (s: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    /* already gone */
  }
});

/** Msg IDs of the list rows of a captured screen (rows 9 to 19 of Display Session Messages). */
const shownIds = (s: string) =>
  s
    .split('\n')
    .slice(9, 20)
    .map((l) => / (FTP\d{4}|MON\d{4}) /.exec(l)?.[1])
    .filter(Boolean);

describe('FTP Sessions in a real terminal (tmux)', () => {
  it("F15 → FTP Sessions; 5 → the session's messages in order; 5 → Message Details; F10 → its session", async () => {
    const home = `${tempHome()}/demo`;
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      'NCURSES_NO_UTF8_ACS=1',
      '-e',
      'TERM=xterm-256color',
      `${process.execPath} ${CLI} --home ${home} demo --speed 0; sleep 60`,
    );
    const cli = (...args: string[]) => {
      const r = msgmon(['--home', home, ...args, '--json']);
      if (r.code !== 0) throw new Error(`msgmon ${args.join(' ')}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    // The replay is stored when the console count equals the store's.
    await waitScreen(
      (s) => {
        const n = /Messages \. \. :\s+([\d,]+)/.exec(s)?.[1];
        return n !== undefined && Number(n.replace(/,/g, '')) > 100 && Number(n.replace(/,/g, '')) === cli('messages', '--limit', '10000').length;
      },
      'the demo on the console',
      60_000,
    );

    keys('S-F3'); // F15
    const list = await waitScreen((s) => s.includes('FTP Sessions') && s.includes('5=Display messages'), 'FTP Sessions');
    expect(list).toMatch(/ Opt System User +Client +Prot Start End +Ended +Cmds Up\/Dn Bytes/);
    // thomask's FTP session: the longest one of the demo, logged out. Screens are compared once painted whole
    // (their More.../Bottom and F-key legend shown): a busy machine paints in pieces.
    const sessions = cli('sessions', '--limit', '1000');
    const at = sessions.findIndex((s: any) => s.system === 'web1' && s.user === 'thomask' && s.endedBy === 'logout');
    const target = sessions[at];
    expect(target.commands).toBe(14);
    const page = 14;
    for (let i = 0; i < Math.floor(at / page); i++) keys('PageDown');
    for (let i = 0; i < at % page; i++) keys('Down');
    await new Promise((r) => setTimeout(r, 300));
    const row = screen().split('\n')[6 + (at % page)]!;
    expect(row).toMatch(/^ {2}_ +web1 +thomask +127\.0\.0\.1 +FTP +\d\d:\d\d \d\d:\d\d +logout +14 +1\/1 +/);

    keys('5', 'Enter');
    const first = await waitScreen((s) => s.includes('Display Session Messages') && /More\.\.\.|Bottom/.test(s), "the session's messages");
    expect(first).toContain(`Session . . : ${target.id}`);
    expect(first).toMatch(/User {2}\. \. \. : thomask +Client \. \. : 127\.0\.0\.1 +Prot \. \. : FTP/);
    const inOrder = cli('sessions', 'show', target.id).messages.map((m: any) => m.msgId);
    expect(inOrder).toHaveLength(17);
    expect(shownIds(first), first).toEqual(inOrder.slice(0, 11));
    keys('PageDown');
    const second = await waitScreen((s) => shownIds(s)[0] !== shownIds(first)[0] && s.includes('Bottom'), 'the second page');
    expect(shownIds(second)).toEqual(inOrder.slice(11));
    expect(second).toContain('Bottom');

    keys('PageUp');
    await waitScreen((s) => shownIds(s)[0] === inOrder[0], 'the first page again');
    keys('Down', 'Down', '5', 'Enter');
    const details = await waitScreen((s) => s.includes('Message Details') && s.includes('F10=Session'), 'Message Details');
    expect(details).toContain(`Message ID . . . :  ${inOrder[2]}`);
    expect(details).toContain('F10=Session');

    keys('F10');
    const again = await waitScreen((s) => s.includes('Display Session Messages'), 'the session from F10');
    expect(again).toContain(`Session . . : ${target.id}`);
    keys('F12');
    await waitScreen((s) => s.includes('Message Details'), 'back to the details');
    keys('F12');
    await waitScreen((s) => s.includes('Display Session Messages'), 'back to the session');
    keys('F12');
    await waitScreen((s) => s.includes('FTP Sessions'), 'back to FTP Sessions');
    keys('F12');
    await waitScreen((s) => s.includes('Work with Messages'), 'back to the console');
  }, 120_000);
});
