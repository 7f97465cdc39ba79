// The rules step of the pipeline: every batch of new messages goes through the rule engine before it is
// committed, with the rules' hit counts in the same transaction. Rules saved while msgmon runs are picked up
// at the next batch: the configuration file is looked at (stat) at most once per batch.
import fs from 'node:fs';
import type { NotifyRequest, Rule } from '../core/rule-types.js';
import type { NewMessage } from '../core/types.js';
import type { Catalog } from '../catalog/catalog.js';
import { ConfigStore } from '../store/config-store.js';
import type { Cursor, MessageStore, SavedState } from '../store/message-store.js';
import { RuleEngine, type RuleBatch } from '../rules/engine.js';
import { parseConfigRules } from '../rules/rule-file.js';
import type { LineCounts } from './processor.js';
import type { WatchLists } from '../core/watchlists.js';

/** Called inside each commit's transaction with the notifications the rules asked for (src/notify queues them). */
export type NotifyHook = (items: Array<{ messageId: number; message: NewMessage; request: NotifyRequest }>) => void;

/** The enabled rules of a configuration file, read again when the file changes. */
export class ConfigRules {
  private signature = '';
  /** The watch lists of the configuration as last read (rules name them). */
  lists: WatchLists = {};

  constructor(
    readonly file: string,
    private readonly onNote: (note: string) => void = () => {},
  ) {}

  private stat(): string {
    try {
      const st = fs.statSync(this.file);
      // The config is replaced by rename on every save: a new inode is as telling as a new mtime.
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return 'none';
    }
  }

  /** Rules now (throws a UserError naming rule and field when the configuration is broken). */
  load(): Rule[] {
    this.signature = this.stat();
    const config = new ConfigStore(this.file).data;
    this.lists = config.watchlists ?? {};
    return parseConfigRules(config.rules, this.file);
  }

  /** New rules when the file changed since the last look, else null; a broken file keeps the old rules. */
  poll(): Rule[] | null {
    const sig = this.stat();
    if (sig === this.signature) return null;
    try {
      return this.load();
    } catch (err) {
      this.signature = sig;
      this.onNote(`rules not reloaded, the previous rules stay in force: ${(err as Error).message}`);
      return null;
    }
  }
}

/** Applies rules to batches and commits them. */
export class RuleStep {
  readonly engine: RuleEngine;

  constructor(
    catalog: Catalog,
    rules: readonly Rule[],
    private readonly source: ConfigRules | null = null,
    private readonly onNotify: NotifyHook = () => {},
  ) {
    this.engine = new RuleEngine(rules, { render: (id, f) => ({ text: catalog.text(id, f), severity: catalog.severity(id) }), lists: source?.lists });
  }

  /** A step that follows a configuration file's rules. */
  static fromConfig(catalog: Catalog, configFile: string, onNote?: (note: string) => void, onNotify?: NotifyHook): RuleStep {
    const source = new ConfigRules(configFile, onNote);
    return new RuleStep(catalog, source.load(), source, onNotify);
  }

  /** Runs the rules over a batch (after checking once whether they changed); counts go into `counts`. */
  apply(msgs: NewMessage[], counts?: LineCounts): RuleBatch {
    const fresh = this.source?.poll();
    if (fresh) this.reload(fresh);
    return this.count(this.engine.apply(msgs), counts);
  }

  /** Wall-clock deadlines of watch rules (a running follower calls this now and then). */
  tick(now: number, counts?: LineCounts): RuleBatch {
    const fresh = this.source?.poll();
    if (fresh) this.reload(fresh);
    return this.count(this.engine.tick(now), counts);
  }

  private reload(rules: Rule[]): void {
    this.engine.setLists(this.source?.lists ?? {});
    this.engine.replace(rules);
  }

  private count(b: RuleBatch, counts?: LineCounts): RuleBatch {
    if (counts) {
      counts.discarded += b.discarded;
      counts.raised += b.raised;
    }
    return b;
  }

  /** Rules, then one transaction for messages, cursor, session state, hit counts and the notifications asked for. */
  commit(store: MessageStore, msgs: NewMessage[], cursor: Cursor | null, counts?: LineCounts, state: SavedState | null = null): number {
    // Detections read what the store has learned (first and last seen, usual volumes) and what they remembered.
    this.engine.useBaselines(store.baselines);
    this.engine.useDetectionState(store.detectionState);
    return this.store(store, this.apply(msgs, counts), cursor, state);
  }

  /**
   * Commits what a batch became. The notifications its rules asked for are queued in the same transaction as the
   * messages and the cursor: a kill -9 at any moment leaves both or neither, never a stored message whose
   * notification was lost (the batch is read again from the cursor and queued then).
   */
  store(store: MessageStore, b: RuleBatch, cursor: Cursor | null = null, state: SavedState | null = null): number {
    // What detections remember moves with the batch that changed it: a restart then reads back exactly the state
    // of the messages stored, neither alerting again nor forgetting.
    const detect = this.engine.takeDetectionState();
    if (!b.messages.length && !b.hits.length && !cursor && !state && !detect) return 0;
    if (!b.notify.length && !detect) {
      store.commit(b.messages, cursor, b.hits, state);
      return b.messages.length;
    }
    // The store's own transaction nests inside this one (a savepoint): one commit for messages, state and queue rows.
    store.db
      .transaction(() => {
        const ids = store.commit(b.messages, cursor, b.hits, state);
        if (detect) store.detectionState.write(detect);
        if (b.notify.length) this.onNotify(b.notify.map((n) => ({ messageId: ids[n.index]!, message: b.messages[n.index]!, request: n.request })));
      })
      .immediate();
    return b.messages.length;
  }
}
