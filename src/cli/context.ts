// Opens what a command needs — home, store, catalog, formats — once, lazily, and closes it at exit.
import { resolveHome, type Home } from '../store/home.js';
import { MessageStore } from '../store/message-store.js';
import { checkStoreFile, markStoreCreated, storeFileEmpty } from '../store/store-file.js';
import { permissionWarnings } from '../store/home-permissions.js';
import type { ConfigStore } from '../store/config-store.js';
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import type { ServiceContext } from '../services/service-context.js';
import type { ConfigWatchLists } from '../services/watch-list-service.js';
import { operatorName } from './operator.js';
import type { PgMessageStore } from '../store/pg/pg-message-store.js';
import { UnavailableError } from '../core/errors.js';
import { pgUrlOf } from './store-choice.js';

/**
 * The configuration, catalog, format and watch-list modules: with their zod schemas they are most of msgmon's start-up
 * cost, so they load only once `loadContextModules` has run: before every command's action (cli.ts), and for the
 * console after its first screen is painted.
 */
interface ContextModules {
  ConfigStore: typeof ConfigStore;
  Catalog: typeof Catalog;
  FormatRegistry: typeof FormatRegistry;
  ConfigWatchLists: typeof ConfigWatchLists;
}
let modules: ContextModules | undefined;

/** Loads the modules behind the context's configuration, catalog, formats and watch lists (once). */
export async function loadContextModules(): Promise<void> {
  if (modules) return;
  const [config, catalog, formats, watch] = await Promise.all([
    import('../store/config-store.js'),
    import('../catalog/catalog.js'),
    import('../formats/registry.js'),
    import('../services/watch-list-service.js'),
  ]);
  modules = { ConfigStore: config.ConfigStore, Catalog: catalog.Catalog, FormatRegistry: formats.FormatRegistry, ConfigWatchLists: watch.ConfigWatchLists };
}

let Pg: typeof PgMessageStore | undefined;

/** Loads the PostgreSQL store's module (only runs with --store postgres://… pay for it). */
export async function loadPgStore(): Promise<void> {
  Pg ??= (await import('../store/pg/pg-message-store.js')).PgMessageStore;
}

function loaded(): ContextModules {
  if (!modules) throw new Error('internal: the context modules are used before loadContextModules()');
  return modules;
}

/** Global options every command sees. */
export interface GlobalOptions {
  home?: string;
  readOnly?: boolean;
  json?: boolean;
  /** --store: a postgres:// URL (else MSGMON_STORE, else the home's SQLite store). */
  store?: string;
}

/** Lazily opened resources of one CLI run; the services work on it (it is their ServiceContext, see services-of.ts). */
export class CliContext implements ServiceContext {
  private _home?: Home;
  private _store?: MessageStore;
  private _pg?: PgMessageStore;
  private _pgUrl?: string | null;
  private _config?: ConfigStore;
  private _catalog?: Catalog;
  private _formats?: FormatRegistry;

  constructor(readonly opts: GlobalOptions) {}

  /** Loads the configuration, catalog, format and watch-list modules (loadContextModules). */
  loadAll(): Promise<void> {
    return loadContextModules();
  }

  /** True when the store file is missing or empty: opening it then reads the configuration (checkStoreFile). */
  storeNeedsConfig(): boolean {
    return !this.pgUrl && storeFileEmpty(this.home.dbFile);
  }

  get readOnly(): boolean {
    return this.opts.readOnly ?? false;
  }

  /** The home; its permissions are checked once, a warning on stderr for each folder or file others may read. */
  get home(): Home {
    if (!this._home) {
      this._home = resolveHome(this.opts.home);
      for (const w of permissionWarnings(this._home)) process.stderr.write(`msgmon: warning: ${w}\n`);
    }
    return this._home;
  }

  /** The PostgreSQL URL of --store or MSGMON_STORE; undefined when the run uses the home's SQLite store. */
  get pgUrl(): string | undefined {
    if (this._pgUrl === undefined) this._pgUrl = pgUrlOf(this.opts.store) ?? null;
    return this._pgUrl ?? undefined;
  }

  /** The PostgreSQL store of --store postgres://… (loadPgStore must have run); undefined on SQLite. */
  get pg(): PgMessageStore | undefined {
    const url = this.pgUrl;
    if (!url) return undefined;
    if (!Pg) throw new Error('internal: the PostgreSQL store is used before loadPgStore()');
    if (!this._pg) {
      this._pg = Pg.open(url);
      this._pg.operator = operatorName();
    }
    return this._pg;
  }

  /** The messages of the chosen store: PostgreSQL with --store postgres://…, else the home's SQLite store. */
  get messages(): MessageStore | PgMessageStore {
    return this.pg ?? this.store;
  }

  /**
   * The home's SQLite store; a missing or empty one where the home had a store, or a foreign file, is refused. With
   * --store postgres://… it is not opened: what needs it is not on PostgreSQL yet (store-choice.ts refuses commands).
   */
  get store(): MessageStore {
    if (this.pgUrl) throw new UnavailableError('this needs the SQLite store of the home: not available on PostgreSQL yet');
    if (!this._store) {
      const file = this.home.dbFile;
      checkStoreFile(file, { readonly: this.opts.readOnly ?? false, configuredSources: () => this.config.data.sources.length });
      this._store = new MessageStore(file, { readonly: this.opts.readOnly });
      this._store.operator = operatorName();
      if (!this.opts.readOnly) markStoreCreated(file);
    }
    return this._store;
  }

  /** The configuration document of the home (settings, rules). */
  get config(): ConfigStore {
    return (this._config ??= new (loaded().ConfigStore)(this.home.configFile));
  }

  get catalog(): Catalog {
    return (this._catalog ??= loaded().Catalog.load());
  }

  get formats(): FormatRegistry {
    return (this._formats ??= loaded().FormatRegistry.load());
  }

  /** The watch lists of the configuration, for `msgmon watch` and the Watch Lists screen. */
  watchLists(): ConfigWatchLists {
    return new (loaded().ConfigWatchLists)(this.home.configFile, this.readOnly);
  }

  /** Closes the store (checkpoints the WAL) or the PostgreSQL connection. */
  close(): void {
    this._store?.close();
    this._store = undefined;
    this._pg?.close();
    this._pg = undefined;
  }
}
