// Rules indexed by msgId and system: exact msgIds in a Map, wildcard or absent ones in a fallback list,
// and the merged, ordered candidate list remembered per (system, msgId) pair, so 500 rules cost a lookup.
import { hasWildcard } from './glob.js';

/** What the index needs of an entry. */
export interface Indexable {
  match: { msgIds: string[] | null; msgId: (s: string) => boolean; system: (s: string) => boolean };
  rule: { seq: number; id: number };
}

const MAX_PAIRS = 20_000;

/** Candidate entries for a message, in evaluation order. */
export class RuleIndex<T extends Indexable> {
  private readonly exact = new Map<string, T[]>();
  private readonly fallback: T[] = [];
  private readonly cache = new Map<string, Map<string, T[]>>();
  private pairs = 0;

  constructor(readonly entries: readonly T[]) {
    entries.forEach((e) => {
      const ids = e.match.msgIds;
      if (!ids || ids.some(hasWildcard)) return void this.fallback.push(e);
      for (const id of new Set(ids)) (this.exact.get(id) ?? this.exact.set(id, []).get(id)!).push(e);
    });
  }

  /** Number of indexed entries. */
  get size(): number {
    return this.entries.length;
  }

  /** The entries whose msgId and system filters accept this pair, in seq order. */
  candidates(system: string, msgId: string): T[] {
    let bySystem = this.cache.get(system);
    if (bySystem) {
      const hit = bySystem.get(msgId);
      if (hit) return hit;
    }
    const picked = new Set<T>();
    for (const e of this.exact.get(msgId) ?? []) picked.add(e);
    for (const e of this.fallback) if (e.match.msgId(msgId)) picked.add(e);
    const list = [...picked].filter((e) => e.match.system(system)).sort((a, b) => a.rule.seq - b.rule.seq || a.rule.id - b.rule.id);
    // Hostile input could invent endless pairs: start over rather than grow without bound.
    if (++this.pairs > MAX_PAIRS) {
      this.cache.clear();
      this.pairs = 0;
      bySystem = undefined;
    }
    if (!bySystem) this.cache.set(system, (bySystem = new Map()));
    bySystem.set(msgId, list);
    return list;
  }
}
