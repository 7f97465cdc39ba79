// Starts a REAL auditd (Debian 12: 3.0.9) in the foreground with its own config and log, owning the kernel's audit
// stream for the test, and adds audit rules that are removed again on stop. The kernel has one audit daemon: the
// test fails clearly when another one runs.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, killTree, mustRun, run, sleep, waitFor } from './system.js';

/** A running private auditd. */
export interface Auditd {
  dir: string;
  pid: number;
  /** The audit log, written in the ENRICHED format (Debian's default). */
  logFile: string;
  /** Adds a rule (`auditctl` arguments: -a … or -w …); stop() removes it. */
  addRule(args: string[]): Promise<void>;
  /** Writes a USER record with this text (auditctl -m): a marker in the log. */
  mark(text: string): Promise<void>;
  /** Removes the rules, stops auditd, restores the kernel's enabled flag, removes the dir. */
  stop(): Promise<void>;
}

async function status(): Promise<Record<string, string>> {
  const out = await mustRun('auditctl', ['-s']);
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(' '))
      .map((l) => l.split(' ', 2) as [string, string]),
  );
}

/** Starts `auditd -n -c DIR` and resolves once the kernel names it as its audit daemon. */
export async function startAuditd(): Promise<Auditd> {
  const before = await status();
  const owner = Number(before.pid);
  if (owner && alive(owner)) throw new Error(`another audit daemon (pid ${owner}) owns the kernel audit log: stop it to run this test`);
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-auditd-'));
  mkdirSync(join(dir, 'plugins'));
  const logFile = join(dir, 'audit.log');
  const conf = join(dir, 'auditd.conf');
  writeFileSync(
    conf,
    [
      'local_events = yes',
      'write_logs = yes',
      `log_file = ${logFile}`,
      'log_group = root',
      'log_format = ENRICHED',
      'flush = INCREMENTAL_ASYNC',
      'freq = 1',
      'max_log_file = 64',
      'num_logs = 2',
      'max_log_file_action = ROTATE',
      'space_left = 2',
      'space_left_action = IGNORE',
      'admin_space_left = 1',
      'admin_space_left_action = IGNORE',
      'disk_full_action = IGNORE',
      'disk_error_action = IGNORE',
      `plugin_dir = ${join(dir, 'plugins')}`,
      'name_format = NONE',
      '',
    ].join('\n'),
  );
  chmodSync(conf, 0o640); // auditd refuses a config others can write
  const child = spawn('auditd', ['-n', '-c', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const pid = child.pid!;
  try {
    await waitFor(async () => alive(pid) && Number((await status()).pid) === pid, 10_000, 'auditd to register with the kernel');
  } catch (err) {
    await killTree(pid, 'SIGKILL');
    throw new Error(`auditd did not start: ${out.trim() || (err as Error).message}`);
  }
  const removals: string[][] = [];
  return {
    dir,
    pid,
    logFile,
    async addRule(args) {
      await mustRun('auditctl', args);
      removals.unshift(args.map((a) => (a === '-a' ? '-d' : a === '-w' ? '-W' : a)));
    },
    async mark(text) {
      await mustRun('auditctl', ['-m', text]);
    },
    async stop() {
      for (const r of removals) await run('auditctl', r);
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      // auditd sets the kernel's enabled flag as it exits: put the machine's value back once that has happened.
      if (before.enabled !== undefined) {
        await waitFor(
          async () => (await run('auditctl', ['-e', before.enabled!]), await sleep(200), (await status()).enabled === before.enabled),
          10_000,
          `the kernel audit flag back at ${before.enabled}`,
        );
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
