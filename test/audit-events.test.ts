// The audit step on its own: real RAW-format records (no user names: the user is the numeric uid), EXECVE argument
// decoding (quoted, hex, split long arguments) and the command line it shows.
import { describe, expect, it } from 'vitest';
import { commandLine, execveArgs } from '../src/sessions/audit-events.js';
import { msgmon, tempHome } from './support/cli.js';

describe('audit events', () => {
  it('a RAW-format execve event (SYSCALL, EXECVE, CWD, PATH ×2) is one AUD0001 naming the uid', () => {
    const home = tempHome();
    const ing = msgmon(['--home', home, 'ingest', '--system', 'lnx2', '--format', 'auditd', 'test/fixtures/auditd-raw.log', '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    expect(JSON.parse(ing.stdout)).toMatchObject({ lines: 5, messages: 1, unparsed: 0 });
    const [m] = JSON.parse(msgmon(['--home', home, 'log', '--json']).stdout);
    expect(m.text).toBe('User 1022 ran command ls /tmp in job 17875/1022/ls');
    expect(m.fields).toMatchObject({ user: '1022', uid: 1022, auid: 4294967295, syscall: 'execve', exe: '/usr/bin/ls', cwd: '/tmp/fmtwork/au', key: 'msgmon' });
    expect(m.time).toBe('2026-11-25T14:59:44.540Z');
  });

  it('decodes quoted, hex and split arguments and quotes them back for a shell', () => {
    expect(execveArgs('a0="grep" a1="-c" a2=7365637265742031 a3="payroll.csv"')).toEqual(['grep', '-c', 'secret 1', 'payroll.csv']);
    expect(execveArgs('a0="echo" a1_len=6 a1[0]=616263 a1[1]="def"')).toEqual(['echo', 'abcdef']);
    expect(commandLine(['grep', '-c', 'secret 1', "it's"])).toBe(`grep -c 'secret 1' 'it'\\''s'`);
  });
});
