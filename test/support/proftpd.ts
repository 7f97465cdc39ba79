// Starts a REAL ProFTPD (Debian 12: 1.3.8) as root on 127.0.0.1 with its own config, logs and user, in the foreground,
// plain FTP and explicit FTPS.
// Debian's FTP servers conflict (Conflicts: ftp-server), so next to the installed vsftpd the package's own binary is
// used unpacked (`dpkg-deb -x`, see .ci/run) when /usr/sbin/proftpd is not there.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { alive, ensureUser, killTree, mustRun } from './system.js';
import { passiveBase, spawnListening } from './listen.js';
import type { FtpUser } from './vsftpd.js';
import { cryptHash, runToken } from './ftp-auth.js';

/** Where the proftpd binary is: the installed package, else the unpacked one. */
export const PROFTPD_BINS = ['/usr/sbin/proftpd', '/opt/msgmon-ftpd/usr/sbin/proftpd'];

/** The LogFormat README documents for the proftpd format. */
export const MSGMON_LOGFORMAT = '%{%Y-%m-%dT%H:%M:%S%z}t %a [%P] %{protocol} "%r" "%f" "%w" %b %T "%E" %u %U %s %S';

/** A running proftpd. */
export interface ProftpdServer {
  port: number;
  pid: number;
  dir: string;
  user: string;
  password: string;
  home: string;
  /** ExtendedLog with MSGMON_LOGFORMAT; TransferLog (xferlog format). */
  extendedLog: string;
  transferLog: string;
  stop(): Promise<void>;
}

/** Default account of the ProFTPD tests (its own, so its home is its own). */
export const PROFTPD_USER: FtpUser = { user: 'msgmon_pftp1' };

/**
 * The private config: standalone on 127.0.0.1, the run's AuthUserFile (key-only Unix accounts have no password to
 * check), the ExtendedLog and TransferLog msgmon reads, and
 * explicit FTPS (mod_tls from proftpd-mod-crypto, a self-signed certificate) offered next to plain FTP.
 */
function configText(dir: string, modules: string, port: number, pasv: number): string {
  const quoted = MSGMON_LOGFORMAT.replace(/"/g, '\\"');
  return [
    'ServerType standalone',
    'ServerName "msgmon test"',
    'DefaultAddress 127.0.0.1',
    `Port ${port}`,
    'SocketBindTight on',
    'UseIPv6 off',
    'User nobody',
    'Group nogroup',
    `ScoreboardFile ${dir}/scoreboard`,
    `PidFile ${dir}/proftpd.pid`,
    'DelayTable none',
    'WtmpLog off',
    'AuthPAM off',
    'AuthOrder mod_auth_file.c',
    `AuthUserFile ${dir}/ftpd.passwd`,
    'RequireValidShell off',
    'UseReverseDNS off',
    `PassivePorts ${pasv} ${pasv + 199}`,
    'MaxInstances 50',
    `SystemLog ${dir}/system.log`,
    `TransferLog ${dir}/xferlog`,
    `LogFormat msgmon "${quoted}"`,
    `ExtendedLog ${dir}/extended.log ALL,CONNECT,EXIT msgmon`,
    `ModulePath ${modules}`,
    'LoadModule mod_tls.c',
    'TLSEngine on',
    'TLSProtocol TLSv1.2 TLSv1.3',
    'TLSRequired off',
    `TLSRSACertificateFile ${dir}/cert.pem`,
    `TLSRSACertificateKeyFile ${dir}/key.pem`,
    'TLSOptions NoSessionReuseRequired',
    '<Directory />',
    '  AllowOverwrite on',
    '</Directory>',
    '',
  ].join('\n');
}

/** Starts `proftpd -n` on a free port; resolves once it listens. */
export async function startProftpd(): Promise<ProftpdServer> {
  const bin = PROFTPD_BINS.find((b) => existsSync(b));
  if (!bin) throw new Error(`proftpd not found (${PROFTPD_BINS.join(', ')}): run .ci/run's setup or apt-get install proftpd-core proftpd-mod-crypto`);
  const acct = await ensureUser(PROFTPD_USER.user);
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-proftpd-'));
  chmodSync(dir, 0o755);
  const password = runToken();
  writeFileSync(join(dir, 'ftpd.passwd'), `${PROFTPD_USER.user}:${cryptHash(password)}:${acct.uid}:${acct.gid}::${acct.home}:/bin/bash\n`, { mode: 0o600 });
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
  const modules = join(dirname(dirname(bin)), 'lib', 'proftpd'); // …/usr/sbin/proftpd → …/usr/lib/proftpd
  const conf = join(dir, 'proftpd.conf');
  const { port, pid } = await spawnListening('proftpd', (p) => {
    writeFileSync(conf, configText(dir, modules, p, passiveBase()), { mode: 0o600 });
    return spawn(bin, ['-n', '-q', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  });
  return {
    port,
    pid,
    dir,
    user: PROFTPD_USER.user,
    password,
    home: acct.home,
    extendedLog: join(dir, 'extended.log'),
    transferLog: join(dir, 'xferlog'),
    async stop() {
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
