// Sessions of logs with no logout line end by the server's idle timeout in LOG time (issue 11): Debian's shipped
// vsftpd.conf writes vsftpd.log without protocol lines (CONNECT, OK/FAIL LOGIN and transfers, never a QUIT), so
// every session, failed logons included, would stay active forever. Ingest, collect of a local file, the per-source
// setting and vsftpd's own "421 Timeout." are tested through the CLI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { msgmon, tempHome } from './support/cli.js';
import { formatCtime } from '../src/core/time.js';

/** A vsftpd.log line as Debian's default configuration writes it (vsftpd format, no protocol lines). */
const v = (time: number, pid: number, rest: string) => `${formatCtime(time)} [pid ${pid}] ${rest}`;
const T = Date.parse('2026-11-25T10:00:00Z');
const s = (sec: number) => T + sec * 1000;

/** Two logons, a failed one, then a third client 17 minutes later: what an old Debian vsftpd.log holds. */
const DEBIAN_LOG =
  [
    v(s(0), 1001, 'CONNECT: Client "10.0.0.5"'),
    v(s(1), 1000, '[anna] OK LOGIN: Client "10.0.0.5"'),
    v(s(5), 1002, '[anna] OK UPLOAD: Client "10.0.0.5", "/home/anna/a.csv", 120 bytes, 50.00Kbyte/sec'),
    v(s(20), 1011, 'CONNECT: Client "10.0.0.6"'),
    v(s(23), 1010, '[bob] FAIL LOGIN: Client "10.0.0.6"'),
    v(s(180), 1002, '[anna] OK DOWNLOAD: Client "10.0.0.5", "/home/anna/b.csv", 30 bytes, 10.00Kbyte/sec'),
    v(s(1200), 1021, 'CONNECT: Client "10.0.0.7"'),
    v(s(1201), 1020, '[carl] OK LOGIN: Client "10.0.0.7"'),
  ].join('\n') + '\n';

function json(home: string, ...args: string[]): any {
  const r = msgmon(['--home', home, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('sessions end by the idle timeout in log time', () => {
  it("an old Debian vsftpd.log: every session ends, failed logons included, at vsftpd's 300 s after its last line", () => {
    const home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.writeFileSync(file, DEBIAN_LOG);
    const r = msgmon(['--home', home, 'ingest', '--system', 'deb', '--format', 'vsftpd', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('sessions ended by the idle timeout, no logout line (FTP0041) 3');
    expect(json(home, 'sessions', '--active')).toEqual([]);
    const sessions = json(home, 'sessions');
    expect(sessions.map((x: any) => [x.user, x.endedBy, x.end, x.filesUp, x.filesDown])).toEqual([
      ['carl', 'idle', new Date(s(1201 + 300)).toISOString(), 0, 0],
      ['bob', 'idle', new Date(s(23 + 300)).toISOString(), 0, 0],
      ['anna', 'idle', new Date(s(180 + 300)).toISOString(), 1, 1],
    ]);
    // In log order: bob's and anna's sessions ended (at last line + 300 s) before carl connected.
    const log = json(home, 'log', '--limit', '100');
    expect(log.map((m: any) => [m.msgId, m.fields.user ?? null])).toEqual([
      ['FTP0001', null],
      ['FTP0002', 'anna'],
      ['FTP0020', 'anna'],
      ['FTP0001', null],
      ['FTP0003', 'bob'],
      ['FTP0021', 'anna'],
      ['FTP0041', 'bob'],
      ['FTP0041', 'anna'],
      ['FTP0001', null],
      ['FTP0002', 'carl'],
      ['FTP0041', 'carl'],
    ]);
    expect(log[7]).toMatchObject({
      text: 'FTP: Session of user anna from 10.0.0.5 ended without logout: no activity for 5 min',
      fields: { session_end: 'idle', reason: 'no activity for 5 min', user: 'anna', client: '10.0.0.5', protocol: 'ftp', pid: 1001 },
      session: log[0].session,
    });
  });

  it("a live log keeps its recent sessions active; --session-idle sets the server's timeout, the clock ends them at the end of the read", () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const live = [v(now - 60_000, 2001, 'CONNECT: Client "10.0.0.8"'), v(now - 59_000, 2000, '[dora] OK LOGIN: Client "10.0.0.8"')].join('\n') + '\n';
    const a = tempHome();
    fs.writeFileSync(path.join(a, 'vsftpd.log'), live);
    expect(msgmon(['--home', a, 'ingest', '--system', 'deb', '--format', 'vsftpd', path.join(a, 'vsftpd.log')]).code).toBe(0);
    expect(json(a, 'sessions', '--active').map((x: any) => x.user)).toEqual(['dora']);

    const b = tempHome();
    fs.writeFileSync(path.join(b, 'vsftpd.log'), live);
    const r = json(b, 'ingest', '--system', 'deb', '--format', 'vsftpd', '--session-idle', '30', path.join(b, 'vsftpd.log'));
    expect(r).toMatchObject({ messages: 3, ended: 1 });
    expect(json(b, 'log', '--msgid', 'FTP0041')).toMatchObject([
      { time: new Date(now - 59_000 + 30_000).toISOString(), text: 'FTP: Session of user dora from 10.0.0.8 ended without logout: no activity for 30 s' },
    ]);

    const bad = msgmon(['--home', b, 'ingest', '--system', 'deb', '--format', 'vsftpd', '--session-idle', '5m', path.join(b, 'vsftpd.log')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--session-idle '5m' must be a whole number of seconds above 0 (vsftpd's idle_session_timeout is 300)");
    expect(msgmon(['ingest', '--help']).stdout).toContain('--session-idle 600');
  });

  it("a source's own --session-idle is kept in its configuration and used by collect", () => {
    const home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.writeFileSync(file, DEBIAN_LOG);
    const added = json(home, 'sources', 'add', 'deb-ftp', '--system', 'local', '--format', 'vsftpd', '--path', file, '--session-idle', '600');
    expect(added).toMatchObject({ name: 'deb-ftp', sessionIdle: 600 });
    expect(msgmon(['--home', home, 'sources', 'add', 'x', '--system', 'local', '--format', 'vsftpd', '--path', file, '--session-idle', '0']).code).toBe(2);
    const r = msgmon(['--home', home, 'collect', '--once', '--session-check', '3600']);
    expect(r.code, r.stderr).toBe(0);
    const ends = json(home, 'log', '--msgid', 'FTP0041');
    // With 600 s bob's session (last line at 10:00:23) is still open when anna downloads at 10:03, and ends at 10:10:23.
    expect(ends.map((m: any) => [m.fields.user, m.time, m.fields.reason])).toEqual([
      ['bob', new Date(s(23 + 600)).toISOString(), 'no activity for 10 min'],
      ['anna', new Date(s(180 + 600)).toISOString(), 'no activity for 10 min'],
      ['carl', new Date(s(1201 + 600)).toISOString(), 'no activity for 10 min'],
    ]);
  });

  it("vsftpd's own idle timeout in a protocol log (421 Timeout.) ends the session there", () => {
    const home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.writeFileSync(
      file,
      [
        v(s(0), 3001, 'CONNECT: Client "10.0.0.9"'),
        v(s(1), 3000, '[eve] OK LOGIN: Client "10.0.0.9"'),
        v(s(2), 3002, '[eve] FTP command: Client "10.0.0.9", "PWD"'),
        v(s(2), 3002, '[eve] FTP response: Client "10.0.0.9", "257 \\"/home/eve\\" is the current directory"'),
        v(s(302), 3002, '[eve] FTP response: Client "10.0.0.9", "421 Timeout."'),
      ].join('\n') + '\n',
    );
    expect(msgmon(['--home', home, 'ingest', '--system', 'deb', '--format', 'vsftpd', file]).code).toBe(0);
    expect(json(home, 'log', '--msgid', 'FTP0041')).toMatchObject([
      {
        time: new Date(s(302)).toISOString(),
        text: 'FTP: Session of user eve from 10.0.0.9 ended without logout: the server closed the connection: 421 Timeout.',
        fields: { session_end: 'idle' },
      },
    ]);
    expect(json(home, 'sessions')).toMatchObject([{ user: 'eve', endedBy: 'idle', end: new Date(s(302)).toISOString() }]);
  });
});
