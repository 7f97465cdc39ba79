// Starts a REAL OpenSSH sshd (Debian 12: 9.2p1) on 127.0.0.1 with its own config, host key and client key, logging to a private syslog socket.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, ensureUser, freePort, isListening, killTree, mustRun, sleep } from './system.js';
import { withDevLog } from './dev-log.js';

/** A local account sshd accepts with the generated key (key-only: it has no password, password logons fail). */
export interface SshUser {
  user: string;
}

/** Options for startSshd. */
export interface SshdOptions {
  /** Accounts to create/ensure; all get the generated key authorized. Default msgmon_sftp1. */
  users?: SshUser[];
  /** Unix datagram socket (e.g. startRsyslog().socket) that sshd and internal-sftp see as /dev/log. */
  syslogSocket?: string;
  /** sshd LogLevel; default INFO (Debian's default). VERBOSE adds connection/key/session lines. */
  logLevel?: 'QUIET' | 'FATAL' | 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG1';
  /** Authorize the key in each user's ~/.ssh/authorized_keys (overwritten) instead of <dir>/authorized_keys/<user>. */
  keysInHome?: boolean;
  /** Extra sshd_config lines, e.g. { MaxSessions: '20' }. */
  extra?: Record<string, string>;
  /** Keep the temp dir after stop(). */
  keep?: boolean;
}

/** A running sshd. */
export interface SshdServer {
  port: number;
  dir: string;
  pid: number;
  /** 'SHA256:…' of the host key, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** known_hosts file holding `[127.0.0.1]:port <host key>`. */
  knownHostsFile: string;
  /** Private key authorized for every user; wrongIdentityFile is a key authorized for nobody. */
  identityFile: string;
  wrongIdentityFile: string;
  user: string;
  users: SshUser[];
  /** Without syslogSocket: sshd's own -E log (no timestamps, no internal-sftp lines). */
  sshdLog: string;
  /** Kills the listener and all session processes, waits, removes the dir unless keep. */
  stop(): Promise<void>;
}

/** Default account used by tests. */
export const DEFAULT_SSH_USER: SshUser = { user: 'msgmon_sftp1' };

/** Starts sshd -D on a free 127.0.0.1 port; resolves once it listens. */
export async function startSshd(opts: SshdOptions = {}): Promise<SshdServer> {
  const users = opts.users ?? [DEFAULT_SSH_USER];
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-sshd-'));
  chmodSync(dir, 0o755);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir; sshd refuses to start without it
  const hostKey = join(dir, 'ssh_host_ed25519_key'),
    identityFile = join(dir, 'id_ed25519'),
    wrongIdentityFile = join(dir, 'id_wrong');
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'msgmon-test-host', '-f', hostKey]);
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'msgmon-test-client', '-f', identityFile]);
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'msgmon-test-unauthorized', '-f', wrongIdentityFile]);
  const hostKeyFingerprint = (await mustRun('ssh-keygen', ['-lf', `${hostKey}.pub`])).split(' ')[1];
  mkdirSync(join(dir, 'authorized_keys'));
  for (const u of users) {
    const acct = await ensureUser(u.user); // '*', not '!': UsePAM no refuses locked accounts
    writeFileSync(join(dir, 'authorized_keys', u.user), readFileSync(`${identityFile}.pub`));
    if (opts.keysInHome) {
      mkdirSync(join(acct.home, '.ssh'), { recursive: true, mode: 0o700 });
      writeFileSync(join(acct.home, '.ssh', 'authorized_keys'), readFileSync(`${identityFile}.pub`), { mode: 0o600 });
      for (const f of ['.ssh', '.ssh/authorized_keys']) chownSync(join(acct.home, f), acct.uid, acct.gid);
    }
  }
  const sshdLog = join(dir, 'sshd.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf: Record<string, string> = {
      Port: String(port),
      ListenAddress: '127.0.0.1',
      HostKey: hostKey,
      PidFile: join(dir, 'sshd.pid'),
      UsePAM: 'no',
      PasswordAuthentication: 'yes',
      KbdInteractiveAuthentication: 'no',
      PubkeyAuthentication: 'yes',
      AuthorizedKeysFile: opts.keysInHome ? '.ssh/authorized_keys' : join(dir, 'authorized_keys', '%u'),
      StrictModes: 'no', // /tmp is world-writable
      SyslogFacility: 'AUTH',
      LogLevel: opts.logLevel ?? 'INFO',
      PrintMotd: 'no',
      Subsystem: 'sftp internal-sftp -l VERBOSE -f AUTH',
      ...opts.extra,
    };
    const confFile = join(dir, 'sshd_config');
    writeFileSync(
      confFile,
      Object.entries(conf)
        .map(([k, v]) => `${k} ${v}`)
        .join('\n') + '\n',
    );
    const args = ['-D', '-f', confFile, ...(opts.syslogSocket ? [] : ['-E', sshdLog])];
    const child = opts.syslogSocket
      ? spawn(...withDevLog(opts.syslogSocket, '/usr/sbin/sshd', args), { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/usr/sbin/sshd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const end = Date.now() + 5000;
    while (alive(child.pid!) && !(await isListening(port)) && Date.now() < end) await sleep(20);
    if (alive(child.pid!) && (await isListening(port))) {
      const pid = child.pid!;
      const knownHostsFile = join(dir, 'known_hosts');
      writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8')}`);
      return {
        port,
        dir,
        pid,
        hostKeyFingerprint,
        knownHostsFile,
        identityFile,
        wrongIdentityFile,
        sshdLog,
        user: users[0].user,
        users,
        async stop() {
          if (alive(pid)) await killTree(pid, 'SIGTERM');
          if (!opts.keep) rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (alive(child.pid!)) await killTree(child.pid!, 'SIGKILL');
    if (attempt >= 5) throw new Error(`sshd did not start: ${out.trim()}`);
  }
}
