// The Investigate and Watch Lists screens: golden screens at 80×24 and 132×27 (Investigate over the real demo store,
// whose sessions the pipeline made of real vsftpd and sshd logs), the prompt's checks, 5 on a session, 6 on the
// Activity Log, and watch-list edits checked as `msgmon watch add` checks them.
// UPDATE_GOLDEN=1 npx vitest run test/threat-screens.test.ts rewrites the files; review the diff before committing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Navigator } from '../src/ui/navigator.js';
import type { Services } from '../src/core/services.js';
import { demoServices } from './support/session-services.js';
import { memoryServices } from './support/memory-services.js';
import { MemoryWatchLists } from './support/memory-watch-lists.js';
import { golden } from './support/golden-file.js';

let demo: Awaited<ReturnType<typeof demoServices>>;
beforeAll(async () => {
  demo = await demoServices();
});
afterAll(() => demo?.close());

const keys = (nav: Navigator, ...names: string[]) => names.forEach((k) => nav.key(k));
const typed = (s: string) => [...s].map((c) => (c === ' ' ? 'space' : c));
const lists = () =>
  new MemoryWatchLists({ trustedNetworks: ['10.0.0.0/8', '::ffff:192.168.0.0/120'], sensitivePaths: ['/srv/finance/*'], sensitiveCommands: ['SITE*'] });
const withLists = (s: Services, readOnly = false): Services => ({ ...s, readOnly, watchLists: lists() });

/** From the console: F12 to the main menu, an option, Enter. */
const menu = (nav: Navigator, option: string) => keys(nav, 'f12', option, 'enter');

const SCREENS: Record<string, (nav: Navigator) => void> = {
  'investigate-prompt': (nav) => (menu(nav, '7'), keys(nav, ...typed('thomask'))),
  investigate: (nav) => (menu(nav, '7'), keys(nav, ...typed('thomask'), 'enter')),
  'investigate-timeline': (nav) => (menu(nav, '7'), keys(nav, ...typed('thomask'), 'enter', 'f11')),
  'watch-lists': (nav) => menu(nav, '8'),
  'add-watch-entry': (nav) => (menu(nav, '8'), keys(nav, 'down', 'down', 'down', 'f6')),
};

describe('golden screens of Investigate and Watch Lists', () => {
  for (const [cols, rows] of [
    [80, 24],
    [132, 27],
  ] as const) {
    for (const [name, go] of Object.entries(SCREENS)) {
      it(`${name} ${cols}x${rows}`, () => {
        const nav = Navigator.console(withLists(demo), { cols, rows });
        go(nav);
        expect(nav.current.id).toBe(name.replace('-timeline', ''));
        expect(nav.message).toBeNull();
        const grid = nav.render();
        golden(`${name}-${cols}x${rows}.txt`, grid.toText());
        golden(`${name}-${cols}x${rows}.attr.txt`, grid.toAttrText());
      });
    }
  }
});

describe('Investigate', () => {
  const prompt = () => {
    const nav = Navigator.console(demo, { cols: 80, rows: 24 });
    menu(nav, '7');
    expect(nav.current.id).toBe('investigate-prompt');
    return nav;
  };

  it('needs exactly one of user, client or path; a client is an address or network; times are checked', () => {
    const nav = prompt();
    keys(nav, 'enter');
    expect(nav.message?.text).toBe('Type a user, a client or a path.');
    keys(nav, ...typed('thomask'), 'down', ...typed('127.0.0.1'), 'enter');
    expect(nav.message?.text).toBe('Type only one of user, client: an investigation follows one subject.');
    keys(nav, 'up', 'C-u', 'down', 'C-u', ...typed('10.0.0.0/33'), 'enter');
    expect(nav.message).toEqual({ text: "Client '10.0.0.0/33': the prefix length must be 0 to 32.", error: true });
    keys(nav, 'C-u', ...typed('127.0.0.0/8'), 'down', 'down', ...typed('yesterday'), 'enter');
    expect(nav.message?.text).toBe('From yesterday not valid: type 24/11/26 18:00, 11:05 or 7d.');
    expect(nav.current.id).toBe('investigate-prompt');
  });

  it('answers as `msgmon investigate` does: the same sessions and events, for a network too', () => {
    const nav = prompt();
    keys(nav, 'down', ...typed('127.0.0.0/8'), 'enter');
    expect(nav.current.id).toBe('investigate');
    const screen = nav.current as unknown as { result: unknown };
    expect(screen.result).toEqual(demo.store.investigate({ client: '127.0.0.0/8' }));
    expect(nav.render().toText()).toContain('Subject . . : client 127.0.0.0/8');
  });

  it('a time range narrows the answer', () => {
    const nav = prompt();
    keys(nav, ...typed('thomask'), 'down', 'down', 'down', ...typed('25/11/26 12:05'), 'down', ...typed('25/11/26 12:06'), 'enter');
    const r = (nav.current as unknown as { result: { sessions: Array<{ start: number }> } }).result;
    const since = Date.parse('2026-11-25T12:05:00Z');
    const until = Date.parse('2026-11-25T12:06:00Z');
    expect(r).toEqual(demo.store.investigate({ user: 'thomask', since, until }));
    expect(nav.render().toText()).toContain('Period  . . : from 25/11/26 12:05 to 25/11/26 12:06');
  });

  it('5 on a session shows its messages; F12 goes back to the answer, then to the prompt with what was typed', () => {
    const nav = prompt();
    keys(nav, ...typed('thomask'), 'enter', '5', 'enter');
    expect(nav.current.id).toBe('session-messages');
    const first = demo.store.investigate({ user: 'thomask' }).sessions[0]!;
    expect((nav.current as unknown as { sessionId: string }).sessionId).toBe(first.id);
    keys(nav, 'f12');
    expect(nav.current.id).toBe('investigate');
    keys(nav, 'f11', 'down', '5', 'enter');
    expect(nav.current.id).toBe('session-messages');
    keys(nav, 'f12', 'f12');
    expect(nav.current.id).toBe('investigate-prompt');
    expect(nav.render().toText()).toContain('thomask');
  });

  it('6 on an Activity Log message opens the prompt with its user', () => {
    const nav = Navigator.console(demo, { cols: 80, rows: 24 });
    keys(nav, 'f12', '2', 'enter', 'down', 'down', 'down', ...typed('thomask'), 'enter');
    expect(nav.current.id).toBe('activity-log');
    expect(nav.render().toText()).toContain('6=Investigate');
    keys(nav, '6', 'enter');
    expect(nav.current.id).toBe('investigate-prompt');
    keys(nav, 'enter');
    expect(nav.current.id).toBe('investigate');
    expect(nav.render().toText()).toContain('Subject . . : user thomask');
  });
});

describe('Watch Lists', () => {
  const open = (readOnly = false) => {
    const services = withLists(memoryServices(), readOnly);
    const nav = Navigator.console(services, { cols: 80, rows: 24 });
    menu(nav, '8');
    expect(nav.current.id).toBe('watch-lists');
    return { nav, lists: services.watchLists as MemoryWatchLists };
  };

  it('F6 adds an entry; a network is checked as the CLI checks it and the prompt stays open on an error', () => {
    const { nav, lists: l } = open();
    keys(nav, 'f6', 'C-u', ...typed('trusted'), 'down', ...typed('10.0.0.0/40'), 'enter');
    expect(nav.current.id).toBe('add-watch-entry');
    expect(nav.message).toEqual({ text: "trustedNetworks: '10.0.0.0/40': the prefix length must be 0 to 32.", error: true });
    keys(nav, 'C-u', ...typed('203.0.113.0/24'), 'enter');
    expect(nav.current.id).toBe('watch-lists');
    expect(nav.message?.text).toBe('203.0.113.0/24 added to trustedNetworks.');
    expect(l.data.trustedNetworks).toEqual(['10.0.0.0/8', '::ffff:192.168.0.0/120', '203.0.113.0/24']);
    keys(nav, 'f6', 'C-u', ...typed('nosuch'), 'down', ...typed('x'), 'enter');
    expect(nav.message?.text).toBe('List nosuch not valid: type one of sensitivePaths, sensitiveCommands, sensitiveUsers, trustedNetworks.');
  });

  it('4 removes the entries typed', () => {
    const { nav, lists: l } = open();
    keys(nav, '4', 'down', 'down', '4', 'enter');
    expect(nav.message?.text).toBe('2 entries removed.');
    expect(l.lists()).toEqual({ sensitivePaths: [], sensitiveCommands: ['SITE*'], sensitiveUsers: [], trustedNetworks: ['::ffff:192.168.0.0/120'] });
  });

  it('read-only: F6 and 4 are refused, nothing changes', () => {
    const { nav, lists: l } = open(true);
    keys(nav, 'f6');
    expect(nav.current.id).toBe('watch-lists');
    expect(nav.message?.error).toBe(true);
    keys(nav, '4', 'enter');
    expect(nav.message?.error).toBe(true);
    expect(l.data.sensitivePaths).toEqual(['/srv/finance/*']);
  });
});
