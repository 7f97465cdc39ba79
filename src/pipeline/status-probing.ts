// Starts the status probe of a system a collector part has reached (issue 16): one per system per collector, even
// when a host's sources are spread over several connections, with the collector's store, catalog, rules and note.
import { StatusSampleTable } from '../store/status-samples.js';
import { DEFAULT_PROBE_MS, type Sampler, StatusProbe } from '../status/status-probe.js';
import { DEFAULT_THRESHOLDS_FILE, loadThresholds } from '../status/thresholds.js';
import { commitMonitorMessages, type CollectorEnv } from './collector-env.js';

/** Systems probed now by this process. */
const probing = new Set<string>();

/** A running probe; stop() before the connection it uses goes. */
export interface ProbeHandle {
  stop(): Promise<void>;
}

/** Starts probing `system` with `sampler`; null when probing is off (interval 0) or another part probes it already. */
export function startStatusProbe(env: CollectorEnv, system: string, sampler: Sampler): ProbeHandle | null {
  const ms = env.probeMs ?? DEFAULT_PROBE_MS;
  if (ms <= 0 || probing.has(system)) return null;
  probing.add(system);
  const probe = new StatusProbe(
    {
      table: new StatusSampleTable(env.store.db),
      catalog: env.catalog,
      thresholds: () => (env.thresholds ??= loadThresholds(DEFAULT_THRESHOLDS_FILE).thresholds),
      commit: (msgs) => commitMonitorMessages(env, msgs),
      note: env.note,
    },
    system,
    sampler,
    ms,
  );
  probe.start();
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      probing.delete(system);
      await probe.stop();
    },
  };
}
