// `msgmon doctor` against a REAL sshd on 127.0.0.1 over the host's SSH connection, reading this machine's real
// /etc/rsyslog.conf, /etc/vsftpd.conf (Debian's shipped one) and /var/log/auth.log, and the test sshd's own
// sshd_config (the serving sshd's -f): internal-sftp without -l, with -l VERBOSE, vsftpd without log_ftp_protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSshd, type SshdServer } from './support/sshd.js';
import { ensureUser, run as runCmd } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_doc1' };
const AUTH_LOG = '/var/log/auth.log';
let createdAuthLog = false;
const servers: SshdServer[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-doctor-'));

beforeAll(async () => {
  await ensureUser(USER.user);
  await runCmd('gpasswd', ['-d', USER.user, 'adm']); // not a member yet (an earlier run may have left it)
  // Debian's rsyslog creates auth.log root:adm 0640; where no rsyslogd runs, the test puts it there the same way.
  if (!fs.existsSync(AUTH_LOG)) {
    fs.writeFileSync(AUTH_LOG, '', { mode: 0o640 });
    fs.chownSync(AUTH_LOG, 0, Number((await runCmd('getent', ['group', 'adm'])).stdout.split(':')[2]));
    createdAuthLog = true;
  }
}, 30_000);
afterAll(async () => {
  await runCmd('gpasswd', ['-d', USER.user, 'adm']);
  if (createdAuthLog) fs.rmSync(AUTH_LOG, { force: true });
  for (const s of servers) await s.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A real sshd with these sshd_config lines, a msgmon home with it as trusted host `d1`, and a runner. */
async function hostWith(extra: Record<string, string>) {
  const srv = await startSshd({ users: [USER], extra });
  servers.push(srv);
  const home = tempHome();
  const env = { HOME: fs.mkdtempSync(path.join(work, 'home-')), SSH_AUTH_SOCK: '' };
  const run = (...args: string[]) => msgmon(['--home', home, ...args], { env });
  expect(run('hosts', 'add', 'd1', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user, '--identity', srv.identityFile).code).toBe(0);
  expect(run('hosts', 'trust', 'd1').code).toBe(0);
  const conf = path.join(srv.dir, 'sshd_config');
  const lineOf = (prefix: string) =>
    fs
      .readFileSync(conf, 'utf8')
      .split('\n')
      .findIndex((l) => l.startsWith(prefix)) + 1;
  return { srv, run, conf, lineOf };
}

/** doctor --json, parsed, with its exit code. */
function doctorJson(run: (...a: string[]) => { code: number; stdout: string; stderr: string }) {
  const r = run('doctor', 'd1', '--json');
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout), server: (name: string) => JSON.parse(r.stdout).servers.find((s: any) => s.server === name) };
}

describe('doctor (real sshd)', () => {
  it('internal-sftp without -l: names the Subsystem line, its fix, and the unreadable auth.log', async () => {
    const { run, conf, lineOf } = await hostWith({ Subsystem: 'sftp internal-sftp' });
    const { code, report, server } = doctorJson(run);
    expect(code).toBe(1);
    expect(report).toMatchObject({ system: 'd1', user: USER.user, missing: true });
    expect(report.groups).toContain(USER.user);
    const sshd = server('OpenSSH sshd');
    expect(sshd.config).toEqual([conf]);
    expect(sshd.sees).toEqual(['SSH logons and failed logons (LogLevel INFO, facility AUTH)']);
    expect(sshd.misses).toEqual([
      'SFTP file operations of every user: internal-sftp without -l logs none (no uploads, downloads, deletes, renames)',
      `sshd/SFTP lines (facility AUTH): ${AUTH_LOG} (root:adm 640) is not readable by ${USER.user}`,
    ]);
    const line = lineOf('Subsystem');
    expect(line).toBeGreaterThan(0);
    expect(sshd.changes).toEqual([
      {
        file: conf,
        line,
        now: 'Subsystem sftp internal-sftp',
        set: 'Subsystem sftp internal-sftp -l INFO',
        why: 'logs every SFTP file operation of every user to facility AUTH; then reload sshd',
      },
      {
        file: null,
        line: null,
        now: null,
        set: `usermod -aG adm ${USER.user}`,
        why: `${AUTH_LOG} is readable by group adm; ${USER.user} must be a member, from its next login on`,
      },
    ]);
    expect(sshd.sources.map((s: any) => s.command)).toEqual([`msgmon sources add d1-auth --system d1 --format sshd,sftp --path ${AUTH_LOG}`]);
    expect(sshd.notes).toContain(`facility AUTH goes to ${AUTH_LOG} (/etc/rsyslog.conf line 60: auth,authpriv.*\t\t\t/var/log/auth.log)`);

    const text = run('doctor', 'd1');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${conf} line ${line}: Subsystem sftp internal-sftp\n      -> Subsystem sftp internal-sftp -l INFO\n`);
    expect(text.stdout).toContain(`    run: usermod -aG adm ${USER.user}\n`);
    expect(text.stdout).toContain('Something is missing: make the changes above, then run msgmon doctor again.');
  }, 60_000);

  it('internal-sftp -l VERBOSE: SFTP is seen; once the user is in adm nothing is missing for sshd', async () => {
    const { run } = await hostWith({ Subsystem: 'sftp internal-sftp -l VERBOSE -f AUTH' });
    let sshd = doctorJson(run).server('OpenSSH sshd');
    expect(sshd.sees).toContain(
      'SFTP file operations of every user: uploads, downloads, deletes, renames, directories (internal-sftp -l VERBOSE, facility AUTH)',
    );
    expect(sshd.misses).toEqual([`sshd/SFTP lines (facility AUTH): ${AUTH_LOG} (root:adm 640) is not readable by ${USER.user}`]);
    expect(sshd.changes.map((c: any) => c.set)).toEqual([`usermod -aG adm ${USER.user}`]);

    expect((await runCmd('usermod', ['-aG', 'adm', USER.user])).code).toBe(0);
    const after = doctorJson(run);
    sshd = after.server('OpenSSH sshd');
    expect(after.report.groups).toContain('adm');
    expect(sshd.misses).toEqual([]);
    expect(sshd.changes).toEqual([]);
    // Only the machine's stock vsftpd.conf still misses something.
    expect(after.report.servers.filter((s: any) => s.misses.length).map((s: any) => s.server)).toEqual(['vsftpd']);
    expect(after.code).toBe(1);
    await runCmd('gpasswd', ['-d', USER.user, 'adm']);
  }, 60_000);

  it("vsftpd with Debian's shipped vsftpd.conf (no log_ftp_protocol): logons and transfers seen, protocol lines missing, the line to add", async () => {
    const { run } = await hostWith({});
    const vs = doctorJson(run).server('vsftpd');
    expect(vs.config).toEqual(['/etc/vsftpd.conf']);
    expect(vs.sees).toEqual([
      'connects, logons, failed logons, uploads and downloads (user, client, path, bytes), deletes, renames, mkdir/rmdir, chmod (vsftpd format, /var/log/vsftpd.log)',
    ]);
    expect(vs.misses[0]).toBe(
      'directory changes (CWD), listings (LIST), SITE commands and logouts (QUIT): log_ftp_protocol is NO (a session then ends only by the idle timeout)',
    );
    expect(vs.changes[0]).toEqual({
      file: '/etc/vsftpd.conf',
      line: null,
      now: null,
      set: 'log_ftp_protocol=YES',
      why: 'adds directory changes (CWD), listings (LIST), SITE commands and logouts (QUIT) to the vsftpd-format log; then restart vsftpd',
    });
    // /var/log/vsftpd.log is this machine's real file: other runs may have created it (vsftpd makes it root 0600).
    const log = fs.statSync('/var/log/vsftpd.log', { throwIfNoEntry: false });
    if (!log) expect(vs.misses).toHaveLength(1);
    else if (!(log.mode & 0o044)) {
      expect(vs.misses[1]).toMatch(new RegExp(`^/var/log/vsftpd\\.log \\(root:\\S+ \\d+\\) is not readable by ${USER.user}$`));
      expect(vs.changes[1].set).toBe(`setfacl -m u:${USER.user}:r /var/log/vsftpd.log`);
    }
    expect(vs.sources.map((s: any) => s.command)).toEqual(['msgmon sources add d1-ftp --system d1 --format vsftpd --path /var/log/vsftpd.log']);
  }, 60_000);

  it('--root reads a mounted system: a complete setup gives exit 0 and "Nothing is missing."', async () => {
    const { run } = await hostWith({});
    const root = fs.mkdtempSync(path.join(work, 'root-'));
    fs.chmodSync(work, 0o755);
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(path.join(root, 'etc/ssh/sshd_config.d'), { recursive: true });
    fs.mkdirSync(path.join(root, 'var/log'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/ssh/sshd_config'), 'Include /etc/ssh/sshd_config.d/*.conf\nSubsystem sftp /usr/lib/openssh/sftp-server\n');
    fs.writeFileSync(path.join(root, 'etc/ssh/sshd_config.d/10-sftp.conf'), 'Subsystem sftp internal-sftp -l INFO\n');
    fs.copyFileSync('/etc/rsyslog.conf', path.join(root, 'etc/rsyslog.conf'));
    fs.writeFileSync(path.join(root, 'var/log/auth.log'), '', { mode: 0o644 });
    const r = run('doctor', 'd1', '--root', root);
    expect(r.stdout).toContain(`OpenSSH sshd  (/etc/ssh/sshd_config, /etc/ssh/sshd_config.d/10-sftp.conf)`);
    expect(r.stdout).toContain('SFTP file operations of every user: uploads, downloads, deletes, renames, directories (internal-sftp -l INFO, facility AUTH)');
    expect(r.stdout).not.toContain('vsftpd');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('Nothing is missing.');
    expect(r.code).toBe(0);
  }, 60_000);

  it('usage: a host or --local, not both, not neither; an unknown host; --help has examples', () => {
    const home = tempHome();
    expect(msgmon(['--home', home, 'doctor']).code).toBe(2);
    expect(msgmon(['--home', home, 'doctor', 'x', '--local']).code).toBe(2);
    expect(msgmon(['--home', home, 'doctor', '--local', '--root', 'rel']).code).toBe(2);
    const nohost = msgmon(['--home', home, 'doctor', 'nosuch']);
    expect(nohost.code).toBe(1);
    expect(nohost.stderr).toContain('no host named nosuch (msgmon hosts list)');
    const help = msgmon(['doctor', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('msgmon doctor web1 --json');
  });
});
