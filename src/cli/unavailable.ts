// A console service that is not on PostgreSQL yet: opening its screen says so on the message line (the navigator
// shows an UnavailableError there) instead of ending the console.
import { UnavailableError } from '../core/errors.js';

/** A stand-in for a service: any use of it throws an UnavailableError naming `what`. */
export function unavailableOnPostgres<T>(what: string): T {
  return new Proxy({} as object, {
    get(_target, prop) {
      // Not a promise: `await` and Promise.resolve look for then.
      if (prop === 'then') return undefined;
      throw new UnavailableError(`${what}: not available on PostgreSQL yet.`);
    },
  }) as T;
}
