// A private PostgreSQL 15 cluster for one test file or bench run: initdb in a temp dir owned by postgres, pg_ctl on a
// free loopback port, stopped and removed by stop(). Debian's binaries (postgresql-15); run as root, the server as
// postgres. Here under bench/ so both the bench (tsconfig.json) and the tests (test/support re-exports it) import it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './process.js';

const BIN = '/usr/lib/postgresql/15/bin';

/** A running cluster: `url` connects as the superuser postgres (trusted on loopback, no password). */
export interface PgCluster {
  url: string;
  port: number;
  /** A URL for `user` with `password` (roles other than postgres must give their password over TCP). */
  urlFor(user: string, password: string, database?: string): string;
  stop(): void;
}

/** Runs a PostgreSQL binary as the postgres user (the server refuses to run as root). */
function asPostgres(bin: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, bin), ...args]] : [path.join(BIN, bin), args];
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** Whether the PostgreSQL 15 server binaries are installed here. */
export function pgAvailable(): boolean {
  return fs.existsSync(path.join(BIN, 'pg_ctl'));
}

/** How the cluster is started. */
export interface ClusterOptions {
  /**
   * fsync off (the tests' default: nothing they store must survive a power cut, and it spares the loaded machine's
   * disk). The bench passes false: PostgreSQL's default durability, as a site would run it, not a flattering one.
   */
  noFsync?: boolean;
}

/** initdb + pg_ctl start on a free 127.0.0.1 port (retried when another process takes the port first). */
export async function startCluster(opts: ClusterOptions = {}): Promise<PgCluster> {
  const noFsync = opts.noFsync ?? true;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  // postgres is trusted on loopback (the tests' admin); every other role logs on with its password (scram).
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n');
  const log = path.join(dir, 'server.log');
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      asPostgres('pg_ctl', [
        '-D',
        data,
        '-l',
        log,
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${noFsync ? ' -c fsync=off' : ''}`,
        '-w',
        '-t',
        '60',
        'start',
      ]);
      break;
    } catch (err) {
      if (attempt >= 5) throw new Error(`${(err as Error).message}\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    }
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    urlFor: (user, password, database = 'postgres') =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
