// Starts a REAL Pure-FTPd (Debian 12: 1.0.50) in the foreground on 127.0.0.1, logging through syslog to a private rsyslogd.
// Like proftpd it conflicts with the installed vsftpd in Debian, so the package's binary may be used unpacked (.ci/run).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { alive, ensureUser, killTree, mustRun } from './system.js';
import { passiveBase, spawnListening } from './listen.js';
import { withDevLog } from './dev-log.js';
import type { FtpUser } from './vsftpd.js';
import { cryptHash, runToken } from './ftp-auth.js';

/** Where the pure-ftpd binary is: the installed package, else the unpacked one. */
export const PUREFTPD_BINS = ['/usr/sbin/pure-ftpd', '/opt/msgmon-ftpd/usr/sbin/pure-ftpd'];

/** Default account of the Pure-FTPd tests (its own, so its home is its own). */
export const PUREFTPD_USER: FtpUser = { user: 'msgmon_puftp1' };

/** A running pure-ftpd. */
export interface PureFtpdServer {
  port: number;
  pid: number;
  dir: string;
  user: string;
  password: string;
  home: string;
  /** The -O xferlog: alternative log. */
  xferLog: string;
  stop(): Promise<void>;
}

/**
 * Starts pure-ftpd with the run's PureDB (-l puredb: key-only Unix accounts have no password to check; the user
 * maps to its Unix account's uid, gid and home), no anonymous (-E), no DNS (-H), the pid in every syslog line (-1),
 * every command logged (-d), passive ports on 127.0.0.1, and an xferlog-format alternative log (-O).
 */
export async function startPureFtpd(syslogSocket: string): Promise<PureFtpdServer> {
  const bin = PUREFTPD_BINS.find((b) => existsSync(b));
  if (!bin) throw new Error(`pure-ftpd not found (${PUREFTPD_BINS.join(', ')}): run .ci/run's setup or apt-get install pure-ftpd`);
  const acct = await ensureUser(PUREFTPD_USER.user);
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-pureftpd-'));
  chmodSync(dir, 0o755);
  const password = runToken();
  const pdb = join(dir, 'pureftpd.pdb');
  writeFileSync(join(dir, 'pureftpd.passwd'), `${PUREFTPD_USER.user}:${cryptHash(password)}:${acct.uid}:${acct.gid}::${acct.home}::::::::::::\n`, {
    mode: 0o600,
  });
  await mustRun(join(dirname(dirname(bin)), 'bin', 'pure-pw'), ['mkdb', pdb, '-f', join(dir, 'pureftpd.passwd')]);
  const { port, pid } = await spawnListening('pure-ftpd', (p) => {
    const pasv = passiveBase();
    const args = [
      '-S',
      `127.0.0.1,${p}`,
      '-l',
      `puredb:${pdb}`,
      '-E',
      '-H',
      '-1',
      '-d',
      '-p',
      `${pasv}:${pasv + 199}`,
      '-P',
      '127.0.0.1',
      '-O',
      `xferlog:${join(dir, 'xferlog')}`,
      '-g',
      join(dir, 'pure-ftpd.pid'),
    ];
    return spawn(...withDevLog(syslogSocket, bin, args), { stdio: ['ignore', 'pipe', 'pipe'] });
  });
  return {
    port,
    pid,
    dir,
    user: PUREFTPD_USER.user,
    password,
    home: acct.home,
    xferLog: join(dir, 'xferlog'),
    async stop() {
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
