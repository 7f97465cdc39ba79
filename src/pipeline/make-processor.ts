// A source's line processor: its formats' parser and session strategies, and what it takes back of an earlier run
// (the session state committed with the cursor, else the sessions the store still has open).
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import { sessionStrategy, type SessionKind } from '../sessions/strategy.js';
import type { SessionStrategy } from '../sessions/types.js';
import type { SessionSummary } from '../core/sessions.js';
import type { Zone } from '../core/zone.js';
import { DEFAULT_IDLE_MS } from '../sessions/idle.js';
import { LineProcessor, newCounts } from './processor.js';

/** How a processor starts: what it takes back of an earlier run, and timeouts that differ from the formats'. */
export interface ProcessorOptions {
  /** When the lines were written, about (a file's mtime), for times without a year. */
  refTime?: number;
  /** The source's sessions the store still has open (taken back when there is no saved state). */
  open?: readonly SessionSummary[];
  /** Idle timeout of every session, instead of each format's server default. */
  idleMs?: number;
  /** The zone of times the lines write without one (RFC 3164 syslog); default UTC. */
  zone?: Zone;
  /** The session state committed with the source's cursor (`LineProcessor.saveState`): taken back instead of `open`. */
  state?: string | null;
}

/**
 * A processor for a system and formats. Formats naming the same session strategy share one instance (sshd and
 * internal-sftp lines link into one session); `open` are the source's sessions the store still has open, taken
 * back so a restart mid-session keeps their ids. Each format's sessions end after its server's idle timeout.
 */
export function makeProcessor(
  registry: FormatRegistry,
  catalog: Catalog,
  system: string,
  formats: string[],
  source: string,
  opts: ProcessorOptions = {},
): LineProcessor {
  const byKind = new Map<string, SessionStrategy>();
  const strategy = (kind: SessionKind) => {
    let s = byKind.get(kind);
    if (!s) byKind.set(kind, (s = sessionStrategy(kind)));
    return s;
  };
  const specs = registry.resolve(formats).map((f) => f.spec);
  const idleOf = (sec: number | undefined) => opts.idleMs ?? (sec === undefined ? DEFAULT_IDLE_MS : sec * 1000);
  const sessions = new Map(specs.map((f) => [f.name, { strategy: strategy(f.session), idleMs: idleOf(f.sessionIdle) }]));
  const proc = new LineProcessor(catalog, registry.parser(formats, opts.refTime, opts.zone), sessions, { system, source }, newCounts());
  // Sessions not made from its lines (taken back from their summaries, an IBM i reader's) get the longest timeout of
  // the source's formats: which format made them is not kept.
  proc.fallbackIdleMs = specs.length ? Math.max(...specs.map((f) => idleOf(f.sessionIdle))) : idleOf(undefined);
  if (opts.state && proc.loadState(opts.state)) return proc;
  // No saved state (a store from before it was kept, stdin): the open sessions' ids and identities, not their context.
  const open = opts.open ?? [];
  for (const s of byKind.values()) s.restore(open);
  proc.idle.restore(open, proc.fallbackIdleMs);
  return proc;
}
