// The collect daemon's lifecycle, shared by `msgmon collect` and whatever else starts a collector: one collector per
// home (its lock, held by the kernel for as long as the process lives), --once (read to the end, prune, release) or
// following until stopped (restart requests of Work with Systems, configuration changes, notifications sent,
// background retention).
// The command only parses options and prints; everything that must happen in order lives here.
import type { FormatRegistry } from '../formats/registry.js';
import type { KnownHosts } from '../collectors/known-hosts.js';
import type { NotifyRuntime } from '../notify/runtime.js';
import { DEFAULT_BACKOFF } from '../collectors/backoff.js';
import { acquireLock, collectorLockFile } from '../store/collector-lock.js';
import { CollectorStatusTable } from '../store/collector-status.js';
import type { ConfigStore } from '../store/config-store.js';
import { takeRestartRequests } from '../store/restart-requests.js';
import { Collector, type OnceResult } from '../pipeline/collector.js';
import { followConfig, followThresholds } from '../pipeline/live-config.js';
import type { Retention } from '../pipeline/retention.js';
import { RuleStep } from '../pipeline/rule-step.js';
import type { ServiceContext } from './service-context.js';
import type { Threshold } from '../status/thresholds.js';

/** What a collector works on: the service context plus the formats and the configuration. */
export interface CollectContext extends ServiceContext {
  readonly formats: FormatRegistry;
  readonly config: ConfigStore;
}

/** How a collector runs (`msgmon collect` options, checked by the command). */
export interface CollectOptions {
  /** Only the sources of this system. */
  system?: string;
  pollMs: number;
  retryMaxMs: number;
  keepaliveMs: number;
  /** Sessions end after this long without a line; default each format's server timeout or the source's own. */
  sessionIdleMs?: number;
  sessionCheckMs: number;
  /** Status probe interval (0: none; default 15 s) and its thresholds (issue 16). */
  probeMs?: number;
  thresholds?: readonly Threshold[];
  /** The home's thresholds.json, followed while the daemon runs (edits apply without a restart). */
  thresholdsFile?: string;
}

/** How often restart requests (Work with Systems 9) are taken. */
const RESTART_POLL_MS = 1000;

/** What a collector runs alongside its sources. */
export interface CollectParts {
  knownHosts: KnownHosts;
  /** The notifications rules ask for: queued with the messages, sent while the collector runs. */
  notify: NotifyRuntime;
  /** Pruning by settings.retentionDays (null: this run must not write). */
  retention: Retention | null;
  /** A line for the operator. */
  note: (text: string) => void;
}

/** How long --once waits for the notifications its messages queued to be sent. */
const ONCE_NOTIFY_DRAIN_MS = 15_000;

/** The collector of a home: `once()` or `run(until)`, each holding the home's collector lock while it works. */
export class CollectDaemon {
  private readonly note: (text: string) => void;

  constructor(
    private readonly ctx: CollectContext,
    private readonly opts: CollectOptions,
    private readonly parts: CollectParts,
  ) {
    this.note = parts.note;
  }

  /** The collector over the configuration as it is now (throws a UserError when there is nothing to collect). */
  private collector(following: boolean): Collector {
    const { ctx, opts } = this;
    const cfg = ctx.config.data;
    return new Collector(
      {
        store: ctx.store,
        status: new CollectorStatusTable(ctx.store.db),
        catalog: ctx.catalog,
        formats: ctx.formats,
        knownHosts: this.parts.knownHosts,
        hosts: cfg.hosts,
        backoff: { baseMs: DEFAULT_BACKOFF.baseMs, maxMs: opts.retryMaxMs },
        pollMs: opts.pollMs,
        keepaliveMs: opts.keepaliveMs,
        readyTimeoutMs: 20_000,
        runDir: ctx.home.runDir,
        note: this.note,
        sessionIdleMs: opts.sessionIdleMs,
        sessionCheckMs: opts.sessionCheckMs,
        rules: RuleStep.fromConfig(ctx.catalog, ctx.home.configFile, this.note, this.parts.notify.hook),
        probeMs: opts.probeMs,
        thresholds: opts.thresholds,
      },
      cfg.sources,
      opts.system,
      following,
    );
  }

  /** Reads every source to its current end, then prunes (a cron run of --once is when old messages go). */
  async once(): Promise<OnceResult[]> {
    const release = acquireLock(collectorLockFile(this.ctx.home.runDir));
    try {
      const results = await this.collector(false).once();
      await this.parts.notify.sender.drain(ONCE_NOTIFY_DRAIN_MS);
      await this.parts.retention?.pass();
      return results;
    } finally {
      release();
    }
  }

  /** Follows every source until `until` resolves (with the reason, e.g. the signal), then stops in order. */
  async run(until: Promise<string>): Promise<void> {
    const release = acquireLock(collectorLockFile(this.ctx.home.runDir));
    try {
      const collector = this.collector(true);
      takeRestartRequests(this.ctx.home.runDir); // left for a collector that is gone: void
      collector.start();
      // Notifications queued by rules (and escalations due) are sent from here, as long as the collector runs.
      this.parts.notify.sender.start();
      this.parts.retention?.start();
      const stopFollowing = followConfig(this.ctx.home.configFile, collector, this.note);
      const stopThresholds = this.opts.thresholdsFile ? followThresholds(this.opts.thresholdsFile, collector, this.note) : () => {};
      this.note(`collecting (pid ${process.pid}); Ctrl+C or SIGTERM stops`);
      const restarts = setInterval(() => {
        for (const system of takeRestartRequests(this.ctx.home.runDir)) {
          if (!collector.restart(system)) this.note(`${system}: restart asked, but this collector does not read it`);
        }
      }, RESTART_POLL_MS);
      const why = await until;
      clearInterval(restarts);
      this.note(`${why}: stopping`);
      stopThresholds();
      await stopFollowing();
      await this.parts.retention?.stop();
      await collector.stop();
      await this.parts.notify.sender.stop();
      this.note('stopped');
    } finally {
      release();
    }
  }
}

/** Resolves with the name of the first SIGINT or SIGTERM (and stops listening for them). */
export function untilStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (sig: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
