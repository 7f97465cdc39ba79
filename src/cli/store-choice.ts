// Which store a run uses (--store, else MSGMON_STORE, else the home's SQLite file) and which commands work on
// PostgreSQL yet, decided in one place: the others are refused before they start, as read-only.ts refuses writers.
import type { Command } from 'commander';
import { UnavailableError, UsageError } from '../core/errors.js';
import { commandPath } from './read-only.js';

/** Commands that work on a PostgreSQL store ('' is the console; only its Work with Messages screen so far). */
const ON_POSTGRES = new Set(['', 'log', 'log verify', 'log export', 'messages', 'ack', 'remove', 'defer']);
/** Commands that never open the message store (configuration, formats, remote checks): any store will do. */
const STORELESS = new Set(['formats', 'hosts', 'watch', 'doctor']);

/** What a PostgreSQL store supports now, for refusals and docs. */
export const POSTGRES_SUPPORTED = 'the console (Work with Messages), log, log verify, log export, messages, ack, remove and defer';

/** The PostgreSQL URL of this run, or undefined for the home's SQLite store; any other value is a usage error. */
export function pgUrlOf(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = option ?? env.MSGMON_STORE;
  const from = option !== undefined ? '--store' : 'MSGMON_STORE';
  if (given === undefined || given.trim() === '' || given.trim() === 'sqlite') return undefined;
  if (!/^postgres(ql)?:\/\//.test(given.trim())) {
    throw new UsageError(
      `${from} '${given.replace(/:[^:@/]*@/, ':***@')}' is not a store: give postgres://USER@HOST:PORT/DATABASE, or leave it out for the SQLite store of the home`,
    );
  }
  return given.trim();
}

/** The refusal of a command on PostgreSQL, naming what works; null when the command may run. */
export function postgresRefusal(path: string): string | null {
  const top = path.split(' ')[0]!;
  if (ON_POSTGRES.has(path) || STORELESS.has(top)) return null;
  return `${path || 'this command'} is not supported on PostgreSQL yet: it needs parts of the store that are still SQLite-only; with --store postgres://… work ${POSTGRES_SUPPORTED} (run ${path} without --store and MSGMON_STORE, on the home's SQLite store)`;
}

/** Refuses, before its action runs, a command that does not work on PostgreSQL when the run's store is one. */
export function enforceStoreSupport(program: Command, pgUrl: () => string | undefined): void {
  program.hook('preAction', (_root, action) => {
    const path = commandPath(action);
    if (!pgUrl()) return;
    const why = postgresRefusal(path);
    if (why) throw new UnavailableError(why);
  });
}
