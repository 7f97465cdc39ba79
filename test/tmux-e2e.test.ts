// The console in a real terminal: tmux runs `msgmon demo`, keys are typed with send-keys, the screen read with capture-pane.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, msgmon, tempHome } from './support/cli.js';

const session = `msgmon-e2e-${process.pid}`;
const rulesSession = `msgmon-e2e-rules-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (s = session) => tmux('capture-pane', '-p', '-t', s);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

async function waitScreen(pred: (s: string) => boolean, what: string, ms = 20_000, name = session): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen(name);
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  for (const name of [session, rulesSession]) {
    try {
      tmux('kill-session', '-t', name);
    } catch {
      /* already gone */
    }
  }
});

describe('console in a real terminal (tmux)', () => {
  it('demo fills live; 5 → details, F8 → attributes, F12 back, 4 removes a row, F3 exits cleanly', async () => {
    // The same replay, headless, tells how many messages the demo stores.
    const expected = JSON.parse(msgmon(['--home', tempHome(), 'demo', '--no-tui', '--speed', '0', '--json']).stdout).messages as number;
    expect(expected).toBeGreaterThan(10);
    const home = tempHome();
    const exitFile = path.join(home, 'exit-code');
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
      `${process.execPath} ${CLI} --home ${home}/demo demo --speed 50; echo $? > ${exitFile}; sleep 60`,
    );

    let full = await waitScreen((s) => new RegExp(`Messages \\. \\. :\\s+${expected.toLocaleString('en-US')}\\b`).test(s), `${expected} messages`, 60_000);
    expect(full).toContain('Work with Messages');
    // The cursor follows its message while new ones arrive above it: Home puts it on the newest row.
    keys('Home');
    await new Promise((r) => setTimeout(r, 300));
    full = screen();
    const firstRow = full.split('\n')[8]!;
    const msgId = /^ {2}_ +\d+ +(?:INQ +)?\d\d:\d\d:\d\d \S+ +([A-Z]{3}\d{4}) /.exec(firstRow)?.[1];
    expect(msgId, firstRow).toBeDefined();

    keys('5', 'Enter');
    const details = await waitScreen((s) => s.includes('Message Details'), 'Message Details');
    expect(details).toContain(`Message ID . . . :  ${msgId}`);
    expect(details).toMatch(/Cause \. \. \. \. \. :/);

    keys('F8');
    const attrs = await waitScreen((s) => s.includes('Message Attributes'), 'Message Attributes');
    expect(attrs).toMatch(/raw +\S/);

    keys('F12');
    await waitScreen((s) => s.includes('Message Details'), 'back to Message Details');
    keys('F12');
    await waitScreen((s) => s.includes('Work with Messages'), 'back to the console');

    const before = JSON.parse(msgmon(['--home', `${home}/demo`, 'messages', '--limit', '1', '--json']).stdout)[0];
    expect(before.msgId).toBe(msgId);
    keys('4', 'Enter');
    await waitScreen((s) => new RegExp(`Messages \\. \\. :\\s+${(expected - 1).toLocaleString('en-US')}\\b`).test(s), 'one message fewer');
    const after = JSON.parse(msgmon(['--home', `${home}/demo`, 'messages', '--limit', '1000', '--json']).stdout);
    expect(after.map((m: { id: number }) => m.id)).not.toContain(before.id);
    const inLog = JSON.parse(msgmon(['--home', `${home}/demo`, 'log', '--limit', '1000', '--json']).stdout);
    expect(inLog.find((m: { id: number }) => m.id === before.id)).toMatchObject({ console: 'removed', msgId });

    keys('F3');
    const end = Date.now() + 10_000;
    while (!fs.existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(fs.readFileSync(exitFile, 'utf8').trim()).toBe('0');
    // The terminal is restored: alternate screen left, cursor visible.
    expect(tmux('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
  });

  it('9 on a console row creates a log-only rule: its messages leave the console, the running follower applies it to the next', async () => {
    const home = tempHome();
    const demo = `${home}/demo`;
    const exitFile = path.join(home, 'exit-code');
    tmux(
      'new-session',
      '-d',
      '-s',
      rulesSession,
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      'NCURSES_NO_UTF8_ACS=1',
      '-e',
      'TERM=xterm-256color',
      `${process.execPath} ${CLI} --home ${demo} demo --speed 0; echo $? > ${exitFile}; sleep 60`,
    );
    const send = (...k: string[]) => tmux('send-keys', '-t', rulesSession, ...k);
    const wait = (pred: (s: string) => boolean, what: string, ms?: number) => waitScreen(pred, what, ms, rulesSession);
    const count = (s: string) => Number(/Messages \. \. :\s+([\d,]+)/.exec(s)?.[1]?.replace(/,/g, '') ?? NaN);
    type Msg = { id: number; msgId: string; system: string; source: string; console: string; fields: Record<string, string>; raw: string };
    const cli = (...args: string[]) => {
      const r = msgmon(['--home', demo, ...args, '--json']);
      if (r.code !== 0) throw new Error(`msgmon ${args.join(' ')}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };

    // Wait until the replay is stored and the console shows all of it (the count stops moving).
    let shown: Msg[] = [];
    await wait(
      (s) => {
        if (!s.includes('Work with Messages')) return false; // the store exists once the console shows
        shown = cli('messages', '--limit', '10000');
        return shown.length > 50 && count(s) === shown.length;
      },
      'the demo on the console',
      60_000,
    );
    send('Home');
    // Console rows are newest first; pick the first FTP0002 (a logon) of a user with several on the console.
    const rows = [...shown].reverse();
    const same = (a: Msg, b: Msg) =>
      a.msgId === b.msgId &&
      a.system === b.system &&
      a.fields.user === b.fields.user &&
      a.fields.client === b.fields.client &&
      a.fields.protocol === b.fields.protocol;
    const row = rows.slice(0, 12).findIndex((m) => m.msgId === 'FTP0002' && rows.filter((x) => same(x, m)).length > 1);
    expect(row, 'an FTP0002 row on the first page').toBeGreaterThanOrEqual(0);
    const picked = rows[row]!;
    const silenced = rows.filter((x) => same(x, picked));
    await wait((s) => s.split('\n')[8 + row]!.includes('FTP0002'), 'the logon row');

    for (let i = 0; i < row; i++) send('Down');
    send('9', 'Enter');
    const editor = await wait((s) => s.includes('Create Automated Response'), 'the rule editor');
    expect(editor).toContain(`Messages like FTP0002 from ${picked.fields.user}`);
    send('F8', 'F8', 'F8');
    await wait((s) => /Log option \. .* L {2}Y=Console/.test(s), 'the Actions tab with log option L');
    send('L', 'Enter'); // set log option L (again) and save
    const after = await wait((s) => s.includes('Work with Messages') && s.includes('Rule #1 added.'), 'back on the console');
    expect(after).toContain(`Rule #1 added. ${silenced.length} messages taken off the console.`);
    expect(count(after)).toBe(shown.length - silenced.length);

    const left = cli('messages', '--limit', '10000') as Msg[];
    expect(left.filter((m) => same(m, picked))).toEqual([]);
    const logged = cli('log', '--msgid', 'FTP0002', '--limit', '10000') as Msg[];
    expect(logged.filter((m) => same(m, picked)).map((m) => m.console)).toEqual(silenced.map(() => 'removed'));
    expect(cli('rules', 'list')).toMatchObject([{ id: 1, description: `Messages like FTP0002 from ${picked.fields.user}`, actions: { log: 'L' } }]);

    // The follower (still running) reloads the rules: the same logon again goes to the Activity Log only,
    // another user's logon still reaches the console.
    const spool = path.join(demo, 'spool', picked.source === 'vsftpd' ? 'vsftpd.log' : 'auth.log');
    const other = rows.find((m) => m.msgId === 'FTP0002' && m.system === picked.system && m.fields.user !== picked.fields.user);
    fs.appendFileSync(spool, `${picked.raw}\n${other ? `${other.raw}\n` : ''}`);
    await wait(
      (s) =>
        count(s) === shown.length - silenced.length + (other ? 1 : 0) &&
        (cli('log', '--msgid', 'FTP0002', '--limit', '10000') as Msg[]).filter((m) => same(m, picked)).length === silenced.length + 1,
      'the new messages stored',
    );
    const again = (cli('log', '--msgid', 'FTP0002', '--limit', '10000') as Msg[]).filter((m) => same(m, picked));
    expect(again.at(-1)!.console).toBe('logonly');

    // Work with Rules (w) lists the rule with its hit.
    send('w');
    const list = await wait((s) => s.includes('Work with Automated Responses'), 'Work with Rules');
    expect(list).toMatch(/ {2}_ +10 Messages like FTP0002 from .* FTP0002 +L +remove +1 Enabled/);
    send('F3');
    const end = Date.now() + 10_000;
    while (!fs.existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(fs.readFileSync(exitFile, 'utf8').trim()).toBe('0');
  });
});
