// `msgmon store migrate --to postgres://…`: copies the home's SQLite store into an empty PostgreSQL store as stored,
// then proves the copy: equal row counts, the hash chain verified on PostgreSQL, and its head equal to SQLite's.
import fs from 'node:fs';
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { readChain } from '../store/chain.js';
import { type VerifyResult, verifyChain } from '../store/chain-verify.js';
import { acquireLock, collectorLockFile } from '../store/collector-lock.js';
import { countDifferences, pgCounts } from '../store/pg/migrate-checks.js';
import { describeUrl } from '../store/pg/pg-connection.js';
import { PgMessageStore } from '../store/pg/pg-message-store.js';
import { copyStore, MIGRATE_BATCH } from '../store/pg/sqlite-to-pg.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';
import { progressBar } from './progress.js';

/** The target for messages: host:port/database, never the password. */
function targetName(url: string): string {
  return `${describeUrl(url).where}${new URL(url).pathname || '/'}`;
}

/** The first problems of a failed verify, one line each. */
function verifyLines(r: VerifyResult): string[] {
  return r.problems.slice(0, 5).map((p) => p.detail);
}

/** Registers `store migrate` in the store command group. */
export function registerStoreMigrate(store: Command, ctx: () => CliContext): void {
  store
    .command('migrate')
    .description('copy the message store into an empty PostgreSQL store, as stored (same ids and hash chain), then verify the copy')
    .requiredOption('--to <url>', 'the PostgreSQL store: postgres://USER@HOST:PORT/DATABASE (password from PGPASSWORD or ~/.pgpass)')
    .option('--batch <rows>', `rows per PostgreSQL transaction (default ${MIGRATE_BATCH})`)
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Copies every message as stored (ids, hashes, acknowledgements, removals), the chain head and retention
checkpoint, cursors, session state, counters, rule hits and operator actions into a database that holds no
msgmon data yet (its schema is created). Then checks: row counts equal, the hash chain verified on PostgreSQL,
and its head equal to SQLite's. Exit 0 when all hold, 1 with the differences otherwise.
Not copied yet: session summaries, baselines, detection state, notifications and escalations, status samples.
Stop the collector first (migrate refuses while one holds the home); the copy reads one snapshot of the store.
Put the password in PGPASSWORD or ~/.pgpass, not in the URL.
Examples:
  createdb -h db1 -U msgmon msgmon
  msgmon store migrate --to postgres://msgmon@db1:5432/msgmon
  PGPASSWORD=… msgmon --home /srv/msgmon store migrate --to postgres://msgmon@127.0.0.1/msgmon --json`,
    )
    .action((_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ to: string; batch?: string; json?: boolean }>();
      const batch = o.batch === undefined ? MIGRATE_BATCH : Number(o.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new UsageError(`--batch ${o.batch}: expected a number of rows from 1 to 100000`);
      const to = targetName(o.to);
      // A password on the command line shows in ps and the shell's history: it belongs where node-postgres looks for it.
      if (new URL(o.to).password) {
        throw new UsageError(`--to: leave the password out of the URL (it would show in ps and your shell history); put it in PGPASSWORD or ~/.pgpass`);
      }
      const c = ctx();
      const file = c.home.dbFile;
      if (!fs.existsSync(file) || fs.statSync(file).size === 0)
        throw new UserError(`there is no message store at ${file}: nothing to migrate (is --home right?)`);
      // A collector started meanwhile would store messages the copy leaves out: none may run while it copies.
      // --read-only writes nothing in the home, not even the lock file: the snapshot and the head check below still hold.
      const release = c.readOnly ? () => {} : acquireLock(collectorLockFile(c.home.runDir));
      try {
        const sqlite = c.store;
        const pg = PgMessageStore.open(o.to);
        try {
          const tty = !o.json && process.stderr.isTTY === true;
          const copyBar = progressBar('Copying', tty);
          const copied = copyStore(sqlite.db, pg.db, { batch, progress: (d, t) => copyBar.update(d, t) });
          copyBar.done();
          const counts = pgCounts(pg.db);
          const verifyBar = progressBar('Verifying', tty);
          const verified = pg.verify({ progress: (d, t) => verifyBar.update(d, t) });
          verifyBar.done();
          const differences = countDifferences(copied.counts, counts);
          const head = verified.chain.head;
          const headEqual = head.id === copied.head.id && head.hash === copied.head.hash;
          if (!headEqual) differences.push(`chain head: SQLite row ${copied.head.id} ${copied.head.hash}, PostgreSQL row ${head.id} ${head.hash}`);
          // An ingest (which takes no home lock) may have stored more since the snapshot: say so, they were not copied.
          const now = readChain(sqlite.db).head;
          if (now.id !== copied.head.id)
            differences.push(
              `SQLite stored messages up to row ${now.id} while migrate copied up to row ${copied.head.id}: stop every ingest, drop the database and migrate again`,
            );
          // A broken chain on PostgreSQL: does SQLite show the same (altered before migrating) or is the copy wrong?
          const sqliteIntact = verified.ok ? null : verifyChain(sqlite.db).ok;
          const ok = differences.length === 0 && verified.ok;
          if (!ok) process.exitCode = 1;
          if (o.json) {
            return printJson({
              ok,
              to,
              counts: { sqlite: copied.counts, postgres: counts },
              countsEqual: differences.length === 0,
              head: copied.head,
              verify: verified,
              sqliteIntact,
              differences,
            });
          }
          const m = copied.counts;
          const lines = [
            `migrated ${m.messages} messages (${m.actions} operator actions, ${m.cursors} cursors, ${m.states} session states, ${m.ruleHits} rule hit counters) to ${to}; ` +
              `${differences.length ? 'counts DIFFER' : 'counts equal'}; ` +
              (verified.ok
                ? `chain verified (head ${head.hash.slice(0, 12)})`
                : `chain verify FAILED (${verified.problemCount} problem${verified.problemCount === 1 ? '' : 's'})`),
            ...differences.map((d) => `  ${d}`),
            ...verifyLines(verified).map((d) => `  ${d}`),
          ];
          if (sqliteIntact === false)
            lines.push('The SQLite store shows the same break (msgmon log verify): it was altered before migrating; the copy keeps that evidence.');
          if (sqliteIntact === true)
            lines.push('The SQLite chain is intact, so the copy differs from it: drop the database, create it again and migrate again.');
          print(lines.join('\n') + '\n');
        } finally {
          pg.close();
        }
      } finally {
        release();
      }
    });
}
