// Notifications of one msgmon process wired together: the configuration followed, the queue in the store, the
// hook the rules step calls inside each commit, the sender, and MON messages raised into the store.
import os from 'node:os';
import type { Message, NewMessage } from '../core/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { MessageStore } from '../store/message-store.js';
import { NotifyTables } from '../store/notify-tables.js';
import { ConfigNotifySetup, type NotifySetup } from './notify-config.js';
import { Notifier, type NotifyItem } from './notifier.js';
import { NotifySender } from './sender.js';
import { Secrets, secretsFile } from './secrets.js';

/** Commits a MON message about a notification (system: the message's, else this host), straight to the store. */
export function storeRaiser(store: MessageStore, catalog: Catalog): (msgId: string, fields: Record<string, string | number>, about: Message | null) => void {
  const host = os.hostname().split('.')[0]!;
  return (msgId, fields, about) => {
    const m: NewMessage = {
      time: Date.now(),
      system: about?.system ?? host,
      source: 'notify',
      msgId,
      severity: catalog.severity(msgId),
      text: catalog.text(msgId, fields),
      fields,
      session: about?.session ?? null,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw: '',
    };
    store.commit([m]);
  };
}

/** The notifications of one process. */
export class NotifyRuntime {
  readonly tables: NotifyTables;
  readonly notifier: Notifier;
  readonly sender: NotifySender;
  readonly setup: () => NotifySetup;

  constructor(store: MessageStore, catalog: Catalog, configFile: string, note: (t: string) => void = () => {}, setup?: () => NotifySetup) {
    this.tables = new NotifyTables(store.db);
    const follow = new ConfigNotifySetup(configFile, note);
    this.setup = setup ?? (() => follow.current());
    this.notifier = new Notifier(this.tables, this.setup);
    this.sender = new NotifySender({
      tables: this.tables,
      setup: this.setup,
      secrets: new Secrets(secretsFile(configFile)),
      message: (id) => store.get(id),
      raise: storeRaiser(store, catalog),
      note,
    });
  }

  /** The rules step's hook: queue what the committed batch asked for; a rule naming a missing channel is noted. */
  readonly hook = (items: NotifyItem[]): void => {
    const r = this.notifier.enqueue(items);
    if (r.unknown.length) this.onUnknown(r.unknown);
  };

  private told = new Set<string>();
  private onUnknown(names: string[]): void {
    for (const n of names) {
      if (this.told.has(n)) continue;
      this.told.add(n);
      process.stderr.write(`msgmon: a rule names ${n}, which does not exist: nothing is sent there (msgmon channels add / escalations add)\n`);
    }
  }
}
