// The status probe of one system: every interval (default 15 s) one reading over the connection the collector
// already holds (Linux: one shell command, or `sh` here for system local; IBM i: two QSYS2 queries, ibmi-probe.ts),
// turned into rates, linked to the open FTP sessions, stored, and checked against the thresholds (MON0020/MON0021
// committed like any message).
import type { Catalog } from '../catalog/catalog.js';
import type { NewMessage } from '../core/types.js';
import type { SystemSample } from '../core/status-types.js';
import type { OpenSession, StatusSampleTable } from '../store/status-samples.js';
import { parseProbe, type RawSample } from './proc-parse.js';
import { PROBE_COMMAND } from './probe-command.js';
import { toSample } from './rates.js';
import { ThresholdWatch } from './threshold-watch.js';
import type { Threshold } from './thresholds.js';

/** Default probe interval (issue 16). */
export const DEFAULT_PROBE_MS = 15_000;

/** What a probe needs around it; `commit` stores messages through the rules (pipeline's commitMessages). */
export interface ProbeEnv {
  table: StatusSampleTable;
  catalog: Catalog;
  /** The thresholds in force, asked at every sample (they may be reloaded while the probe runs). */
  thresholds(): readonly Threshold[];
  commit(msgs: NewMessage[]): void;
  note(text: string): void;
}

/** Runs the probe command on the system and resolves with its output. */
export type ProbeRunner = (command: string) => Promise<string>;

/** How one kind of system is read: it keeps its previous reading, for the rates. */
export interface Sampler {
  /** The system's sample now, linked to its open sessions; rejects when the system did not answer. */
  take(system: string, now: number, sessions: OpenSession[]): Promise<SystemSample>;
}

/** The Linux (and local) sampler: the probe command's /proc counters, processes linked to sessions by pid. */
export function procSampler(run: ProbeRunner): Sampler {
  let prev: RawSample | null = null;
  return {
    async take(system, now, sessions) {
      const raw = parseProbe(await run(PROBE_COMMAND));
      const byPid = new Map(sessions.flatMap((s) => s.pids.map((pid) => [pid, s] as const)));
      const sample = toSample(system, now, raw, prev, (pid) => byPid.get(pid) ?? null);
      prev = raw;
      return sample;
    },
  };
}

/** Samples one system until stopped. */
export class StatusProbe {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private readonly watch: ThresholdWatch;
  /** The last failure, noted once until a probe works again (a missing /proc must not flood the log). */
  private failing: string | null = null;

  constructor(
    private readonly env: ProbeEnv,
    readonly system: string,
    private readonly sampler: Sampler,
    private readonly intervalMs = DEFAULT_PROBE_MS,
  ) {
    this.watch = new ThresholdWatch(system, () => env.thresholds(), env.table, env.catalog);
  }

  /** Probes now and then every interval. */
  start(): void {
    const tick = () => {
      this.running = this.probe()
        .catch(() => null)
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  /** One probe: stored and checked; null when the system did not answer (noted once). */
  async probe(now = Date.now()): Promise<SystemSample | null> {
    let sample: SystemSample;
    try {
      sample = await this.sampler.take(this.system, now, this.env.table.openSessions(this.system));
    } catch (err) {
      const why = (err as Error).message;
      if (why !== this.failing && !this.stopped) this.env.note(`${this.system}: status probe failed: ${why}`);
      this.failing = why;
      return null;
    }
    if (this.stopped) return null;
    this.failing = null;
    this.env.table.add(sample);
    const msgs = this.watch.apply(sample);
    if (msgs.length) this.env.commit(msgs);
    return sample;
  }

  /** Stops sampling; waits for a probe under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
