// Work with Watch Lists in a real terminal (tmux) over a real home: F6 adds a trusted network (a bad one is refused
// with the CLI's reason and nothing saved), 4 removes one, and `msgmon watch list` sees exactly what the screen did.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { msgmon, tempHome } from './support/cli.js';
import { startTerm } from './support/tmux-term.js';

let dir = '';

afterAll(() => {
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
    const term = startTerm('watch', 80, 24, '', {}, home);
    const keys = term.keys;
    const waitScreen = (pred: (s: string) => boolean, what: string) => term.wait(pred, what, 20_000);
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
