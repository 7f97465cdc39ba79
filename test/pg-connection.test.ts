// The synchronous PostgreSQL connection (node-postgres in a worker behind the sync bridge) against a real private
// PostgreSQL 15: a query round-trips, transactions commit or roll back, and a dead server or a wrong password is
// reported as something the user can act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/core/errors.js';
import { PgConnection } from '../src/store/pg/pg-connection.js';
import { type PgCluster, pgAvailable, startCluster } from './support/pg-cluster.js';
import { freePort } from './support/system.js';

describe.skipIf(!pgAvailable())('PostgreSQL connection through the sync bridge', () => {
  let cluster: PgCluster;
  let db: PgConnection;
  beforeAll(async () => {
    cluster = await startCluster();
    db = PgConnection.open(cluster.url);
  }, 180_000);
  afterAll(() => {
    db?.close();
    cluster?.stop();
  });

  it('round-trips a query with parameters, bigint as numbers', () => {
    const rows = db.query<{ n: number; t: string; big: number }>('SELECT $1::int + 1 AS n, $2::text AS t, $3::bigint AS big', [
      41,
      'jürgen "q"',
      1_795_000_000_123,
    ]);
    expect(rows).toEqual([{ n: 42, t: 'jürgen "q"', big: 1_795_000_000_123 }]);
    expect(db.arrays('SELECT 1, $1::text', ['a'])).toEqual([[1, 'a']]);
  });

  it('commits a transaction, and rolls back one that throws', () => {
    db.exec('CREATE TABLE t(v int)');
    db.transaction(() => db.query('INSERT INTO t VALUES (1)'));
    expect(() =>
      db.transaction(() => {
        db.query('INSERT INTO t VALUES (2)');
        db.query('INSERT INTO t VALUES ($1)', ['not a number']);
      }),
    ).toThrow(/invalid input syntax/);
    expect(db.query('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }]);
  });

  it('runs a batch of statements in one call and stops at the first error', () => {
    const r = db.batch([{ sql: 'SELECT 1 AS a' }, { sql: 'SELECT $1::text AS b', params: ['x'] }]);
    expect(r).toEqual([[{ a: 1 }], [{ b: 'x' }]]);
    expect(() => db.batch([{ sql: 'SELECT 1' }, { sql: 'SELECT * FROM no_such_table' }])).toThrow(/no_such_table/);
    // The session is still usable after an error.
    expect(db.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('says where and what to check when nothing listens at the URL', async () => {
    const port = await freePort();
    const err = (() => {
      try {
        PgConnection.open(`postgres://postgres@127.0.0.1:${port}/postgres`);
      } catch (e) {
        return e as Error;
      }
      throw new Error('connected to a port where nothing listens');
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*; is it running\\?$`));
  });

  it('names the user and where the password comes from when the password is wrong', () => {
    db.exec("CREATE ROLE alice LOGIN PASSWORD 'right-one'");
    const ok = PgConnection.open(cluster.urlFor('alice', 'right-one'));
    expect(ok.query('SELECT current_user AS u')).toEqual([{ u: 'alice' }]);
    ok.close();
    let err: Error | null = null;
    try {
      PgConnection.open(cluster.urlFor('alice', 'wrong-one'));
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(UserError);
    expect(err!.message).toContain(`PostgreSQL at 127.0.0.1:${cluster.port} refused user alice: password authentication failed`);
    expect(err!.message).toContain('PGPASSWORD or ~/.pgpass');
    expect(err!.message).not.toContain('wrong-one');
  });

  it('takes the password from PGPASSWORD when the URL has none', () => {
    const before = process.env.PGPASSWORD;
    process.env.PGPASSWORD = 'right-one';
    try {
      const c = PgConnection.open(`postgres://alice@127.0.0.1:${cluster.port}/postgres`);
      expect(c.query('SELECT current_user AS u')).toEqual([{ u: 'alice' }]);
      c.close();
    } finally {
      if (before === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = before;
    }
  });

  it('says the connection was lost when the server goes away mid-session', async () => {
    const other = await startCluster();
    try {
      const c = PgConnection.open(other.url);
      expect(c.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      other.stop();
      expect(() => c.query('SELECT 1')).toThrow(UserError);
      expect(() => c.query('SELECT 1')).toThrow(new RegExp(`^lost the connection to PostgreSQL at 127\\.0\\.0\\.1:${other.port}: `));
      c.close();
    } finally {
      other.stop();
    }
  }, 180_000);

  it('refuses a URL that is not PostgreSQL with a clear error', () => {
    expect(() => PgConnection.open('mysql://x@127.0.0.1/db')).toThrow(/not a PostgreSQL URL: it starts with mysql:/);
  });
});
