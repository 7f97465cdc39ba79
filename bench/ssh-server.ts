// A private OpenSSH sshd for the SSH collector rows: 127.0.0.1 only, a free port, its own config, host key,
// bench user and client key in a temp dir. Needs root (sshd, useradd); when it cannot start, the caller gets
// the reason and the rows say "not available: …", never a number. Process and port helpers: ./process.js (the tests use them too).
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePort, isListening, killTree, sleep } from './process.js';
import { holdUser, releaseUser } from './unix-users.js';

/** The bench account sshd lets in with the generated key. */
export const BENCH_SSH_USER = 'msgmon_bench';

/** A running bench sshd. */
export interface BenchSshd {
  port: number;
  pid: number;
  dir: string;
  user: string;
  home: string;
  uid: number;
  gid: number;
  /** Private key authorized for the bench user. */
  identityFile: string;
  /** Kills sshd and its session processes, removes the temp dir. */
  stop(): Promise<void>;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as { code: number }).code) : 127) : 0;
      resolve({ code, stdout, stderr: stderr || (err && code === 127 ? err.message : '') });
    });
  });
}

async function mustRun(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args[0] ?? ''} exited ${r.code}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}

/** Why the bench sshd cannot run here, or undefined when it can try. */
export function sshdUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (sshd, useradd)';
  if (!existsSync('/usr/sbin/sshd')) return '/usr/sbin/sshd missing (apt-get install openssh-server)';
  if (!existsSync('/usr/bin/ssh-keygen')) return 'ssh-keygen missing';
  return undefined;
}

/** Start sshd -D on a free 127.0.0.1 port; resolves once it listens, throws with the reason otherwise. */
export async function startBenchSshd(): Promise<BenchSshd> {
  const why = sshdUnavailable();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-bench-sshd-'));
  try {
    chmodSync(dir, 0o755);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const hostKey = join(dir, 'ssh_host_ed25519_key');
    const identityFile = join(dir, 'id_ed25519');
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'msgmon-bench-host', '-f', hostKey]);
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'msgmon-bench-client', '-f', identityFile]);
    const acct = holdUser(BENCH_SSH_USER); // key-only; deleted again by the last process that holds it
    if (!existsSync(acct.home)) throw new Error(`${BENCH_SSH_USER} has no home directory`);
    mkdirSync(join(dir, 'authorized_keys'));
    writeFileSync(join(dir, 'authorized_keys', BENCH_SSH_USER), readFileSync(`${identityFile}.pub`));
    const log = join(dir, 'sshd.log');
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const conf: Record<string, string> = {
        Port: String(port),
        ListenAddress: '127.0.0.1',
        HostKey: hostKey,
        PidFile: join(dir, 'sshd.pid'),
        UsePAM: 'no',
        PasswordAuthentication: 'no',
        KbdInteractiveAuthentication: 'no',
        PubkeyAuthentication: 'yes',
        AuthorizedKeysFile: join(dir, 'authorized_keys', '%u'),
        StrictModes: 'no',
        AllowUsers: BENCH_SSH_USER,
        LogLevel: 'ERROR',
        PrintMotd: 'no',
        X11Forwarding: 'no',
        // The collector opens 1 control shell + up to 8 tail channels per connection (within MaxSessions 10), and
        // the 50-sources row opens 7 connections at once (more than MaxStartups' default 10:30:100 lets in calmly).
        MaxSessions: '10',
        MaxStartups: '64',
      };
      const confFile = join(dir, 'sshd_config');
      writeFileSync(
        confFile,
        Object.entries(conf)
          .map(([k, v]) => `${k} ${v}`)
          .join('\n') + '\n',
      );
      const child = spawn('/usr/sbin/sshd', ['-D', '-f', confFile, '-E', log], { stdio: 'ignore' });
      const pid = child.pid;
      if (pid === undefined) throw new Error('sshd did not spawn');
      const end = Date.now() + 5000;
      while (alive(pid) && !isListening(port) && Date.now() < end) await sleep(20);
      if (alive(pid) && isListening(port)) {
        return {
          port,
          pid,
          dir,
          user: BENCH_SSH_USER,
          home: acct.home,
          uid: acct.uid,
          gid: acct.gid,
          identityFile,
          async stop() {
            if (alive(pid)) await killTree(pid);
            rmSync(dir, { recursive: true, force: true });
            releaseUser(BENCH_SSH_USER);
          },
        };
      }
      if (alive(pid)) await killTree(pid);
      if (attempt >= 3) {
        const said = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').pop() : '';
        throw new Error(`sshd did not start${said ? `: ${said}` : ''}`);
      }
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
