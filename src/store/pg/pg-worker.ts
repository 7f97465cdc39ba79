// The database thread of a PostgreSQL connection: one node-postgres Client, driven by requests from the bridge
// (sync-bridge.ts). This function runs as source text in the worker, so it uses nothing from outside itself: `require`
// is the worker's own, and pg is loaded from where msgmon is installed (workerData.from, the connection module's URL).

/**
 * What the thread can do: connect, run one statement, run several in order (one round trip of the bridge), listen
 * to a channel (each notification moves the bridge's event counter), end.
 */
export type PgOp = 'connect' | 'query' | 'batch' | 'listen' | 'end';

/** One statement of a batch; `rowMode: 'array'` returns each row as an array of its values. */
export interface PgStatement {
  sql: string;
  params?: unknown[];
  rowMode?: 'array';
}

/** The thread's body (see the file comment: self-contained). */
export function pgWorkerMain(): void {
  const { workerData } = require('node:worker_threads');
  const { port, flag, from } = workerData as { port: import('node:worker_threads').MessagePort; flag: Int32Array; from: string };
  // An eval'd worker's own require resolves from the working directory, not from msgmon's node_modules.
  const pg = require('node:module').createRequire(from)('pg') as typeof import('pg');
  // bigint columns hold epoch milliseconds and ids, all far below 2^53: numbers, as SQLite gives them.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  let client: import('pg').Client | null = null;
  // A connection lost while idle is reported by the next call instead of ending the thread.
  let lost: Error | null = null;

  const answer = (msg: unknown) => {
    port.postMessage(msg);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  const wire = (err: unknown) => {
    const e = err as Record<string, unknown> & { message?: string };
    const out: Record<string, unknown> = { message: String(e?.message ?? err) };
    for (const k of ['code', 'errno', 'syscall', 'address', 'port', 'detail', 'hint', 'severity', 'routine']) {
      if (e && e[k] !== undefined) out[k] = e[k];
    }
    return out;
  };
  const run = async (c: import('pg').Client, s: PgStatement) => {
    const values = s.params ?? [];
    return s.rowMode === 'array' ? (await c.query({ text: s.sql, values, rowMode: 'array' })).rows : (await c.query({ text: s.sql, values })).rows;
  };
  const handle = async (op: PgOp, args: unknown[]): Promise<unknown> => {
    if (op === 'connect') {
      client = new pg.Client({ connectionString: args[0] as string, connectionTimeoutMillis: 15_000 });
      client.on('error', (err: Error) => {
        lost = err;
      });
      await client.connect();
      return null;
    }
    if (op === 'end') {
      const c = client;
      client = null;
      if (c) await c.end();
      return null;
    }
    if (lost) throw lost;
    if (!client) throw new Error('not connected');
    if (op === 'query') return run(client, args[0] as PgStatement);
    if (op === 'listen') {
      // Notifications arrive on this thread's event loop while the caller does other things; the caller reads the count.
      client.on('notification', () => {
        Atomics.add(flag, 2, 1);
      });
      await client.query(`LISTEN ${args[0] as string}`);
      return null;
    }
    const results: unknown[] = [];
    for (const s of args[0] as PgStatement[]) results.push(await run(client, s));
    return results;
  };
  // Requests come one at a time (the caller blocks until each answer).
  port.on('message', (req: { id: number; op: PgOp; args: unknown[] }) => {
    handle(req.op, req.args).then(
      (result) => answer({ id: req.id, result }),
      (err) => answer({ id: req.id, error: wire(err) }),
    );
  });
  process.on('exit', () => {
    Atomics.store(flag, 1, 1);
    Atomics.notify(flag, 0);
  });
}
