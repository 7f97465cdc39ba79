// Opens what a command needs — home, store, catalog, formats — once, lazily, and closes it at exit.
import os from 'node:os';
import { resolveHome, type Home } from '../store/home.js';
import { MessageStore } from '../store/message-store.js';
import { ConfigStore } from '../store/config-store.js';
import { Catalog } from '../catalog/catalog.js';
import { FormatRegistry } from '../formats/registry.js';
import type { Services } from '../core/services.js';
import { ConfigRuleService, fileRuleConfig, storeRuleAccess } from './rule-service.js';
import { HomeSystemsService } from './systems-service.js';

/** Global options every command sees. */
export interface GlobalOptions {
  home?: string;
  readOnly?: boolean;
  json?: boolean;
}

/** Lazily opened resources of one CLI run. */
export class CliContext {
  private _home?: Home;
  private _store?: MessageStore;
  private _config?: ConfigStore;
  private _catalog?: Catalog;
  private _formats?: FormatRegistry;

  constructor(readonly opts: GlobalOptions) {}

  get home(): Home {
    return (this._home ??= resolveHome(this.opts.home));
  }

  get store(): MessageStore {
    return (this._store ??= new MessageStore(this.home.dbFile, { readonly: this.opts.readOnly }));
  }

  /** The configuration document of the home (settings, rules). */
  get config(): ConfigStore {
    return (this._config ??= new ConfigStore(this.home.configFile));
  }

  get catalog(): Catalog {
    return (this._catalog ??= Catalog.load());
  }

  get formats(): FormatRegistry {
    return (this._formats ??= FormatRegistry.load());
  }

  /** The services the screens use, backed by this run's store. */
  services(): Services {
    return {
      messages: this.store,
      sessions: this.store.sessions,
      catalog: this.catalog,
      rules: new ConfigRuleService(fileRuleConfig(this.home.configFile), storeRuleAccess(this.store), this.catalog, this.opts.readOnly ?? false),
      systems: new HomeSystemsService(this),
      hostName: os.hostname().split('.')[0]!.toUpperCase(),
      now: () => Date.now(),
      readOnly: this.opts.readOnly ?? false,
    };
  }

  /** Closes the store (checkpoints the WAL). */
  close(): void {
    this._store?.close();
    this._store = undefined;
  }
}
