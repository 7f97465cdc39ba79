// Starts a REAL systemd-journald (Debian 12: 252) in its own journal namespace while systemd is not PID 1:
// its own sockets in /run/systemd/journal.NS, its own files in /var/log/journal/MACHINE-ID.NS (read with
// journalctl --directory), and cgroups standing in for systemd units, so entries carry _SYSTEMD_UNIT as on
// a machine booted with systemd (journald takes the unit from the sender's cgroup).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, killTree, mustRun, run, sleep, waitFor } from './system.js';

/** A running journald namespace. */
export interface Journald {
  namespace: string;
  /** The journal folder: journalctl --directory=… reads it. */
  directory: string;
  /** Its syslog socket (/dev/log of the programs that log to it). */
  devLog: string;
  pid: number;
  /** Moves a running process (and what it forks from now on) into the cgroup of `unit`. */
  joinUnit(pid: number, unit: string): void;
  /** Sends syslog messages as `ident[pid]` (logger's pid) from a process in `unit` (null: in no unit); a Buffer is sent as its bytes. */
  log(unit: string | null, ident: string, messages: Array<string | Buffer>): Promise<void>;
  /** Entries of the journal for `journalctl` arguments such as ['-u', 'ssh.service'], as JSON objects. */
  entries(args: string[]): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/** The cgroup2 hierarchy journald reads units from: /sys/fs/cgroup/unified on a hybrid host, else /sys/fs/cgroup. */
function cgroupRoot(): string {
  return existsSync('/sys/fs/cgroup/unified/cgroup.procs') ? '/sys/fs/cgroup/unified' : '/sys/fs/cgroup';
}

/** Starts journald for a fresh namespace; resolves once its socket and journal file exist. */
export async function startJournald(): Promise<Journald> {
  const namespace = `msgmon${process.pid}x${Math.floor(Math.random() * 1e6)}`;
  // A container may come without a machine ID; journald names its folder after it.
  if (!existsSync('/etc/machine-id') || readFileSync('/etc/machine-id', 'utf8').trim() === '') await mustRun('systemd-machine-id-setup', []);
  const machine = readFileSync('/etc/machine-id', 'utf8').trim();
  const directory = `/var/log/journal/${machine}.${namespace}`;
  const runDir = `/run/systemd/journal.${namespace}`;
  const conf = `/etc/systemd/journald@${namespace}.conf`;
  // Files in /var/log/journal (created if missing); tests log thousands of entries in seconds: no rate limit
  // (the default drops beyond 10000 per 30 s and unit). A namespace's journald exits after 30 s without a
  // stream client ("Server is idle, exiting") unless it must enforce a retention longer than that.
  writeFileSync(conf, '[Journal]\nStorage=persistent\nRateLimitIntervalSec=0\nMaxRetentionSec=1d\n');
  const slice = join(cgroupRoot(), `${namespace}.slice`);
  mkdirSync(slice);
  const child = spawn('/lib/systemd/systemd-journald', [namespace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SYSTEMD_LOG_TARGET: 'console' },
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const devLog = join(runDir, 'dev-log');
  const pid = child.pid!;
  await waitFor(
    () => (!alive(pid) ? Promise.reject(new Error(`systemd-journald exited: ${out}`)) : existsSync(devLog) && existsSync(join(directory, 'system.journal'))),
    10_000,
    'systemd-journald to start',
  );

  const unitDir = (unit: string) => {
    const d = join(slice, unit);
    mkdirSync(d, { recursive: true });
    return d;
  };
  return {
    namespace,
    directory,
    devLog,
    pid,
    joinUnit(p, unit) {
      writeFileSync(join(unitDir(unit), 'cgroup.procs'), String(p));
    },
    async log(unit, ident, messages) {
      const into = unit ? `echo $$ > ${join(unitDir(unit), 'cgroup.procs')} && ` : '';
      // logger sends each line of its input as one message (bytes as they are); -u: this journald's socket.
      // --id without a value: its own pid (root's logger --id=N sends N as the sender's pid, and journald then
      // takes the unit of whatever process N is).
      const p = spawn('sh', ['-c', `${into}exec logger -u '${devLog}' -t '${ident}' --id`], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      p.stderr!.on('data', (d) => {
        err += d;
      });
      const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
      p.stdin!.write(Buffer.concat(messages.flatMap((m) => [Buffer.isBuffer(m) ? m : Buffer.from(m), Buffer.from('\n')])));
      // journald reads the sender's cgroup (its unit) when it handles a message, so logger must still run then
      // (a loaded journald handles them late): its input stays open until the journal holds every line.
      const stored = async () =>
        (await run('journalctl', [`--directory=${directory}`, '--no-pager', '-q', '-o', 'cat', `_PID=${p.pid}`])).stdout.split('\n').length - 1;
      await waitFor(async () => p.exitCode !== null || (await stored()) >= messages.length, 60_000, `journald to store ${messages.length} lines of ${ident}`);
      p.stdin!.end();
      if ((await closed) !== 0) throw new Error(`logger: ${err}`);
    },
    async entries(args) {
      const r = await run('journalctl', [`--directory=${directory}`, '--no-pager', '-o', 'json', ...args]);
      if (r.code !== 0) throw new Error(`journalctl: ${r.stderr}`);
      return r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    async stop() {
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      for (let i = 0; i < 40; i++) {
        // A unit's cgroup can go once its processes have ended.
        const left =
          (await run('sh', ['-c', `for d in '${slice}'/*/; do rmdir "$d" 2>/dev/null; done; rmdir '${slice}' 2>/dev/null; test -d '${slice}'`])).code === 0;
        if (!left) break;
        await sleep(100);
      }
      rmSync(directory, { recursive: true, force: true });
      rmSync(runDir, { recursive: true, force: true });
      rmSync(conf, { force: true });
    },
  };
}
