// `--zone`: RFC 3164 syslog times (no zone, no year) are read in the zone given to `ingest` or stored with a source
// and used by its reader (`collect`); lines with their own offset keep it; a bad zone is a usage error saying what to write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { msgmon, tempHome } from './support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-zone-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Real lines of one logon: RFC 3164 written by rsyslogd under TZ=Europe/Berlin, then one in RSYSLOG_FileFormat. */
const LINES =
  [
    'Nov 25 12:04:01 vm sshd[25013]: Accepted publickey for msgmon_sftp1 from 127.0.0.1 port 42672 ssh2: ED25519 SHA256:saVO3JgHl0ERBduzB6LiKgq+OymR5kkHVvdjySDprYQ',
    '2026-11-25T12:04:02.125000+01:00 vm sshd[25023]: Failed password for msgmon_sftp1 from 127.0.0.1 port 42678 ssh2',
  ].join('\n') + '\n';

/**
 * The times of the logon messages, as `log --json` gives them (UTC), without the year (year-less lines take the
 * clock's); a collector also ends the old sessions by idle time (FTP0041), later.
 */
function times(home: string): string[] {
  const r = msgmon(['--home', home, 'log', '--msgid', 'FTP000*', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).map((m: { time: string }) => m.time.slice(5));
}

describe('--zone', () => {
  it('ingest --zone reads RFC 3164 times in the zone; an RFC 3339 offset is kept whatever the zone; default UTC', () => {
    const file = path.join(dir, 'auth.log');
    fs.writeFileSync(file, LINES);
    const berlin = tempHome();
    const r = msgmon(['--home', berlin, 'ingest', '--system', 'vm', '--format', 'sshd,sftp', '--zone', 'Europe/Berlin', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(times(berlin)).toEqual(['11-25T11:04:01.000Z', '11-25T11:04:02.125Z']);
    const utc = tempHome();
    expect(msgmon(['--home', utc, 'ingest', '--system', 'vm', '--format', 'sshd', file]).code).toBe(0);
    expect(times(utc)).toEqual(['11-25T11:04:02.125Z', '11-25T12:04:01.000Z']);
    const fixed = tempHome();
    expect(msgmon(['--home', fixed, 'ingest', '--system', 'vm', '--format', 'sshd', '--zone', '-05:00', file]).code).toBe(0);
    expect(times(fixed)).toEqual(['11-25T11:04:02.125Z', '11-25T17:04:01.000Z']);
  });

  it('sources add --zone is stored with the source and used by collect; sources list shows it', () => {
    const home = tempHome();
    const file = path.join(dir, 'collect.log');
    fs.writeFileSync(file, LINES);
    const add = msgmon(['--home', home, 'sources', 'add', 'vm-auth', '--system', 'local', '--format', 'sshd,sftp', '--path', file, '--zone', 'Europe/Berlin']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('times without a zone in Europe/Berlin');
    const list = msgmon(['--home', home, 'sources', 'list']);
    expect(list.stdout.split('\n')[0]).toMatch(/Start +Zone$/);
    expect(list.stdout).toMatch(/vm-auth .* beginning +Europe\/Berlin/);
    expect(JSON.parse(msgmon(['--home', home, 'sources', 'list', '--json']).stdout)[0]).toMatchObject({ name: 'vm-auth', zone: 'Europe/Berlin' });
    const c = msgmon(['--home', home, 'collect', '--once']);
    expect(c.code, c.stderr).toBe(0);
    expect(times(home)).toEqual(['11-25T11:04:01.000Z', '11-25T11:04:02.125Z']);
  });

  it('a zone that is not one, or --zone where lines carry their own time, is a usage error saying what to write', () => {
    const home = tempHome();
    const bad = msgmon(['--home', home, 'ingest', '--system', 'vm', '--format', 'sshd', '--zone', 'Berlin time', path.join(dir, 'auth.log')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--zone 'Berlin time' is not a time zone: give an IANA name (Europe/Berlin, America/New_York), UTC, or an offset like +01:00");
    const journal = msgmon(['--home', home, 'sources', 'add', 'j', '--system', 'local', '--format', 'sshd', '--journal', 'ssh.service', '--zone', 'UTC']);
    expect(journal.code).toBe(2);
    expect(journal.stderr).toContain('--zone goes with --path');
    expect(msgmon(['--home', home, 'sources', 'add', 'x', '--system', 'local', '--format', 'sshd', '--path', '/x.log', '--zone', '+15:00']).code).toBe(2);
    expect(msgmon(['--home', home, 'sources', 'list', '--json']).stdout.trim()).toBe('[]');
    for (const cmd of [
      ['ingest', '--help'],
      ['sources', 'add', '--help'],
    ])
      expect(msgmon(cmd).stdout).toMatch(/--zone <zone>[\s\S]*default UTC/);
  });
});
