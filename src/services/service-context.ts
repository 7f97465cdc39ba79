// What the services need of a run: the home, its store and catalog, and whether it may change anything. The CLI's
// context is one (cli/context.ts opens each part lazily); the services never reach into the CLI.
import type { Catalog } from '../catalog/catalog.js';
import type { Home } from '../store/home.js';
import type { MessageStore } from '../store/message-store.js';

export interface ServiceContext {
  readonly home: Home;
  readonly store: MessageStore;
  readonly catalog: Catalog;
  /** --read-only: the services refuse every change. */
  readonly readOnly: boolean;
}
