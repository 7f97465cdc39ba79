// Starts a REAL Pure-FTPd (Debian 12: 1.0.50) in the foreground on 127.0.0.1, logging through syslog to a private rsyslogd.
// Like proftpd it conflicts with the installed vsftpd in Debian, so the package's binary may be used unpacked (.ci/run).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, ensureUser, freePort, isListening, killTree, sleep } from './system.js';
import { withDevLog } from './dev-log.js';
import type { FtpUser } from './vsftpd.js';

/** Where the pure-ftpd binary is: the installed package, else the unpacked one. */
export const PUREFTPD_BINS = ['/usr/sbin/pure-ftpd', '/opt/msgmon-ftpd/usr/sbin/pure-ftpd'];

/** Default account of the Pure-FTPd tests (its own, so its home is its own). */
export const PUREFTPD_USER: FtpUser = { user: 'msgmon_puftp1', password: 'Puftp1-Secret!' };

/** A running pure-ftpd. */
export interface PureFtpdServer {
  port: number; pid: number; dir: string; user: string; password: string; home: string;
  /** The -O xferlog: alternative log. */
  xferLog: string;
  stop(): Promise<void>;
}

/**
 * Starts pure-ftpd with Unix accounts (-l unix), no anonymous (-E), no DNS (-H), the pid in every syslog line (-1),
 * every command logged (-d), passive ports on 127.0.0.1, and an xferlog-format alternative log (-O).
 */
export async function startPureFtpd(syslogSocket: string): Promise<PureFtpdServer> {
  const bin = PUREFTPD_BINS.find((b) => existsSync(b));
  if (!bin) throw new Error(`pure-ftpd not found (${PUREFTPD_BINS.join(', ')}): run .ci/run's setup or apt-get install pure-ftpd`);
  const acct = await ensureUser(PUREFTPD_USER.user, PUREFTPD_USER.password);
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-pureftpd-'));
  chmodSync(dir, 0o755);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const pasv = 30000 + Math.floor(Math.random() * 150) * 200;
    const args = ['-S', `127.0.0.1,${port}`, '-l', 'unix', '-E', '-H', '-1', '-d', '-p', `${pasv}:${pasv + 199}`, '-P', '127.0.0.1',
      '-O', `xferlog:${join(dir, 'xferlog')}`, '-g', join(dir, 'pure-ftpd.pid')];
    const child = spawn(...withDevLog(syslogSocket, bin, args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    let exited = false;
    child.once('exit', () => { exited = true; });
    const end = Date.now() + 10_000;
    while (!exited && !(await isListening(port)) && Date.now() < end) await sleep(20);
    if (!exited && (await isListening(port))) {
      const pid = child.pid!;
      return {
        port, pid, dir, user: PUREFTPD_USER.user, password: PUREFTPD_USER.password, home: acct.home, xferLog: join(dir, 'xferlog'),
        async stop() {
          if (alive(pid)) await killTree(pid, 'SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!exited) await killTree(child.pid!, 'SIGKILL');
    if (attempt >= 5) throw new Error(`pure-ftpd did not start: ${out.trim()}`);
  }
}
