// The console in a real terminal: tmux runs `msgmon demo`, keys are typed with send-keys, the screen read with capture-pane.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, msgmon, tempHome } from './support/cli.js';

const session = `msgmon-e2e-${process.pid}`;
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

describe('console in a real terminal (tmux)', () => {
  it('demo fills live; 5 → details, F8 → attributes, F12 back, 4 removes a row, F3 exits cleanly', async () => {
    // The same replay, headless, tells how many messages the demo stores.
    const expected = JSON.parse(msgmon(['--home', tempHome(), 'demo', '--no-tui', '--speed', '0', '--json']).stdout).messages as number;
    expect(expected).toBeGreaterThan(10);
    const home = tempHome();
    const exitFile = path.join(home, 'exit-code');
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-e', 'NCURSES_NO_UTF8_ACS=1', '-e', 'TERM=xterm-256color',
      `${process.execPath} ${CLI} --home ${home}/demo demo --speed 50; echo $? > ${exitFile}; sleep 60`);

    let full = await waitScreen((s) => new RegExp(`Messages \\. \\. :\\s+${expected.toLocaleString('en-US')}\\b`).test(s), `${expected} messages`, 60_000);
    expect(full).toContain('Work with Messages');
    // The cursor follows its message while new ones arrive above it: Home puts it on the newest row.
    keys('Home');
    await new Promise((r) => setTimeout(r, 300));
    full = screen();
    const firstRow = full.split('\n')[8]!;
    const msgId = /^ {2}_ +\d+ \d\d:\d\d:\d\d \S+ +([A-Z]{3}\d{4}) /.exec(firstRow)?.[1];
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
});
