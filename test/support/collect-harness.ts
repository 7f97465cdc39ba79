// What the `msgmon collect` tests share: a home per test, the test sshd added and trusted as a host, the
// collector daemon as a child process, and read-only queries of the store it writes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSshd, type SshdServer, type SshUser } from './sshd.js';
import { killTree, mustRun } from './system.js';
import { CLI, msgmon, tempHome, type CliRun } from './cli.js';

/** A running `msgmon collect` and what it printed on stderr so far. */
export type Daemon = ChildProcess & { err: () => string };

/** Runs msgmon in one home. */
export type HomeRun = (...args: string[]) => CliRun;

/** Harness of one test file: call `close()` in afterAll. */
export interface CollectHarness {
  /** A folder in the remote user's home (root writes the logs there, as a daemon would). */
  remoteDir(): string;
  /** A fresh msgmon home and a runner for it (HOME is a private folder, no ssh-agent). */
  setup(): { home: string; env: Record<string, string>; run: HomeRun };
  /** Adds and trusts host NAME: the test sshd, logging in with its key file. */
  addHost(run: HomeRun, name: string): void;
  /** Starts `msgmon collect --poll 0.3 ARGS` in the background. */
  daemon(home: string, env: Record<string, string>, ...args: string[]): Daemon;
  close(): Promise<void>;
}

/** The harness for collectors reading from `srv` as `user`. */
export async function collectHarness(srv: SshdServer, user: SshUser): Promise<CollectHarness> {
  const remoteHome = (await mustRun('getent', ['passwd', user.user])).trim().split(':')[5]!;
  const userHome = fs.mkdtempSync('/tmp/msgmon-collect-home-');
  const daemons: ChildProcess[] = [];
  const made: string[] = [userHome];
  return {
    remoteDir() {
      const d = fs.mkdtempSync(path.join(remoteHome, 'logs-'));
      fs.chmodSync(d, 0o755);
      made.push(d);
      return d;
    },
    setup() {
      const home = tempHome();
      const env = { HOME: userHome, SSH_AUTH_SOCK: '' };
      return { home, env, run: (...args: string[]) => msgmon(['--home', home, ...args], { env }) };
    },
    addHost(run, name) {
      const a = run('hosts', 'add', name, '--host', '127.0.0.1', '--port', String(srv.port), '--user', user.user, '--identity', srv.identityFile);
      expect(a.code, a.stderr).toBe(0);
      const t = run('hosts', 'trust', name);
      expect(t.code, t.stderr).toBe(0);
    },
    daemon(home, env, ...args) {
      const child = spawnCollector(home, env, ...args);
      daemons.push(child);
      return child;
    },
    async close() {
      for (const d of daemons) if (d.pid && d.exitCode === null && d.signalCode === null) await killTree(d.pid, 'SIGKILL');
      for (const d of made) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `msgmon collect --poll 0.3 ARGS` in the background (the caller kills it). Without a status probe unless
 * ARGS give `--probe N` (the later option wins): the machine's load must not raise thresholds in other tests.
 */
export function spawnCollector(home: string, env: Record<string, string>, ...args: string[]): Daemon {
  const child = spawn(process.execPath, [CLI, '--home', home, 'collect', '--poll', '0.3', '--probe', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  child.stdout!.resume();
  return Object.assign(child, { err: () => err });
}

/** A test file's harness: a real sshd for `user` started before its tests, stopped (with every collector) after. */
export function useCollectHarness(user: SshUser): Omit<CollectHarness, 'close'> & { readonly srv: SshdServer } {
  let srv: SshdServer | undefined;
  let inner: CollectHarness | undefined;
  beforeAll(async () => {
    srv = await startSshd({ users: [user] });
    inner = await collectHarness(srv, user);
  });
  afterAll(async () => {
    await inner?.close();
    await srv?.stop();
  });
  return {
    get srv() {
      return srv!;
    },
    remoteDir: () => inner!.remoteDir(),
    setup: () => inner!.setup(),
    addHost: (run, name) => inner!.addHost(run, name),
    daemon: (home, env, ...args) => inner!.daemon(home, env, ...args),
  };
}

/** Resolves with the exit code once the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** Reads the store directly (read-only) while a collector writes it. */
export function query<T>(home: string, sql: string, ...params: unknown[]): T[] {
  if (!fs.existsSync(path.join(home, 'messages.db'))) return [];
  const db = new Database(path.join(home, 'messages.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } catch (err) {
    if (/no such table/.test((err as Error).message)) return []; // the collector is still creating the store
    throw err;
  } finally {
    db.close();
  }
}

/** How many messages match a WHERE clause. */
export function countWhere(home: string, where: string): number {
  return query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE ${where}`)[0]?.n ?? 0;
}

/** SQL: not a session end msgmon raised itself (a CONNECT of yesterday is idle, its test pid is no process). */
export const NOT_SESSION_END = "raw NOT LIKE 'msgmon: session %'";

/** A vsftpd CONNECT line: each one is exactly one FTP0001 message, told apart by its pid. */
export const connectLine = (i: number) => `Tue Nov 24 10:15:02 2026 [pid ${100000 + i}] CONNECT: Client "10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}"\n`;
