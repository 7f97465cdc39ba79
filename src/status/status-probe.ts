// The status probe of one system: every interval (default 15 s) one shell command over the connection the
// collector already holds (or `sh` here for system local), parsed, turned into rates, linked to the open FTP
// sessions by pid, stored, and checked against the thresholds (MON0020/MON0021 committed like any message).
import type { Catalog } from '../catalog/catalog.js';
import type { NewMessage } from '../core/types.js';
import type { SystemSample } from '../core/status-types.js';
import type { StatusSampleTable } from '../store/status-samples.js';
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

/** Samples one system until stopped. */
export class StatusProbe {
  private prev: RawSample | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private readonly watch: ThresholdWatch;
  /** The last failure, noted once until a probe works again (a missing /proc must not flood the log). */
  private failing: string | null = null;

  constructor(
    private readonly env: ProbeEnv,
    readonly system: string,
    private readonly run: ProbeRunner,
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
    let raw: RawSample;
    try {
      raw = parseProbe(await this.run(PROBE_COMMAND));
    } catch (err) {
      const why = (err as Error).message;
      if (why !== this.failing && !this.stopped) this.env.note(`${this.system}: status probe failed: ${why}`);
      this.failing = why;
      return null;
    }
    if (this.stopped) return null;
    this.failing = null;
    const sessions = this.env.table.openSessionsByPid(this.system);
    const sample = toSample(this.system, now, raw, this.prev, (pid) => sessions.get(pid) ?? null);
    this.prev = raw;
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
