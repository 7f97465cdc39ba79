// A synchronous PostgreSQL connection: node-postgres in a worker thread behind the sync bridge. The password comes
// from PGPASSWORD or ~/.pgpass (node-postgres reads both) or the URL itself; msgmon never stores one.
import { UserError } from '../../core/errors.js';
import { SyncWorker } from './sync-bridge.js';
import { pgWorkerMain, type PgStatement } from './pg-worker.js';

/** How long one call may take before the caller gives up (a long verify reads in pages, each far shorter). */
const CALL_TIMEOUT_MS = 10 * 60_000;
/** Connecting gives up sooner: the thread's own connect timeout is 15 s. */
const CONNECT_TIMEOUT_MS = 30_000;

/** Network errors that mean nothing answers at that address. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** host:port and user of a postgres:// URL, for messages (the password is never shown). */
export function describeUrl(url: string): { where: string; user: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`not a PostgreSQL URL: ${url.replace(/:[^:@/]*@/, ':***@')} (expected postgres://USER@HOST:PORT/DATABASE)`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new UserError(`not a PostgreSQL URL: it starts with ${u.protocol} (expected postgres://USER@HOST:PORT/DATABASE)`);
  }
  const host = u.hostname || 'localhost';
  return { where: `${host}:${u.port || '5432'}`, user: decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || 'postgres' };
}

/** Why connecting failed, as something the user can act on. */
function connectError(err: Error & { code?: unknown }, url: string): Error {
  const { where, user } = describeUrl(url);
  const code = typeof err.code === 'string' ? err.code : '';
  if (UNREACHABLE.has(code) || /timeout/i.test(err.message)) return new UserError(`cannot reach PostgreSQL at ${where}: ${err.message}; is it running?`);
  // 28P01 invalid_password, 28000 invalid_authorization_specification (no pg_hba.conf entry, no such role).
  if (code === '28P01' || code === '28000' || /password/i.test(err.message)) {
    return new UserError(`PostgreSQL at ${where} refused user ${user}: ${err.message}; the password comes from PGPASSWORD or ~/.pgpass`);
  }
  if (code === '3D000') return new UserError(`PostgreSQL at ${where}: ${err.message}; create it first (createdb) or name another in the URL`);
  return new UserError(`cannot connect to PostgreSQL at ${where}: ${err.message}`);
}

/** A call's error; losing the server mid-session becomes a UserError saying so (SQL errors stay as they are). */
function callError(err: Error & { code?: unknown }, url: string): Error {
  const code = typeof err.code === 'string' ? err.code : '';
  // 57P01-57P03: the server is shutting down or restarting; 08xxx: connection exceptions.
  if (UNREACHABLE.has(code) || code === 'EPIPE' || /^(57P0[123]|08)/.test(code) || /Connection terminated|not connected/i.test(err.message)) {
    return new UserError(
      `lost the connection to PostgreSQL at ${describeUrl(url).where}: ${err.message}; nothing more was stored, the rest of the transaction was rolled back`,
    );
  }
  return err;
}

/** One PostgreSQL session, used synchronously; statements use $1, $2, … parameters. */
export class PgConnection {
  private readonly bridge: SyncWorker;
  private depth = 0;

  private constructor(readonly url: string) {
    this.bridge = new SyncWorker(pgWorkerMain, { from: import.meta.url });
  }

  /** Connects to `url` (postgres://USER@HOST:PORT/DATABASE); a clear UserError when the server is down or refuses. */
  static open(url: string): PgConnection {
    describeUrl(url);
    const c = new PgConnection(url);
    try {
      c.bridge.call('connect', [url], CONNECT_TIMEOUT_MS);
    } catch (err) {
      c.bridge.close();
      throw connectError(err as Error, url);
    }
    return c;
  }

  /** One call of the database thread, its errors explained. */
  private call(op: 'query' | 'batch', arg: PgStatement | PgStatement[]): unknown {
    try {
      return this.bridge.call(op, [arg], CALL_TIMEOUT_MS);
    } catch (err) {
      throw callError(err as Error, this.url);
    }
  }

  /** Listens to `channel` (an identifier msgmon chose, not user input); notifications() counts what arrives. */
  listen(channel: string): void {
    try {
      this.bridge.call('listen', [channel], CALL_TIMEOUT_MS);
    } catch (err) {
      throw callError(err as Error, this.url);
    }
  }

  /** How many notifications the channels listened to have brought so far (no round trip). */
  notifications(): number {
    return this.bridge.events();
  }

  /** The rows of one statement, as objects by column name. */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): T[] {
    return this.call('query', { sql, params }) as T[];
  }

  /** The rows of one statement, each an array of its values in column order. */
  arrays(sql: string, params: unknown[] = []): unknown[][] {
    return this.call('query', { sql, params, rowMode: 'array' }) as unknown[][];
  }

  /** Runs SQL without parameters (several statements allowed), e.g. a schema migration. */
  exec(sql: string): void {
    this.call('query', { sql });
  }

  /** Several statements in order in one round trip of the bridge; the rows of each. Stops at the first error. */
  batch(statements: PgStatement[]): Record<string, unknown>[][] {
    return this.call('batch', statements) as Record<string, unknown>[][];
  }

  /**
   * Runs `fn` in a transaction (BEGIN … COMMIT, ROLLBACK when it throws); nested calls join the outer one.
   * `mode` is the BEGIN's options, e.g. 'ISOLATION LEVEL REPEATABLE READ' for one snapshot over many reads.
   */
  transaction<T>(fn: () => T, mode = ''): T {
    if (this.depth > 0) return fn();
    this.exec(`BEGIN ${mode}`.trim());
    this.depth++;
    try {
      const r = fn();
      this.depth--;
      this.exec('COMMIT');
      return r;
    } catch (err) {
      if (this.depth > 0) this.depth--;
      try {
        this.exec('ROLLBACK');
      } catch {
        // The connection is gone: the server rolls back on its own; the first error is the one to report.
      }
      throw err;
    }
  }

  /** Ends the session and its thread. */
  close(): void {
    try {
      this.bridge.call('end', [], CONNECT_TIMEOUT_MS);
    } finally {
      this.bridge.close();
    }
  }
}
