// The services of a CLI context (rules, systems and the rest the screens use). Kept out of context.ts so that a
// command that only reads the store (msgmon status) does not load the rule engine and the SSH client with it.
import type { Services } from '../core/services.js';
import { ConfigRuleService, fileRuleConfig, storeRuleAccess } from '../services/rule-service.js';
import { HomeSystemsService } from '../services/systems-service.js';
import { StatusSampleTable } from '../store/status-samples.js';
import { NotifyTables } from '../store/notify-tables.js';
import { HomeNotifyService } from '../services/notify-service.js';
import { Secrets, secretsFile } from '../notify/secrets.js';
import type { CliContext } from './context.js';
import { firstScreenServices } from './first-services.js';
import { unavailableOnPostgres } from './unavailable.js';

/** Rule changes and lists, for `msgmon rules` and the screens alike. */
export function ruleServiceOf(c: CliContext): ConfigRuleService {
  return new ConfigRuleService(
    fileRuleConfig(c.home.configFile),
    storeRuleAccess(() => c.store),
    c.catalog,
    c.readOnly,
  );
}

/** The Activity Log screen's export (the CSV writer loads when the screen exports, not with the console). */
function exportLogOf(c: CliContext): Services['exportLog'] {
  return async (query, format, file) => {
    const w = await import('./export-writer.js');
    return w.exportLogToFile(w.exportReaderOf(c), query, format, file);
  };
}

/** The services the screens use, backed by the context's store. */
export function servicesOf(c: CliContext): Services {
  if (c.pg) return postgresServices(c);
  return {
    ...firstScreenServices(c),
    sessions: c.store.sessions,
    catalog: c.catalog,
    rules: ruleServiceOf(c),
    systems: new HomeSystemsService(c),
    status: new StatusSampleTable(c.store.db),
    notify: new HomeNotifyService(c.home.configFile, () => new NotifyTables(c.store.db), new Secrets(secretsFile(c.home.configFile)), c.readOnly),
    watchLists: c.watchLists(),
    // Loaded when the screen exports (the CSV writer is not needed to open the console).
    exportLog: exportLogOf(c),
  };
}

/** On PostgreSQL: Work with Messages, the Activity Log, Message Details, help and watch lists; the other screens say they are not there yet. */
function postgresServices(c: CliContext): Services {
  return {
    ...firstScreenServices(c),
    catalog: c.catalog,
    sessions: unavailableOnPostgres('FTP sessions'),
    rules: unavailableOnPostgres('Rules'),
    systems: unavailableOnPostgres('Work with Systems'),
    notify: unavailableOnPostgres('Notifications'),
    // The watch lists live in the configuration file, not in the store.
    watchLists: c.watchLists(),
    exportLog: exportLogOf(c),
  };
}
