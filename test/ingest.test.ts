// `msgmon ingest` end to end through the CLI: counts, resume, rotation, bad input kept as MON0010.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');

function logJson(home: string, ...args: string[]): any[] {
  const r = msgmon(['--home', home, 'log', '--limit', '10000', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('ingest', () => {
  it('turns a real vsftpd log into messages and reports counts', () => {
    const home = tempHome();
    const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const counts = JSON.parse(r.stdout);
    expect(counts.lines).toBe(fs.readFileSync(FIXTURE, 'utf8').trimEnd().split('\n').length);
    expect(counts.unparsed).toBe(0);
    // Messages are made from lines, except the ends of sessions that the log leaves open (FTP0041 idle).
    expect(counts.messages - counts.ended + counts.ignored).toBe(counts.lines);
    const msgs = logJson(home);
    expect(msgs).toHaveLength(counts.messages);
    expect(msgs.map((m) => m.msgId).slice(0, 4)).toEqual(['FTP0001', 'FTP0002', 'FTP0011', 'FTP0024']);
    // A whole session, pre-login, parent and post-login processes, shares one session id.
    const first = msgs.slice(0, 16);
    expect(new Set(first.map((m) => m.session)).size).toBe(1);
    expect(first.at(-1).msgId).toBe('FTP0040');
  });

  it('resumes from its cursor: a second run adds only appended lines, --rescan is explicit', () => {
    const home = tempHome();
    const file = path.join(home, 'v.log');
    const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n');
    fs.writeFileSync(file, lines.slice(0, 40).join('\n') + '\n');
    const a = JSON.parse(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json']).stdout);
    const again = JSON.parse(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json']).stdout);
    expect(again.lines).toBe(0);
    fs.appendFileSync(file, lines.slice(40).join('\n'));
    const b = JSON.parse(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json']).stdout);
    expect(a.lines + b.lines).toBe(lines.filter(Boolean).length);
    expect(logJson(home)).toHaveLength(a.messages + b.messages);
  });

  it('notices a truncated file and reads it from the start, saying so', () => {
    const home = tempHome();
    const file = path.join(home, 'v.log');
    fs.copyFileSync(FIXTURE, file);
    msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file]);
    fs.writeFileSync(file, fs.readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    const r = JSON.parse(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json']).stdout);
    expect(r.lines).toBe(3);
    expect(r.notes.join()).toMatch(/truncated/);
  });

  it('keeps binary garbage and over-long lines as MON0010 with the raw line, and does not crash', () => {
    const home = tempHome();
    const file = path.join(home, 'bad.log');
    const good = fs.readFileSync(FIXTURE, 'utf8').split('\n')[0]!;
    const long = 'x'.repeat(200_000);
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(good + '\n'),
        Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x1b, 0x0a]),
        Buffer.from(long + '\n'),
        Buffer.from('complete nonsense\n'),
        Buffer.from(good + '\n'),
      ]),
    );
    const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ lines: 5, messages: 6, ended: 1, unparsed: 3 });
    const bad = logJson(home, '--msgid', 'MON0010');
    expect(bad.map((m) => m.fields.reason)).toEqual([
      'binary data, not text',
      'line of 200000 bytes is too long (first 65536 kept)',
      'line matches no format of the source',
    ]);
    expect(bad[0].raw).toBe('\\xff\\xfe\\x00A\\x1b');
    expect(bad[1].raw).toHaveLength(65536);
    expect(bad[2].raw).toBe('complete nonsense');
  });

  it('reads standard input with -', () => {
    const home = tempHome();
    const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', '-', '--json'], { input: fs.readFileSync(FIXTURE) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).unparsed).toBe(0);
  });

  it('a missing file is exit 1 with a one-line error; an unknown format is exit 2 listing the formats', () => {
    const home = tempHome();
    const missing = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', '/nonexistent/x.log']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('msgmon: cannot read /nonexistent/x.log: no such file\n');
    const unknown = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'nosuch', FIXTURE]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^msgmon: unknown format 'nosuch'. Known formats: .*vsftpd.*\n$/);
    expect(msgmon(['--home', home, 'ingest', FIXTURE]).code).toBe(2);
  });
});

describe('console count', () => {
  it('stays exact through ingest, remove and ack (it is kept, not counted)', () => {
    const home = tempHome();
    msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE]);
    const all = logJson(home);
    const ids = all.slice(0, 3).map((m) => String(m.id));
    expect(msgmon(['--home', home, 'remove', ids[0]!, ids[1]!]).code).toBe(0);
    expect(msgmon(['--home', home, 'ack', ids[1]!, ids[2]!]).code).toBe(0);
    const again = msgmon(['--home', home, 'remove', ids[0]!]);
    expect(again.stdout).toContain('Already off the console: ' + ids[0]);
    const shown = JSON.parse(msgmon(['--home', home, 'messages', '--limit', '10000', '--json']).stdout);
    expect(shown).toHaveLength(all.length - 3);
    const Database = require('better-sqlite3');
    const db = new Database(path.join(home, 'messages.db'), { readonly: true });
    expect(db.prepare("SELECT value FROM counters WHERE name = 'console'").pluck().get()).toBe(all.length - 3);
    db.close();
  });
});

describe('Activity Log order', () => {
  it('reads in log time order even when lines arrive out of order, and pages by (time, id)', () => {
    const home = tempHome();
    const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
    // Two files of one server ingested late one after the other: the second holds the earlier lines.
    const a = path.join(home, 'late.log');
    const b = path.join(home, 'early.log');
    fs.writeFileSync(a, lines.slice(120).join('\n') + '\n');
    fs.writeFileSync(b, lines.slice(0, 120).join('\n') + '\n');
    msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', a]);
    msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', b]);
    const log = logJson(home);
    const times = log.map((m) => Date.parse(m.time));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(log[0].id).toBeGreaterThan(log.at(-1).id); // the earliest line arrived last
  });
});
