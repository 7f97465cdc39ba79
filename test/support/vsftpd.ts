// Starts a REAL vsftpd (Debian 12: 3.0.3) as root on 127.0.0.1 with its own config, logs and user, for tests and demo capture.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDevLog } from './dev-log.js';
import { privatePamService, runToken } from './ftp-auth.js';
import { alive, ensureUser, freePort, isListening, killTree, mustRun, sleep } from './system.js';

/** A local account the server accepts (key-only Unix account; its FTP password is a token of the run). */
export interface FtpUser {
  user: string;
}

/** Options for startVsftpd. */
export interface VsftpdOptions {
  /** Accounts to create/ensure; the first one is returned as user/password (its run token). Default msgmon_ftp1. */
  users?: FtpUser[];
  /** true (default): each user lands in <dir>/home/<user> (local_root), isolating parallel tests; false: real home dirs. */
  isolatedHomes?: boolean;
  /** Also offer explicit FTPS (AUTH TLS) with a fresh self-signed certificate; plain FTP keeps working. */
  tls?: boolean;
  /** Extra vsftpd.conf lines, e.g. { use_localtime: 'YES' }. */
  extra?: Record<string, string>;
  /** Keep the temp dir (config, logs, homes) after stop(). */
  keep?: boolean;
  /** Unix datagram socket vsftpd sees as /dev/log (for extra { syslog_enable: 'YES' }). */
  syslogSocket?: string;
  /**
   * A shipped vsftpd.conf to run as it is (e.g. Debian's /etc/vsftpd.conf): only what a private run needs is
   * appended (listen address and port, passive ports, the log files' folder, homes, chroot dir); its logging
   * settings stay as shipped. `extra` still applies after it.
   */
  base?: string;
}

/** What a private run of a shipped config must change (later lines win in vsftpd.conf); no logging setting. */
const PRIVATE_RUN = [
  'listen',
  'listen_ipv6',
  'listen_address',
  'listen_port',
  'background',
  'vsftpd_log_file',
  'xferlog_file',
  'pam_service_name',
  'pasv_enable',
  'pasv_address',
  'pasv_min_port',
  'pasv_max_port',
  'secure_chroot_dir',
  'seccomp_sandbox',
  'max_per_ip',
  'max_clients',
  'user_sub_token',
  'local_root',
];

/** A running vsftpd. */
export interface VsftpdServer {
  port: number;
  logFile: string;
  xferLog: string;
  user: string;
  password: string;
  home: string;
  users: FtpUser[];
  dir: string;
  pid: number;
  tls: boolean;
  /** The FTP password of a configured user: a random token of this run (PAM service of the run). */
  passwordOf(user: string): string;
  /** Home (landing directory) of any configured user. */
  homeOf(user: string): string;
  /** Kills the listener and every session process, waits for them, removes the temp dir unless keep. */
  stop(): Promise<void>;
}

/** Default account used by tests. */
export const DEFAULT_FTP_USER: FtpUser = { user: 'msgmon_ftp1' };

function configText(dir: string, port: number, pasv: number, pam: string, o: VsftpdOptions): string {
  const lines: Record<string, string> = {
    listen: 'YES',
    listen_ipv6: 'NO',
    listen_address: '127.0.0.1',
    listen_port: String(port),
    background: 'NO',
    anonymous_enable: 'NO',
    local_enable: 'YES',
    write_enable: 'YES',
    local_umask: '022',
    chmod_enable: 'YES',
    dirmessage_enable: 'NO',
    connect_from_port_20: 'NO',
    dual_log_enable: 'YES',
    log_ftp_protocol: 'YES',
    vsftpd_log_file: join(dir, 'vsftpd.log'),
    xferlog_enable: 'YES',
    xferlog_file: join(dir, 'xferlog'),
    pasv_enable: 'YES',
    pasv_address: '127.0.0.1',
    pasv_min_port: String(pasv),
    pasv_max_port: String(pasv + 199),
    secure_chroot_dir: join(dir, 'empty'),
    pam_service_name: pam,
    seccomp_sandbox: 'NO',
    max_per_ip: '0',
    max_clients: '0',
  };
  if (o.isolatedHomes !== false) {
    lines.user_sub_token = '$USER';
    lines.local_root = join(dir, 'home', '$USER');
  }
  if (o.tls) {
    Object.assign(lines, {
      ssl_enable: 'YES',
      rsa_cert_file: join(dir, 'cert.pem'),
      rsa_private_key_file: join(dir, 'key.pem'),
      allow_anon_ssl: 'NO',
      force_local_logins_ssl: 'NO',
      force_local_data_ssl: 'NO',
      require_ssl_reuse: 'NO',
      ssl_ciphers: 'HIGH', // 3.0.3's default DES-CBC3-SHA does not exist in OpenSSL 3
    });
  }
  if (o.base !== undefined) for (const k of Object.keys(lines)) if (!PRIVATE_RUN.includes(k) && !(o.tls && k.includes('ssl'))) delete lines[k];
  Object.assign(lines, o.extra ?? {});
  return (
    (o.base ?? '') +
    Object.entries(lines)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n'
  );
}

/** Starts vsftpd on a free 127.0.0.1 port and resolves once it listens (retries when the port was taken meanwhile). */
export async function startVsftpd(opts: VsftpdOptions = {}): Promise<VsftpdServer> {
  const users = opts.users ?? [DEFAULT_FTP_USER];
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-vsftpd-'));
  chmodSync(dir, 0o755); // local users must traverse it to reach <dir>/home/<user>
  mkdirSync(join(dir, 'empty'), { mode: 0o755 });
  const homes = new Map<string, string>();
  const tokens = new Map(users.map((u) => [u.user, runToken()]));
  const pam = privatePamService(dir, tokens);
  for (const u of users) {
    const acct = await ensureUser(u.user);
    let home = acct.home;
    if (opts.isolatedHomes !== false) {
      home = join(dir, 'home', u.user);
      mkdirSync(home, { recursive: true, mode: 0o755 });
      chownSync(home, acct.uid, acct.gid);
    }
    homes.set(u.user, home);
  }
  if (opts.tls) {
    await mustRun('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const pasv = 30000 + Math.floor(Math.random() * 150) * 200;
    const conf = join(dir, 'vsftpd.conf');
    writeFileSync(conf, configText(dir, port, pasv, pam.name, opts), { mode: 0o600 });
    const child = opts.syslogSocket
      ? spawn(...withDevLog(opts.syslogSocket, '/usr/sbin/vsftpd', [conf]), { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/usr/sbin/vsftpd', [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const end = Date.now() + 5000;
    while (!exited && !(await isListening(port)) && Date.now() < end) await sleep(20);
    if (!exited && (await isListening(port))) {
      const pid = child.pid!;
      return {
        port,
        pid,
        dir,
        users,
        tls: !!opts.tls,
        logFile: join(dir, 'vsftpd.log'),
        xferLog: join(dir, 'xferlog'),
        user: users[0].user,
        password: tokens.get(users[0].user)!,
        home: homes.get(users[0].user)!,
        homeOf: (u) => homes.get(u) ?? '',
        passwordOf: (u) => tokens.get(u) ?? '',
        async stop() {
          if (alive(pid)) await killTree(pid, 'SIGTERM');
          pam.remove();
          if (!opts.keep) rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!exited) await killTree(child.pid!, 'SIGKILL');
    if (attempt >= 5) {
      pam.remove();
      throw new Error(`vsftpd did not start: ${out.trim()}`);
    }
  }
}

/** Waits until predicate(all lines of file) is true; resolves with the lines (a missing file counts as empty). */
export async function waitForLogLines(file: string, predicate: (lines: string[]) => boolean, timeoutMs = 5000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let lines: string[] = [];
    try {
      lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
    } catch {
      /* not yet written */
    }
    if (predicate(lines)) return lines;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for lines in ${file}; have:\n${lines.slice(-20).join('\n')}`);
    await sleep(50);
  }
}
