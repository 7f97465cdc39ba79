// A detection's map of remembered values that survives a restart: reads fall back to the stored state when the
// engine runs next to a store, and every change is logged for the next commit (src/pipeline/rule-step.ts writes it
// in the batch's transaction). Without a store it is a plain map.
import type { DetectionStateChanges, DetectionStateReader } from '../core/detection-state.js';

/** How a value is stored. */
export interface Codec<T> {
  encode(v: T): string;
  decode(s: string): T;
}

/** Plain JSON values (numbers, arrays, records). */
export const JSON_CODEC: Codec<never> = { encode: (v) => JSON.stringify(v), decode: (s) => JSON.parse(s) as never };

/** The engine's side of persistence: the reader, and the changes waiting for the next commit. */
export class StateLog {
  reader: DetectionStateReader | null = null;
  private changes: DetectionStateChanges = { writes: [], prunes: [] };
  /** Maps with changes not yet taken (each flushes its dirty keys when taken). */
  private readonly dirty = new Set<StateMap<unknown>>();

  /** Registers a map with unsaved changes. */
  mark(m: StateMap<unknown>): void {
    this.dirty.add(m);
  }

  /** Records a prune for the next commit. */
  prune(ruleId: number, version: string, map: string, before: number): void {
    this.changes.prunes.push({ ruleId, version, map, before });
  }

  /** The changes since the last call (null when none), for the commit that stores this batch. */
  take(): DetectionStateChanges | null {
    for (const m of this.dirty) m.flush(this.changes.writes);
    this.dirty.clear();
    const c = this.changes;
    if (!c.writes.length && !c.prunes.length) return null;
    this.changes = { writes: [], prunes: [] };
    return c;
  }
}

/** One map of one detection rule. */
export class StateMap<T> {
  private readonly mem = new Map<string, { v: T; touched: number }>();
  /** Keys changed since the last flush (undefined value: forgotten). */
  private readonly changed = new Map<string, { v: T; touched: number } | undefined>();
  /** Stored values touched before this are stale (pruned, perhaps not yet in the store). */
  private prunedBefore = -Infinity;

  constructor(
    private readonly log: StateLog,
    private readonly ruleId: number,
    private readonly version: string,
    private readonly name: string,
    private readonly codec: Codec<T> = JSON_CODEC as Codec<T>,
  ) {}

  /** The value of a key: in memory, else (once) from the store. */
  get(k: string): T | undefined {
    const hit = this.mem.get(k);
    if (hit) return hit.v;
    if (!this.log.reader || this.changed.has(k)) return undefined;
    const row = this.log.reader.get(this.ruleId, this.version, this.name, k);
    if (!row || row.touched < this.prunedBefore) return undefined;
    const v = this.codec.decode(row.state);
    this.mem.set(k, { v, touched: row.touched });
    return v;
  }

  has(k: string): boolean {
    return this.get(k) !== undefined;
  }

  /** Sets (or, after changing a value in place, re-saves) a key, touched at message time `touched`. */
  set(k: string, v: T, touched: number): void {
    const e = { v, touched };
    this.mem.set(k, e);
    if (!this.log.reader) return;
    this.changed.set(k, e);
    this.log.mark(this as StateMap<unknown>);
  }

  delete(k: string): void {
    this.mem.delete(k);
    if (!this.log.reader) return;
    this.changed.set(k, undefined);
    this.log.mark(this as StateMap<unknown>);
  }

  /** Forgets values last touched before `before` (those in memory now, those stored at the next commit). */
  pruneBefore(before: number): void {
    for (const [k, e] of this.mem) if (e.touched < before) this.mem.delete(k);
    for (const [k, e] of this.changed) if (e && e.touched < before) this.changed.delete(k);
    this.prunedBefore = Math.max(this.prunedBefore, before);
    if (this.log.reader) this.log.prune(this.ruleId, this.version, this.name, before);
  }

  /** Values in memory (what a prune looks at). */
  entries(): IterableIterator<[string, { v: T; touched: number }]> {
    return this.mem.entries();
  }

  /** Appends the changed keys to `writes`. */
  flush(writes: DetectionStateChanges['writes']): void {
    for (const [key, e] of this.changed)
      writes.push({ ruleId: this.ruleId, version: this.version, map: this.name, key, touched: e?.touched ?? 0, state: e ? this.codec.encode(e.v) : null });
    this.changed.clear();
  }
}

/** A short version of a rule's JSON (FNV-1a): state saved by another version of the rule is not read. */
export function ruleVersion(json: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
