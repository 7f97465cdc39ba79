// The watch lists in a home's configuration, for `msgmon watch` and the Watch Lists screen: entries are checked
// the same way for both (CIDR for trustedNetworks), every change is one atomic save, and --read-only refuses here.
import { WATCH_LIST_NAMES, watchEntryProblem, type WatchListChange, type WatchListName, type WatchListService } from '../core/watchlists.js';
import { ConfigStore } from '../store/config-store.js';

/** A change refused inside the configuration update (nothing is saved). */
class Refused extends Error {
  constructor(readonly change: Extract<WatchListChange, { ok: false }>) {
    super(change.error);
  }
}

/** Watch lists over a configuration file (read afresh each time: `msgmon watch` in another terminal shows up). */
export class ConfigWatchLists implements WatchListService {
  constructor(
    private readonly configFile: string,
    private readonly readOnly: boolean,
  ) {}

  lists(): Record<WatchListName, string[]> {
    const w = new ConfigStore(this.configFile).data.watchlists ?? {};
    return Object.fromEntries(WATCH_LIST_NAMES.map((n) => [n, [...(w[n] ?? [])]])) as Record<WatchListName, string[]>;
  }

  add(list: WatchListName, entries: readonly string[]): WatchListChange {
    for (const e of entries) {
      const why = watchEntryProblem(list, e);
      if (why) return { ok: false, kind: 'invalid', error: why };
    }
    return this.apply(list, (current) => [...new Set([...current, ...entries.map((e) => e.trim())])]);
  }

  remove(list: WatchListName, entries: readonly string[]): WatchListChange {
    return this.apply(list, (current) => {
      const gone = entries.map((e) => e.trim());
      const missing = gone.filter((e) => !current.includes(e));
      if (missing.length) throw new Refused({ ok: false, kind: 'missing', error: `${list} has no ${missing.join(', ')}; nothing was changed` });
      return current.filter((e) => !gone.includes(e));
    });
  }

  private apply(list: WatchListName, next: (current: string[]) => string[]): WatchListChange {
    if (this.readOnly) return { ok: false, kind: 'read-only', error: 'not allowed: msgmon runs read-only; nothing was changed' };
    try {
      const entries = new ConfigStore(this.configFile).update((c) => {
        const lists = { ...(c.watchlists ?? {}) };
        lists[list] = next(lists[list] ?? []);
        c.watchlists = lists;
        return lists[list]!;
      });
      return { ok: true, entries };
    } catch (err) {
      if (err instanceof Refused) return err.change;
      throw err;
    }
  }
}
