// The Activity Log screen on a real store: the demo's vsftpd log ingested, searched on the screen as an auditor
// would, each search's rows the same as msgmon log gives for the same question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliContext, loadContextModules } from '../src/cli/context.js';
import { servicesOf } from '../src/cli/services-of.js';
import { Navigator } from '../src/ui/navigator.js';
import { msgmon, tempHome } from './support/cli.js';

// The configuration and catalog modules load before a command's action (cli.ts); a context made by hand loads them here.
beforeAll(loadContextModules);

const DEMO_LOG = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'demo', 'vsftpd.log');
let home: string;
let ctx: CliContext;

beforeAll(() => {
  home = tempHome();
  const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', DEMO_LOG]);
  expect(r.code, r.stderr).toBe(0);
  ctx = new CliContext({ home });
});

afterAll(() => ctx?.close());

type Row = { msgId: string; time: string; text: string };

/** The rows of the list shown (all pages), as msgId, time and the start of the text. */
function shownRows(nav: Navigator): Row[] {
  const rows: Row[] = [];
  for (let page = 0; page < 50; page++) {
    const g = nav.render();
    for (let r = 8; r <= 19; r++) {
      const m = /^ {2}_ +\d+ (\d\d\/\d\d\/\d\d) (\d\d:\d\d:\d\d) \S+ +([A-Z]{3}\d{4}) +(.*)$/.exec(g.line(r));
      if (m) rows.push({ msgId: m[3]!, time: `${m[1]} ${m[2]}`, text: m[4]! });
    }
    if (g.line(20).includes('Bottom')) return rows;
    nav.key('pagedown');
  }
  throw new Error('more than 50 pages');
}

/** What msgmon log says for the same filters, newest first as the screen lists. */
function logRows(...filters: string[]): Row[] {
  const r = msgmon(['--home', home, 'log', ...filters, '--limit', '100000', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { msgId: string; time: string; text: string }[]).reverse().map((m) => {
    const iso = m.time;
    return { msgId: m.msgId, time: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`, text: m.text };
  });
}

/** Opens the Activity Log from the main menu and types into the search fields (by their order). */
function search(values: Partial<Record<'from' | 'to' | 'system' | 'user' | 'client' | 'msgId' | 'session' | 'text', string>>): Navigator {
  const nav = Navigator.console(servicesOf(ctx), { cols: 80, rows: 24 });
  for (const k of ['f12', '2', 'enter']) nav.key(k);
  const order = ['from', 'to', 'system', 'user', 'client', 'msgId', 'session', 'text'] as const;
  for (const key of order) {
    const v = values[key];
    if (v !== undefined) {
      nav.key('C-u');
      for (const ch of v) nav.key(ch === ' ' ? 'space' : ch);
    }
    nav.key('down');
  }
  nav.key('enter');
  expect(nav.current.id).toBe('activity-log');
  return nav;
}

const same = (shown: Row[], expected: Row[]) => {
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.map((r) => [r.msgId, r.time])).toEqual(expected.map((r) => [r.msgId, r.time]));
  shown.forEach((r, i) => expect(expected[i]!.text.startsWith(r.text.trimEnd())).toBe(true));
};

describe('Activity Log screen on a real store', () => {
  it("search by user returns exactly that user's messages", () => {
    same(shownRows(search({ user: 'thomask' })), logRows('--user', 'thomask'));
  });

  it('search by message ID wildcard', () => {
    same(shownRows(search({ msgId: 'FTP002*' })), logRows('--msgid', 'FTP002*'));
  });

  it('search by time range', () => {
    same(
      shownRows(search({ from: '25/11/26 12:04:00', to: '25/11/26 12:05:00' })),
      logRows('--since', '2026-11-25T12:04:00Z', '--until', '2026-11-25T12:05:00Z'),
    );
  });

  it('search by free text (full-text index)', () => {
    same(shownRows(search({ text: 'uploaded' })), logRows('--text', 'uploaded'));
  });

  it('F6 exports the search to a file: the same rows and chain as msgmon log export gives', async () => {
    const nav = search({ user: 'thomask' });
    const file = path.join(home, 'thomask.jsonl');
    for (const k of ['f6', 'C-u', ...'xml', 'enter']) nav.key(k);
    expect(nav.render().line(23)).toBe(' Format xml not valid: type csv or jsonl.');
    for (const k of ['C-u', ...'jsonl', 'down', ...file, 'enter']) nav.key(k);
    expect(nav.current.id, nav.render().line(23)).toBe('activity-log');
    expect(nav.render().line(23)).toMatch(/^ Exporting \d+ messages to /);
    for (let i = 0; i < 100 && !nav.render().line(23).includes('Exported'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      nav.tick();
    }
    const count = logRows('--user', 'thomask').length;
    expect(nav.render().line(23)).toBe(` Exported ${count} messages to ${file} (jsonl).`.slice(0, 79));
    const cli = msgmon(['--home', home, 'log', 'export', '--format', 'jsonl', '--user', 'thomask']);
    expect(cli.code, cli.stderr).toBe(0);
    const mine = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const theirs = cli.stdout.trimEnd().split('\n');
    // Every row with its hash the same; the end record differs only in when it was made.
    expect(mine.slice(0, -1)).toEqual(theirs.slice(0, -1));
    const end = (l: string) => ({ ...JSON.parse(l), created: null });
    expect(end(mine.at(-1)!)).toEqual(end(theirs.at(-1)!));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('position to a time on the search: the list starts at the newest message at or before it', () => {
    const nav = Navigator.console(servicesOf(ctx), { cols: 80, rows: 24 });
    for (const k of ['f12', '2', 'enter', ...Array(8).fill('down'), ...'25/11/26 12:05:00', 'enter']) nav.key(k === ' ' ? 'space' : k);
    expect(nav.current.id).toBe('activity-log');
    const newestBefore = logRows('--until', '2026-11-25T12:05:00Z')[0]!;
    expect(shownRows(nav)[0]).toEqual({ ...newestBefore, text: expect.any(String) });
  });

  it('position to words of the text: the list starts at the newest message that has them', () => {
    const nav = Navigator.console(servicesOf(ctx), { cols: 80, rows: 24 });
    for (const k of ['f12', '2', 'enter', ...Array(8).fill('down'), ...'deleted', 'enter']) nav.key(k);
    expect(nav.current.id).toBe('activity-log');
    const newest = logRows('--text', 'deleted')[0]!;
    expect(shownRows(nav)[0]).toEqual({ ...newest, text: expect.any(String) });
    for (const k of ['f21', ...Array(8).fill('down'), 'C-u', ...'nosuchword', 'enter']) nav.key(k);
    expect(nav.render().line(23)).toBe(' No message of the list has the words nosuchword.');
  });
});
