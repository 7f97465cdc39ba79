// Watch lists held in memory for screen tests, checked as the configuration service checks them.
import { WATCH_LIST_NAMES, watchEntryProblem, type WatchListChange, type WatchListName, type WatchListService } from '../../src/core/watchlists.js';

/** In-memory WatchListService: same checks and refusals as ConfigWatchLists, no file. */
export class MemoryWatchLists implements WatchListService {
  readonly data: Record<WatchListName, string[]>;

  constructor(
    initial: Partial<Record<WatchListName, string[]>> = {},
    private readonly readOnly = false,
  ) {
    this.data = Object.fromEntries(WATCH_LIST_NAMES.map((n) => [n, [...(initial[n] ?? [])]])) as Record<WatchListName, string[]>;
  }

  lists(): Record<WatchListName, string[]> {
    return Object.fromEntries(WATCH_LIST_NAMES.map((n) => [n, [...this.data[n]]])) as Record<WatchListName, string[]>;
  }

  add(list: WatchListName, entries: readonly string[]): WatchListChange {
    if (this.readOnly) return { ok: false, kind: 'read-only', error: 'not allowed: msgmon runs read-only; nothing was changed' };
    for (const e of entries) {
      const why = watchEntryProblem(list, e);
      if (why) return { ok: false, kind: 'invalid', error: why };
    }
    this.data[list] = [...new Set([...this.data[list], ...entries.map((e) => e.trim())])];
    return { ok: true, entries: [...this.data[list]] };
  }

  remove(list: WatchListName, entries: readonly string[]): WatchListChange {
    if (this.readOnly) return { ok: false, kind: 'read-only', error: 'not allowed: msgmon runs read-only; nothing was changed' };
    const missing = entries.filter((e) => !this.data[list].includes(e));
    if (missing.length) return { ok: false, kind: 'missing', error: `${list} has no ${missing.join(', ')}; nothing was changed` };
    this.data[list] = this.data[list].filter((e) => !entries.includes(e));
    return { ok: true, entries: [...this.data[list]] };
  }
}
