// The doctor's checks as pure functions over file texts: Debian's, RHEL's and other stock setups, Match blocks,
// journald-only systems, rsyslog selectors and templates, ProFTPD and Pure-FTPd. The files are given in memory
// and served the way the reader serves them (globs expanded, asked-for files fetched round after round).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { diagnose } from '../src/doctor/diagnose.js';
import { ServerFiles, type ServerFacts, type ServerFile } from '../src/doctor/server-files.js';
import { selectorTakes } from '../src/doctor/rsyslog.js';
import type { DoctorReport } from '../src/doctor/report-types.js';

type Entry = string | { text?: string; mode: string; owner: string; group: string; readable: boolean };

/** Runs the checks against an in-memory file tree until they ask for nothing more. */
function judge(tree: Record<string, Entry>, facts: Partial<ServerFacts> = {}, watchedPaths: string[] = []): DoctorReport {
  const files = new ServerFiles({ user: 'mon', groups: ['mon'], offset: '+0000', zone: 'Etc/UTC', ancestors: [], journald: false, ...facts });
  const find = (pattern: string, withText: boolean): ServerFile[] => {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const hits = Object.keys(tree)
      .filter((p) => re.test(p))
      .sort();
    if (!hits.length) return [{ path: pattern, exists: false, readable: false }];
    return hits.map((p) => {
      const e = tree[p]!;
      const meta = typeof e === 'string' ? { mode: '644', owner: 'root', group: 'root', readable: true, text: e } : e;
      return {
        path: p,
        exists: true,
        readable: meta.readable,
        mode: meta.mode,
        owner: meta.owner,
        group: meta.group,
        text: withText && meta.readable ? (meta.text ?? '') : undefined,
      };
    });
  };
  for (let round = 0; round < 8; round++) {
    const report = diagnose(files, { system: 'web1', watchedPaths });
    const { read, stat } = files.wanted();
    if (!read.length && !stat.length) return report;
    for (const p of read) files.add(p, find(p, true), true);
    for (const p of stat) files.add(p, find(p, false), false);
  }
  throw new Error('the checks kept asking for files');
}

const server = (r: DoctorReport, name: string) => r.servers.find((s) => s.server === name)!;
const DEBIAN_RSYSLOG = fs.readFileSync('/etc/rsyslog.conf', 'utf8');
const DEBIAN_SSHD = fs.readFileSync('/etc/ssh/sshd_config', 'utf8');
const DEBIAN_VSFTPD = fs.readFileSync('/etc/vsftpd.conf', 'utf8');
const authLog = { mode: '640', owner: 'root', group: 'adm', readable: false };
/** RHEL 9's rsyslog.conf rules (from its documentation; not read from an installed system here). */
const RHEL_RSYSLOG = [
  'module(load="imuxsock" SysSock.Use="off")',
  'module(load="imjournal" StateFile="imjournal.state")',
  'module(load="builtin:omfile" Template="RSYSLOG_TraditionalFileFormat")',
  'include(file="/etc/rsyslog.d/*.conf" mode="optional")',
  '*.info;mail.none;authpriv.none;cron.none                /var/log/messages',
  'authpriv.*                                              /var/log/secure',
  'mail.*                                                  -/var/log/maillog',
  '',
].join('\n');

describe('doctor checks', () => {
  it('Debian 12 as shipped: sftp-server without -l (the exact line and its fix), auth.log root:adm 0640, vsftpd without protocol lines', () => {
    const r = judge({
      '/etc/ssh/sshd_config': DEBIAN_SSHD,
      '/etc/rsyslog.conf': DEBIAN_RSYSLOG,
      '/etc/vsftpd.conf': DEBIAN_VSFTPD,
      '/var/log/auth.log': authLog,
    });
    const sshd = server(r, 'OpenSSH sshd');
    const line = DEBIAN_SSHD.split('\n').findIndex((l) => l.startsWith('Subsystem')) + 1;
    expect(sshd.changes).toEqual([
      {
        file: '/etc/ssh/sshd_config',
        line,
        now: 'Subsystem\tsftp\t/usr/lib/openssh/sftp-server',
        set: 'Subsystem sftp /usr/lib/openssh/sftp-server -l INFO',
        why: 'logs every SFTP file operation of every user to facility AUTH; then reload sshd',
      },
      {
        file: null,
        line: null,
        now: null,
        set: 'usermod -aG adm mon',
        why: '/var/log/auth.log is readable by group adm; mon must be a member, from its next login on',
      },
    ]);
    expect(sshd.notes).toContain('/var/log/auth.log: rsyslog file format (`2026-11-25T11:24:25.818878+00:00 host tag[pid]:`, RFC 3339 time)');
    expect(server(r, 'vsftpd').changes.map((c) => c.set)).toEqual(['log_ftp_protocol=YES']);
    expect(r.missing).toBe(true);
  });

  it('RHEL 9: AUTHPRIV to /var/log/secure (root 0600: setfacl), RFC 3164 in Europe/Berlin (--zone), vsftpd xferlog only', () => {
    const r = judge(
      {
        '/etc/ssh/sshd_config': 'SyslogFacility AUTHPRIV\nSubsystem\tsftp\t/usr/libexec/openssh/sftp-server\n',
        '/etc/rsyslog.conf': RHEL_RSYSLOG,
        '/var/log/secure': { mode: '600', owner: 'root', group: 'root', readable: false },
        '/usr/lib/systemd/system/sshd.service': '',
        '/etc/vsftpd/vsftpd.conf':
          'anonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nxferlog_enable=YES\nxferlog_std_format=YES\nlisten=NO\nlisten_ipv6=YES\n',
        '/var/log/xferlog': { mode: '600', owner: 'root', group: 'root', readable: false },
      },
      { offset: '+0100', zone: 'Europe/Berlin' },
    );
    const sshd = server(r, 'OpenSSH sshd');
    expect(sshd.misses).toEqual([
      'SFTP file operations of every user: /usr/libexec/openssh/sftp-server without -l logs none (no uploads, downloads, deletes, renames)',
      'sshd/SFTP lines (facility AUTHPRIV): /var/log/secure (root:root 600) is not readable by mon',
    ]);
    // The fix keeps the SFTP lines with sshd's (AUTHPRIV): one file, /var/log/secure.
    expect(sshd.changes.map((c) => c.set)).toEqual([
      'Subsystem sftp /usr/libexec/openssh/sftp-server -l INFO -f AUTHPRIV',
      'setfacl -m u:mon:r /var/log/secure',
    ]);
    expect(sshd.sources.map((s) => s.command)).toEqual([
      'msgmon sources add web1-ssh-authpriv --system web1 --format sshd,sftp --path /var/log/secure --zone Europe/Berlin',
    ]);
    expect(sshd.notes).toContain('/var/log/secure: RFC 3164 (`Nov 25 11:24:25 host tag[pid]:`, no year, no zone)');
    const vs = server(r, 'vsftpd');
    expect(vs.sees).toEqual(['completed and failed uploads and downloads with user, client, path and bytes (xferlog, /var/log/xferlog)']);
    expect(vs.changes.map((c) => [c.file, c.line, c.set])).toEqual([
      ['/etc/vsftpd/vsftpd.conf', null, 'dual_log_enable=YES'],
      ['/etc/vsftpd/vsftpd.conf', null, 'log_ftp_protocol=YES'],
      [null, null, 'setfacl -m u:mon:r /var/log/xferlog'],
    ]);
    expect(vs.sources.map((s) => s.command)).toEqual(['msgmon sources add web1-xferlog --system web1 --format xferlog --path /var/log/xferlog']);
  });

  it('Match blocks: ForceCommand internal-sftp without -l is named with its line; a chroot needs dev/log; Include expanded in place', () => {
    const r = judge(
      {
        '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nSubsystem sftp internal-sftp -l VERBOSE\n',
        '/etc/ssh/sshd_config.d/50-sftponly.conf': 'Match Group sftponly\n  ChrootDirectory /srv/sftp/%u\n  ForceCommand internal-sftp\n',
        '/etc/rsyslog.conf': DEBIAN_RSYSLOG,
        '/var/log/auth.log': { ...authLog, readable: true },
      },
      { groups: ['mon', 'adm'] },
    );
    const sshd = server(r, 'OpenSSH sshd');
    expect(sshd.config).toEqual(['/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/50-sftponly.conf']);
    expect(sshd.sees).toContain(
      'SFTP file operations of every user: uploads, downloads, deletes, renames, directories (internal-sftp -l VERBOSE, facility AUTH)',
    );
    expect(sshd.misses).toEqual(['SFTP file operations of Match Group sftponly: internal-sftp without -l logs none (no uploads, downloads, deletes, renames)']);
    expect(sshd.changes).toEqual([
      {
        file: '/etc/ssh/sshd_config.d/50-sftponly.conf',
        line: 3,
        now: 'ForceCommand internal-sftp',
        set: 'ForceCommand internal-sftp -l INFO',
        why: 'logs every SFTP file operation of Match Group sftponly to facility AUTH; then reload sshd',
      },
    ]);
    expect(sshd.notes).toContain(
      'Match Group sftponly (/etc/ssh/sshd_config.d/50-sftponly.conf line 1) is chrooted: internal-sftp logs only with a dev/log socket inside the chroot',
    );
  });

  it('LogLevel QUIET: logons are missed, the LogLevel line is the fix', () => {
    const r = judge(
      { '/etc/ssh/sshd_config': 'LogLevel QUIET\nSubsystem sftp internal-sftp -l INFO\n', '/etc/rsyslog.conf': DEBIAN_RSYSLOG },
      { user: 'root', groups: ['root'] },
    );
    const sshd = server(r, 'OpenSSH sshd');
    expect(sshd.misses).toEqual(['SSH logons: LogLevel QUIET does not log them']);
    expect(sshd.changes).toEqual([
      {
        file: '/etc/ssh/sshd_config',
        line: 1,
        now: 'LogLevel QUIET',
        set: 'LogLevel INFO',
        why: 'logs logons, failed logons and session ends; then reload sshd',
      },
    ]);
  });

  it('journald only (no rsyslog): the journal source of ssh.service, and the group that reads the journal', () => {
    const r = judge({ '/etc/ssh/sshd_config': 'Subsystem sftp internal-sftp -l INFO\n' }, { journald: true });
    const sshd = server(r, 'OpenSSH sshd');
    expect(sshd.notes).toContain('facility AUTH goes to the systemd journal (no rsyslog)');
    expect(sshd.misses).toEqual(['sshd/SFTP lines (facility AUTH): the journal is not readable by mon (it sees only its own entries)']);
    expect(sshd.changes.map((c) => c.set)).toEqual(['usermod -aG systemd-journal mon']);
    expect(sshd.sources.map((s) => s.command)).toEqual(['msgmon sources add web1-auth --system web1 --format sshd,sftp --journal ssh.service']);
    expect(sshd.notes).toContain(
      'the journal is kept in memory only (Storage=auto, no /var/log/journal): entries before a reboot are gone; a running collector reads them as they come',
    );
    // Storage=none in a drop-in: nothing to read, and the line to change.
    const none = server(
      judge(
        {
          '/etc/ssh/sshd_config': 'Subsystem sftp internal-sftp -l INFO\n',
          '/etc/systemd/journald.conf': '[Journal]\n#Storage=auto\n',
          '/etc/systemd/journald.conf.d/10-none.conf': '[Journal]\nStorage=none\n',
          '/var/log/journal': '',
        },
        { journald: true, groups: ['mon', 'systemd-journal'] },
      ),
      'OpenSSH sshd',
    );
    expect(none.misses).toEqual(['sshd/SFTP lines (facility AUTH): journald keeps no entries (Storage=none): there is nothing to read']);
    expect(none.changes).toEqual([
      {
        file: '/etc/systemd/journald.conf.d/10-none.conf',
        line: 2,
        now: 'Storage=none',
        set: 'Storage=persistent',
        why: 'keeps the journal in /var/log/journal; then restart systemd-journald',
      },
    ]);
    // Neither rsyslog nor journald: the lines are lost.
    expect(server(judge({ '/etc/ssh/sshd_config': 'Subsystem sftp internal-sftp -l INFO\n' }), 'OpenSSH sshd').misses[0]).toContain('syslog lines are lost');
  });

  it('vsftpd syslog_enable=YES: the vsftpd-format lines go to syslog facility ftp (/var/log/syslog on Debian); use_localtime names the zone', () => {
    const r = judge(
      {
        '/etc/vsftpd.conf': 'xferlog_enable=YES\nsyslog_enable=YES\nlog_ftp_protocol=YES\nuse_localtime=YES\n',
        '/etc/rsyslog.conf': DEBIAN_RSYSLOG,
        '/var/log/syslog': { ...authLog, readable: true },
      },
      { offset: '-0500', zone: 'America/New_York' },
    );
    const vs = server(r, 'vsftpd');
    // Through syslog the envelope gives the time (rsyslog's RFC 3339 here): use_localtime does not matter.
    expect(vs.misses).toEqual([]);
    expect(vs.sources.map((s) => s.command)).toEqual(['msgmon sources add web1-ftp --system web1 --format vsftpd --path /var/log/syslog']);
    // Its own file: local times without a zone are off by the offset; use_localtime=NO is the fix.
    const own = server(judge({ '/etc/vsftpd.conf': DEBIAN_VSFTPD }, { offset: '-0500', zone: 'America/New_York', user: 'root' }), 'vsftpd');
    const line = DEBIAN_VSFTPD.split('\n').indexOf('use_localtime=YES') + 1;
    expect(own.misses).toContain(
      "correct times: use_localtime=YES writes the server's local time (America/New_York) without a zone; msgmon reads vsftpd times as UTC, -0500 off",
    );
    expect(own.changes).toContainEqual({
      file: '/etc/vsftpd.conf',
      line,
      now: 'use_localtime=YES',
      set: 'use_localtime=NO',
      why: 'vsftpd writes UTC times, which msgmon reads as they are; then restart vsftpd',
    });
  });

  it("ProFTPD: Debian's TransferLog + SystemLog see transfers only; msgmon's ExtendedLog sees everything", () => {
    const shipped =
      'Include /etc/proftpd/modules.conf\nServerName "Debian"\nTransferLog /var/log/proftpd/xferlog\nSystemLog   /var/log/proftpd/proftpd.log\nInclude /etc/proftpd/conf.d/\n';
    const r = judge({ '/etc/proftpd/proftpd.conf': shipped, '/etc/proftpd/modules.conf': 'LoadModule mod_ctrls_admin.c\n', '/var/log/proftpd/xferlog': '' });
    const p = server(r, 'ProFTPD');
    expect(p.config).toEqual(['/etc/proftpd/proftpd.conf', '/etc/proftpd/modules.conf']);
    expect(p.sees[0]).toContain('TransferLog /var/log/proftpd/xferlog, xferlog');
    expect(p.notes[0]).toBe('SystemLog /var/log/proftpd/proftpd.log (/etc/proftpd/proftpd.conf line 4): free text, not read by msgmon');
    expect(p.changes.map((c) => c.set)).toEqual([
      'LogFormat msgmon "%{%Y-%m-%dT%H:%M:%S%z}t %a [%P] %{protocol} \\"%r\\" \\"%f\\" \\"%w\\" %b %T \\"%E\\" %u %U %s %S"',
      'ExtendedLog /var/log/proftpd/msgmon.log ALL,CONNECT,EXIT msgmon',
    ]);
    const fixed = judge({ '/etc/proftpd/proftpd.conf': shipped, '/etc/proftpd/conf.d/msgmon.conf': p.changes.map((c) => c.set).join('\n') + '\n' });
    const q = server(fixed, 'ProFTPD');
    expect(q.misses).toEqual([]);
    expect(q.sources.map((s) => s.command)).toEqual(['msgmon sources add web1-proftpd --system web1 --format proftpd --path /var/log/proftpd/msgmon.log']);
  });

  it("Pure-FTPd (Debian's conf folder): syslog facility ftp to /var/log/syslog; without LogPID no sessions, the file to create", () => {
    const r = judge({
      '/etc/pure-ftpd/conf/PAMAuthentication': 'yes\n',
      '/etc/pure-ftpd/conf/AltLog': 'clf:/var/log/pure-ftpd/transfer.log\n',
      '/etc/rsyslog.conf': DEBIAN_RSYSLOG,
      '/var/log/syslog': authLog,
    });
    const p = server(r, 'Pure-FTPd');
    expect(p.misses).toEqual([
      'sessions: without LogPID (-1) the lines carry no process id, so they cannot be told apart per connection',
      'Pure-FTPd lines (facility ftp): /var/log/syslog (root:adm 640) is not readable by mon',
    ]);
    expect(p.changes.map((c) => [c.file, c.set])).toEqual([
      ['/etc/pure-ftpd/conf/LogPID', 'yes'],
      [null, 'usermod -aG adm mon'],
    ]);
    expect(p.sources.map((s) => s.command)).toEqual(['msgmon sources add web1-pureftpd --system web1 --format pureftpd --path /var/log/syslog']);
  });

  it('a configuration the user cannot read (RHEL ships sshd_config and vsftpd.conf root 0600) is a miss, not silence', () => {
    const secret = { text: 'Subsystem sftp internal-sftp -l INFO\n', mode: '600', owner: 'root', group: 'root', readable: false };
    const r = judge({ '/etc/ssh/sshd_config': secret, '/etc/vsftpd/vsftpd.conf': secret });
    expect(r.missing).toBe(true);
    expect(r.servers.map((s) => [s.server, s.misses])).toEqual([
      ['OpenSSH sshd', ['cannot judge OpenSSH sshd: /etc/ssh/sshd_config (root:root 600) is not readable by mon']],
      ['vsftpd', ['cannot judge vsftpd: /etc/vsftpd/vsftpd.conf (root:root 600) is not readable by mon']],
    ]);
    expect(r.servers[0]!.notes).toEqual(['give mon read access (setfacl -m u:mon:r /etc/ssh/sshd_config), or run msgmon doctor --local as root on the server']);
  });

  it('rsyslog selectors: later parts override, .none excludes, priorities above info do not take info lines', () => {
    expect(selectorTakes('*.*;auth,authpriv.none', 'auth')).toBe(false);
    expect(selectorTakes('auth,authpriv.*', 'auth')).toBe(true);
    expect(selectorTakes('*.info;mail.none;authpriv.none;cron.none', 'ftp')).toBe(true);
    expect(selectorTakes('*.notice', 'auth')).toBe(false);
  });
});

describe('data-file watch (auditd)', () => {
  const rootOnly = { mode: '600', owner: 'root', group: 'root', readable: false };
  const tree: Record<string, Entry> = {
    '/etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\nlog_group = root\n',
    '/etc/audit/rules.d/audit.rules': '-D\n-b 8192\n-w /srv/ftp/in -p wa -k uploads\n',
    '/var/log/audit/audit.log': rootOnly,
  };

  it('proposes a watch rule per folder of the sensitive paths that has none, and the audit source', () => {
    const r = judge(tree, {}, ['/srv/ftp/in/*', '/srv/finance/*.csv', '/srv/finance/2026/*', '*/payroll/*']);
    const a = server(r, 'Linux audit (data-file watch)');
    expect(a.sees).toEqual(['reads and changes of files under /srv/ftp/in (watch in /etc/audit/rules.d/audit.rules line 3)']);
    expect(a.misses).toEqual([
      'who opens files under /srv/finance (sensitive path /srv/finance/*.csv): no audit watch',
      'the audit events: /var/log/audit/audit.log (root:root 600) is not readable by mon',
    ]);
    expect(a.changes.map((c) => [c.file, c.set])).toEqual([
      ['/etc/audit/rules.d/msgmon.rules', '-w /srv/finance -p rwxa -k msgmon'],
      [null, 'auditctl -w /srv/finance -p rwxa -k msgmon'],
      ['/etc/audit/auditd.conf', 'log_group = mon'],
    ]);
    expect(a.notes).toContain('sensitive path */payroll/*: no folder to watch (give an absolute path without a wildcard in its first part)');
    expect(a.notes).toContain('sensitive path /srv/finance/2026/*: covered by the watch on /srv/finance');
    expect(a.sources.map((s) => s.command)).toEqual(['msgmon sources add web1-audit --system web1 --format auditd --path /var/log/audit/audit.log']);
    expect(r.missing).toBe(true);
  });

  it('says to install auditd where it is missing, and has nothing to say without watched paths', () => {
    const a = server(judge({}, {}, ['/srv/data']), 'Linux audit (data-file watch)');
    expect(a.misses[0]).toBe('who opens the watched files: auditd is not installed');
    expect(a.changes.map((c) => c.set)).toEqual([
      'apt-get install auditd   (RHEL: dnf install audit)',
      '-w /srv/data -p rwxa -k msgmon',
      'auditctl -w /srv/data -p rwxa -k msgmon',
    ]);
    expect(judge(tree).servers.map((s) => s.server)).not.toContain('Linux audit (data-file watch)');
  });
});
