// Checks at open (issue 14): a missing or empty store where the home had one, or a foreign file, is refused with
// the file, the reason and what to do — never silently a new store; `store init` is the explicit way. Permissions
// of an existing home and store: too open gives a warning with the exact chmod, on stderr only.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { msgmon, tempHome } from './support/cli.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');
const RESTORE = 'restore it from your backup; or, to start a new empty store (sources are read again from their beginning), run: msgmon store init';
const hash = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

function ingest(home: string) {
  return msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE, '--json']);
}

describe('a missing or empty store', () => {
  it('an emptied (0-byte) messages.db is refused by every command that opens it, and kept as it is; store init starts over', () => {
    const home = tempHome();
    const first = ingest(home);
    expect(first.code, first.stderr).toBe(0);
    const db = path.join(home, 'messages.db');
    expect(fs.existsSync(`${db}.created`)).toBe(true);
    fs.truncateSync(db, 0);
    for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    const want = `msgmon: message store ${db} is empty (0 bytes): its messages, sessions and read positions are gone (truncated or replaced); ${RESTORE}\n`;
    for (const args of [['ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE], ['log'], ['messages', '--json'], ['--read-only', 'log']]) {
      const r = msgmon(['--home', home, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe(want);
      expect(r.stdout).toBe('');
    }
    // status is a monitoring plugin: a store it cannot read is UNKNOWN (exit 3), said on standard output.
    const st = msgmon(['--home', home, 'status']);
    expect(st.code).toBe(3);
    expect(st.stdout).toBe(`UNKNOWN: ${want.replace(/^msgmon: /, '')}`);
    expect(st.stderr).toBe('');
    expect(fs.statSync(db).size).toBe(0);
    expect(fs.readdirSync(home).sort()).toEqual(['locks', 'messages.db', 'messages.db.created']); // locks/: the ingested file's source lock

    const init = msgmon(['--home', home, 'store', 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toBe(
      `Created a new, empty message store ${db} (in place of the empty file). The next ingest or collect reads every source from its beginning.\n`,
    );
    const again = ingest(home);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).lines).toBe(JSON.parse(first.stdout).lines); // read from the beginning, as announced
    const twice = msgmon(['--home', home, 'store', 'init']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(
      `msgmon: ${db} is a msgmon store already (${JSON.parse(again.stdout).messages} messages): nothing was changed (to start over, move it away first)\n`,
    );
  });

  it('a deleted messages.db is refused where the home had one (its marker) or the configuration reads sources', () => {
    const home = tempHome();
    expect(ingest(home).code).toBe(0);
    const db = path.join(home, 'messages.db');
    fs.rmSync(db);
    const r = msgmon(['--home', home, 'log']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`msgmon: message store ${db} is missing, but this home had one (${db}.created); ${RESTORE}\n`);
    expect(fs.existsSync(db)).toBe(false);

    // A home from before the marker: its configured sources tell.
    fs.rmSync(`${db}.created`);
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ version: 1, sources: [{ name: 'here', system: 'local', formats: ['vsftpd'], path: FIXTURE }] }),
      { mode: 0o600 },
    );
    const old = msgmon(['--home', home, 'collect', '--once']);
    expect(old.code).toBe(1);
    expect(old.stderr).toBe(
      `msgmon: message store ${db} is missing, but the configuration reads 1 source: their messages and read positions would be lost; ${RESTORE}\n`,
    );
    expect(fs.existsSync(db)).toBe(false);
    expect(msgmon(['--home', home, 'store', 'init']).code).toBe(0);
    const c = msgmon(['--home', home, 'collect', '--once']);
    expect(c.code, c.stderr).toBe(0);
  });

  it('a new home is not refused: sources added, then the first collect; a read-only look at a home with no store says so', () => {
    const home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.copyFileSync(FIXTURE, file);
    const ro = msgmon(['--home', home, '--read-only', 'log']);
    expect(ro.code).toBe(1);
    expect(ro.stderr).toBe(
      `msgmon: there is no message store ${home}/messages.db yet: nothing to read (msgmon ingest or msgmon collect create it, without --read-only)\n`,
    );
    expect(msgmon(['--home', home, 'sources', 'add', 'here', '--system', 'local', '--format', 'vsftpd', '--path', file]).code).toBe(0);
    const c = msgmon(['--home', home, 'collect', '--once']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(msgmon(['--home', home, 'log', '--json']).stdout).length).toBeGreaterThan(10);
  });
});

describe('a foreign store file', () => {
  const cases: Array<[string, (db: string) => void, (db: string) => string]> = [
    [
      "another program's SQLite database",
      (db) => {
        const d = new Database(db);
        d.exec('CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices(total) VALUES (12.5)');
        d.close();
      },
      () =>
        'it is not a msgmon store (tables invoices, no msgmon schema version): point --home at your msgmon home, or move the file away; nothing was changed',
    ],
    [
      'a file that is not SQLite',
      (db) => fs.writeFileSync(db, 'just some notes, not a database\n'.repeat(200)),
      () => 'it is not an SQLite database, so not a msgmon store: point --home at your msgmon home, or move the file away; nothing was changed',
    ],
    [
      'a store of a newer msgmon',
      (db) => {
        const d = new Database(db);
        d.exec('CREATE TABLE messages(id INTEGER PRIMARY KEY)');
        d.pragma('user_version = 999');
        d.close();
      },
      () => /^its schema version 999 is newer than this msgmon knows \(\d+\): upgrade msgmon; nothing was changed$/.source,
    ],
  ];
  for (const [what, make, reason] of cases) {
    it(`${what} is refused with the file and the reason, and left unchanged (store init too)`, () => {
      const home = tempHome();
      const db = path.join(home, 'messages.db');
      make(db);
      fs.chmodSync(db, 0o600); // private, as a home's files are: only the refusal is on stderr
      const before = hash(db);
      for (const args of [['log'], ['ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE], ['store', 'init'], ['--read-only', 'messages']]) {
        const r = msgmon(['--home', home, ...args]);
        expect(r.code, args.join(' ')).toBe(1);
        const line = r.stderr.trimEnd();
        expect(line.startsWith(`msgmon: cannot open message store ${db}: `), line).toBe(true);
        const why = line.slice(`msgmon: cannot open message store ${db}: `.length);
        if (what.includes('newer')) expect(why).toMatch(new RegExp(reason(db)));
        else expect(why).toBe(reason(db));
      }
      expect(hash(db)).toBe(before);
    });
  }
});

describe('permissions of an existing home', () => {
  it('too open: a warning per folder and file with the exact chmod, on stderr only; quiet once fixed', () => {
    const home = tempHome();
    expect(ingest(home).code).toBe(0);
    expect(msgmon(['--home', home, 'sources', 'add', 'here', '--system', 'local', '--format', 'vsftpd', '--path', FIXTURE]).code).toBe(0);
    const db = path.join(home, 'messages.db');
    const cfg = path.join(home, 'config.json');
    fs.chmodSync(home, 0o755);
    fs.chmodSync(db, 0o644);
    fs.chmodSync(cfg, 0o666);
    const r = msgmon(['--home', home, 'log', '--json', '--limit', '2']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(2); // stdout stays JSON only
    expect(r.stderr).toBe(
      [
        `msgmon: warning: msgmon folder ${home} is open to other users (mode 0755): run chmod 700 ${home}`,
        `msgmon: warning: msgmon file ${db} is open to other users (mode 0644): run chmod 600 ${db}`,
        `msgmon: warning: msgmon file ${cfg} is open to other users (mode 0666): run chmod 600 ${cfg}`,
      ].join('\n') + '\n',
    );
    for (const line of r.stderr.trim().split('\n')) fs.chmodSync(line.split(' ').at(-1)!, parseInt(line.split(' ').at(-2)!, 8));
    const fixed = msgmon(['--home', home, 'log', '--json', '--limit', '2']);
    expect(fixed.stderr).toBe('');
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
  });
});
