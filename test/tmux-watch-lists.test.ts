// Work with Watch Lists in a real terminal (tmux) over a real home: F6 adds a trusted network (a bad one is refused
// with the CLI's reason and nothing saved), 4 removes one, and `msgmon watch list` sees exactly what the screen did.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { CLI, msgmon, tempHome } from './support/cli.js';

const session = `msgmon-watch-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
let dir = '';

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
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Work with Watch Lists in a real terminal (tmux)', () => {
  it('F6 adds a network (a bad one is refused), 4 removes one; the configuration holds what the screen did', async () => {
    dir = tempHome();
    const home = `${dir}/h`;
    const lists = () => {
      const r = msgmon(['--home', home, 'watch', 'list', '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    expect(msgmon(['--home', home, 'watch', 'add', 'trustedNetworks', '10.0.0.0/8']).code).toBe(0);
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-e', 'TERM=xterm-256color', `${process.execPath} ${CLI} --home ${home}; sleep 60`);
    await waitScreen((s) => s.includes('Work with Messages'), 'the console');
    keys('F12');
    await waitScreen((s) => s.includes('msgmon Main Menu'), 'the main menu');
    keys('8', 'Enter');
    await waitScreen((s) => s.includes('Work with Watch Lists') && s.includes('10.0.0.0/8'), 'the watch lists');

    keys('F6');
    await waitScreen((s) => s.includes('Add Watch List Entry'), 'the add prompt');
    // The list is prefilled from the row under the cursor (trustedNetworks); the entry is a bad network first.
    keys('Down', '192.168.0.0/33', 'Enter');
    await waitScreen((s) => s.includes("trustedNetworks: '192.168.0.0/33': the prefix length must be 0 to 32."), 'the refusal');
    expect(lists().trustedNetworks).toEqual(['10.0.0.0/8']);
    keys('C-u', '192.168.0.0/16', 'Enter');
    await waitScreen((s) => s.includes('192.168.0.0/16 added to trustedNetworks.'), 'the entry added');
    expect(lists().trustedNetworks).toEqual(['10.0.0.0/8', '192.168.0.0/16']);

    // The cursor is on the new entry; Up to 10.0.0.0/8, 4, Enter.
    keys('Up', '4', 'Enter');
    const s = await waitScreen((x) => x.includes('1 entry removed.'), 'the entry removed');
    expect(s).not.toContain('10.0.0.0/8');
    expect(lists()).toEqual({ sensitivePaths: [], sensitiveCommands: [], sensitiveUsers: [], trustedNetworks: ['192.168.0.0/16'] });
    keys('F3');
  });
});
