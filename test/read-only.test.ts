// --read-only (issue 14): every command that writes is refused before it starts and changes nothing, --help names
// them, everything else reads as usual; a home on a read-only mount opens for reading without creating any file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { WRITERS } from '../src/cli/read-only.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');
const RULE = { description: 'Highlight uploads', match: { msgId: 'FTP0020' }, actions: { highlight: { color: 'red' } } };

/** Names and hashes of the files in a folder and its subfolders (the source locks in locks/): what "nothing changed"
 * means. A reader of a WAL store may leave its (empty) -wal and -shm files where it can write: they hold no data, so
 * they are not compared. */
function snapshot(dir: string): Record<string, string> {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => !/-(wal|shm)$/.test(f) && fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(
    files.sort().map((f) => [
      f,
      crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );
}

/** A home with a host, a local source, a rule and the messages of a real vsftpd session. */
function filledHome(): string {
  const home = tempHome();
  const ok = (args: string[]) => {
    const r = msgmon(['--home', home, ...args]);
    expect(r.code, r.stderr).toBe(0);
  };
  fs.writeFileSync(path.join(home, 'rule.json'), JSON.stringify(RULE));
  ok(['hosts', 'add', 'web1', '--host', '127.0.0.1', '--port', '2']);
  ok(['sources', 'add', 'here', '--system', 'local', '--format', 'vsftpd', '--path', FIXTURE]);
  ok(['rules', 'add', '--file', path.join(home, 'rule.json')]);
  ok(['ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE]);
  return home;
}

describe('--read-only', () => {
  let home: string;
  beforeAll(() => {
    home = filledHome();
  });

  // One run per writing command; the list is checked against WRITERS, so a new writer needs a case here.
  const cases: Record<string, string[]> = {
    ingest: ['ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE],
    collect: ['collect', '--once'],
    demo: ['demo', '--no-tui', '--speed', '0'],
    ack: ['ack', '1'],
    reply: ['reply', '1', 'G'],
    remove: ['remove', '1'],
    'log prune': ['log', 'prune', '--days', '1'],
    'rules add': ['rules', 'add', '--file', 'RULE'],
    'rules remove': ['rules', 'remove', '1'],
    'rules enable': ['rules', 'enable', '1'],
    'rules disable': ['rules', 'disable', '1'],
    'rules move': ['rules', 'move', '1', '--seq', '5'],
    'rules import': ['rules', 'import', '--defaults'],
    'hosts add': ['hosts', 'add', 'web2', '--host', '127.0.0.1'],
    'hosts remove': ['hosts', 'remove', 'web1'],
    'hosts trust': ['hosts', 'trust', 'web1'],
    'sources add': ['sources', 'add', 'other', '--system', 'local', '--format', 'vsftpd', '--path', '/var/log/vsftpd.log'],
    'sources remove': ['sources', 'remove', 'here'],
    'store init': ['store', 'init'],
    defer: ['defer', '1', '--minutes', '5'],
    'channels add': ['channels', 'add', 'hook', '--type', 'webhook', '--url', 'http://127.0.0.1:9/x'],
    'channels remove': ['channels', 'remove', 'hook'],
    'channels test': ['channels', 'test', 'hook'],
    'escalations add': ['escalations', 'add', 'oncall', '--step', '0:hook'],
    'escalations remove': ['escalations', 'remove', 'oncall'],
    'baseline rebuild': ['baseline', 'rebuild'],
    'watch add': ['watch', 'add', 'trustedNetworks', '10.0.0.0/8'],
    'watch remove': ['watch', 'remove', 'trustedNetworks', '10.0.0.0/8'],
  };

  it('has a case for every writing command', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(WRITERS).sort());
  });

  for (const [name, args] of Object.entries(cases)) {
    it(`refuses ${name} before it starts (exit 1, the reason, nothing changed), whether --read-only comes first or last`, () => {
      if (!(name in WRITERS)) return; // a case for a command not on this build fails the test above
      const argv = args.map((a) => (a === 'RULE' ? path.join(home, 'rule.json') : a));
      const before = snapshot(home);
      for (const r of [msgmon(['--home', home, '--read-only', ...argv]), msgmon(['--home', home, ...argv, '--read-only'])]) {
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`msgmon: ${name} ${WRITERS[name]}: not allowed with --read-only (run it without --read-only; nothing was changed)\n`);
      }
      expect(snapshot(home)).toEqual(before);
    });
  }

  it('leaves a demo home alone', () => {
    const demo = tempHome();
    fs.writeFileSync(path.join(demo, '.msgmon-demo'), 'earlier demo\n');
    fs.writeFileSync(path.join(demo, 'keep'), 'x');
    expect(msgmon(['--home', demo, '--read-only', 'demo', '--no-tui']).code).toBe(1);
    expect(fs.readdirSync(demo).sort()).toEqual(['.msgmon-demo', 'keep']);
  });

  it('names the refused commands in --help', () => {
    const help = msgmon(['--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--read-only refuses: ingest, collect, demo, ack, reply, remove, log prune, rules add|remove|enable|disable|move|import, hosts add|remove|trust, sources add|remove, store init, defer, channels add|remove|test, escalations add|remove',
    );
  });

  it('reads everything as usual', () => {
    const before = snapshot(home);
    for (const args of [
      ['log', '--json'],
      ['log', 'verify', '--json'],
      ['messages', '--json'],
      ['sessions', '--json'],
      ['rules', 'list', '--json'],
      ['hosts', 'list', '--json'],
      ['sources', 'list', '--json'],
      ['rules', 'export'],
      ['formats', 'list', '--json'],
    ]) {
      const r = msgmon(['--home', home, '--read-only', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(() => JSON.parse(r.stdout), args.join(' ')).not.toThrow();
    }
    expect(JSON.parse(msgmon(['--home', home, '--read-only', 'log', '--json']).stdout).length).toBeGreaterThan(10);
    expect(snapshot(home)).toEqual(before);
  });
});

describe('a home on a read-only file system', () => {
  const mount = fs.mkdtempSync('/tmp/msgmon-ro-');
  const home = path.join(mount, 'home');
  beforeAll(() => {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', mount], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    fs.mkdirSync(home, { mode: 0o700 });
    fs.writeFileSync(path.join(home, 'rule.json'), JSON.stringify(RULE));
    for (const args of [
      ['sources', 'add', 'here', '--system', 'local', '--format', 'vsftpd', '--path', FIXTURE],
      ['rules', 'add', '--file', path.join(home, 'rule.json')],
      ['ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE],
    ]) {
      const w = msgmon(['--home', home, ...args]);
      expect(w.code, w.stderr).toBe(0);
    }
    const ro = spawnSync('mount', ['-o', 'remount,ro', mount], { encoding: 'utf8' });
    expect(ro.status, ro.stderr).toBe(0);
  });
  afterAll(() => {
    spawnSync('umount', [mount]);
    fs.rmdirSync(mount);
  });

  it('opens for reading with --read-only and creates no file (no -wal, no -shm)', () => {
    const before = fs.readdirSync(home).sort();
    // config.json.lock: the configuration's lock; locks/: the ingested file's source lock.
    expect(before).toEqual(['config.json', 'config.json.lock', 'locks', 'messages.db', 'messages.db.created', 'rule.json']);
    const log = msgmon(['--home', home, '--read-only', 'log', '--json']);
    expect(log.code, log.stderr).toBe(0);
    expect(
      JSON.parse(log.stdout)
        .map((m: { msgId: string }) => m.msgId)
        .slice(0, 2),
    ).toEqual(['FTP0001', 'FTP0002']);
    for (const args of [['messages'], ['sessions'], ['status'], ['rules', 'list'], ['sources', 'list']]) {
      const r = msgmon(['--home', home, '--read-only', ...args]);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect(fs.readdirSync(home).sort()).toEqual(before);
  });

  it('without --read-only says the folder cannot be written and how to read it', () => {
    const r = msgmon(['--home', home, 'log']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `msgmon: cannot open message store ${home}/messages.db: its folder ${home} cannot be written (a read-only file system, or another user's): add --read-only to read it\n`,
    );
  });
});
