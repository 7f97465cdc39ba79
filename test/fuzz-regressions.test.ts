// Regressions for the bugs the fuzz suite found (test/fuzz-*.test.ts), each as a user meets it through the CLI.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';

const home = tempHome();
const at = (name: string) => path.join(home, name);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** A journal entry line as journalctl -o json writes it. */
const entry = (e: Record<string, unknown>) => JSON.stringify({ __REALTIME_TIMESTAMP: '1795617989261449', _HOSTNAME: 'vm', _PID: '4242', ...e });

describe('fuzz regressions', () => {
  it('an audit event claiming a time past year 275760 is stored with a usable time; log and log --json still work', () => {
    const events =
      fs
        .readFileSync(path.resolve(__dirname, 'fixtures/auditd-raw.log'), 'utf8')
        .split('\n')
        .slice(0, 20)
        .map((l) => l.replace(/audit\(\d+\./, 'audit(99999999999999999999999.'))
        .join('\n') + '\n';
    fs.writeFileSync(at('audit.log'), events);
    const ing = msgmon(['--home', at('h1'), 'ingest', '--system', 'a1', '--format', 'auditd', at('audit.log'), '--json']);
    expect(ing.code).toBe(0);
    expect(JSON.parse(ing.stdout).messages).toBeGreaterThan(0);
    const log = msgmon(['--home', at('h1'), 'log', '--json']);
    expect(log.stderr).toBe('');
    expect(log.code).toBe(0);
    const msgs = JSON.parse(log.stdout) as Array<{ time: string; msgId: string }>;
    expect(msgs.some((m) => m.msgId === 'AUD0001')).toBe(true);
    for (const m of msgs) expect(Number.isNaN(Date.parse(m.time))).toBe(false);
    expect(msgmon(['--home', at('h1'), 'log']).code).toBe(0);
  });

  it('a journal entry with a time of 1e30 µs falls back to the previous time instead of an invalid date', () => {
    fs.writeFileSync(
      at('j1.json'),
      [
        entry({ SYSLOG_IDENTIFIER: 'sshd', MESSAGE: 'Failed password for x from 10.0.0.9 port 22 ssh2' }),
        entry({ SYSLOG_IDENTIFIER: 'sshd', MESSAGE: 'Failed password for y from 10.0.0.9 port 22 ssh2', __REALTIME_TIMESTAMP: '1e30' }),
      ].join('\n') + '\n',
    );
    expect(msgmon(['--home', at('h2'), 'ingest', '--system', 'j1', '--format', 'journald-json', at('j1.json')]).code).toBe(0);
    const log = msgmon(['--home', at('h2'), 'log', '--json']);
    expect(log.code).toBe(0);
    const times = (JSON.parse(log.stdout) as Array<{ time: string; msgId: string }>).filter((m) => m.msgId === 'FTP0003').map((m) => m.time);
    expect(times).toEqual(['2026-11-25T14:46:29.261Z', '2026-11-25T14:46:29.261Z']);
  });

  it("lines of a program named 'constructor' or '__proto__' are counted like any other program's", () => {
    fs.writeFileSync(
      at('j2.json'),
      [
        entry({ SYSLOG_IDENTIFIER: 'constructor', MESSAGE: 'x' }),
        entry({ SYSLOG_IDENTIFIER: '__proto__', MESSAGE: 'y' }),
        entry({ SYSLOG_IDENTIFIER: '__proto__', MESSAGE: 'z' }),
      ].join('\n') + '\n',
    );
    const r = msgmon(['--home', at('h3'), 'ingest', '--system', 'j2', '--format', 'journald-json', at('j2.json'), '--json']);
    expect(r.code).toBe(0);
    // (an object literal's __proto__ key would set the prototype: compare the entries)
    expect(Object.entries(JSON.parse(r.stdout).unclaimed)).toEqual([
      ['constructor', 1],
      ['__proto__', 2],
    ]);
    const t = msgmon(['formats', 'test', at('j2.json'), '--format', 'journald-json', '--json']);
    expect(Object.entries(JSON.parse(t.stdout).unclaimed)).toEqual([
      ['constructor', 1],
      ['__proto__', 2],
    ]);
  });

  it('a message text holding half a surrogate pair is stored as the text the pipeline made (U+FFFD), not altered by SQLite', () => {
    // JSON.parse's error quotes the first byte of a 4-byte character: the MON0010 reason held a lone surrogate.
    fs.writeFileSync(at('j3.json'), Buffer.concat([Buffer.from([0xf0, 0x90, 0x80, 0x80]), Buffer.from('\n')]));
    expect(msgmon(['--home', at('h4'), 'ingest', '--system', 'j3', '--format', 'journald-json', at('j3.json')]).code).toBe(0);
    const [m] = JSON.parse(msgmon(['--home', at('h4'), 'log', '--json']).stdout) as Array<{
      msgId: string;
      text: string;
      raw: string;
      fields: { reason: string };
    }>;
    expect(m!.msgId).toBe('MON0010');
    expect(m!.raw).toBe('\u{10000}');
    expect(m!.text).toContain('\ufffd');
    expect(m!.text).not.toMatch(/\ufffd{2}/);
  });

  it('a rule rewriting text with &CONSTRUCTOR or a field condition on toString finds no JavaScript member: *N, no match', () => {
    fs.writeFileSync(
      at('rule.json'),
      JSON.stringify([
        { description: 'Odd names', match: { msgId: 'FTP0002', fields: [{ field: 'toString', exists: true }] }, actions: { log: 'L' } },
        { description: 'Rewrite', match: { msgId: 'FTP0002' }, actions: { text: 'Logon &USER &CONSTRUCTOR' } },
      ]),
    );
    expect(msgmon(['--home', at('h5'), 'rules', 'add', '--file', at('rule.json')]).code).toBe(0);
    const demo = path.resolve(__dirname, '../data/demo/vsftpd.log');
    expect(msgmon(['--home', at('h5'), 'ingest', '--system', 'w1', '--format', 'vsftpd', demo]).code).toBe(0);
    const msgs = JSON.parse(msgmon(['--home', at('h5'), 'log', '--msgid', 'FTP0002', '--json']).stdout) as Array<{ text: string; console: string }>;
    expect(msgs.length).toBeGreaterThan(0);
    for (const m of msgs) {
      expect(m.text).toMatch(/^Logon \S+ \*N$/);
      expect(m.console).toBe('shown');
    }
  });

  it('escape sequences from remote logs, rule descriptions and arguments reach the terminal as visible text (^[)', () => {
    const esc = '\x1b]0;pwned\x07';
    fs.writeFileSync(
      at('auth.log'),
      `Nov 25 12:30:00 web1 ${esc}[77]: hello\nNov 25 12:30:01 web1 sshd[4242]: Failed password for ${esc}x from 10.0.0.9 port 22 ssh2\n`,
    );
    const ing = msgmon(['--home', at('h6'), 'ingest', '--system', 'web1', '--format', 'sshd,sftp', at('auth.log')]);
    expect(ing.code).toBe(0);
    expect(ing.stdout).toContain('^[]0;pwned^G');
    const test = msgmon(['formats', 'test', at('auth.log'), '--format', 'sshd,sftp']);
    expect(test.stdout).toContain('(other program ^[]0;pwned^G)');
    fs.writeFileSync(at('esc-rule.json'), JSON.stringify({ description: `Uploads ${esc}`, match: { msgId: 'FTP0020' } }));
    const add = msgmon(['--home', at('h6'), 'rules', 'add', '--file', at('esc-rule.json')]);
    expect(add.stdout).toContain('Uploads ^[]0;pwned^G');
    const show = msgmon(['--home', at('h6'), 'rules', 'show', '1']);
    const bad = msgmon(['--home', at('h6'), 'rules', 'show', esc]);
    expect(bad.code).toBe(2);
    const bogus = msgmon(['--home', at('h6'), 'log', `--${esc}`]);
    expect(bogus.code).toBe(2);
    for (const r of [ing, test, add, show, bad, bogus]) expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    // Data keeps its own escaping: the rule file export is the rule as saved.
    const exp = msgmon(['--home', at('h6'), 'rules', 'export']);
    expect(JSON.parse(exp.stdout).rules[0].description).toBe(`Uploads ${esc}`);
  });
});
