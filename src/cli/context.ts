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

function loaded(): ContextModules {
  if (!modules) throw new Error('internal: the context modules are used before loadContextModules()');
  return modules;
}

/** Global options every command sees. */
export interface GlobalOptions {
  home?: string;
  readOnly?: boolean;
  json?: boolean;
}

/** Lazily opened resources of one CLI run; the services work on it (it is their ServiceContext, see services-of.ts). */
export class CliContext implements ServiceContext {
  private _home?: Home;
  private _store?: MessageStore;
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
    return storeFileEmpty(this.home.dbFile);
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

  /** The message store; a missing or empty one where the home had a store, or a foreign file, is refused. */
  get store(): MessageStore {
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

  /** Closes the store (checkpoints the WAL). */
  close(): void {
    this._store?.close();
    this._store = undefined;
  }
}
