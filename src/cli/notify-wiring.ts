// The notifications of a command that reads messages (ingest, collect): the runtime over the home's store and
// configuration.
import { NotifyRuntime } from '../notify/runtime.js';
import type { CliContext } from './context.js';

/** The notification runtime of this run (queue, sender) with notes going to `note`. */
export function notifyRuntime(c: CliContext, note: (t: string) => void): NotifyRuntime {
  return new NotifyRuntime(c.store, c.catalog, c.home.configFile, note);
}
