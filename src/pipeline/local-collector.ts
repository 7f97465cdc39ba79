// The sources of system `local`: files on the machine `collect` runs on, read by the local file reader
// through the same SourceReading (processor, rules, cursor, status row) as the sources of a host.
import fs from 'node:fs';
import path from 'node:path';
import type { SourceConfig } from '../store/config-store.js';
import { LOCAL_SYSTEM } from '../store/config-store.js';
import type { CollectorEnv } from './collector-env.js';
import type { CollectorPart } from './collector-part.js';
import { SourceReading } from './source-reading.js';
import { localPids } from '../collectors/pid-probe.js';
import { DEFAULT_PROCESS_CHECK_MS } from './session-ends.js';
import { type ProbeHandle, startStatusProbe } from './status-probing.js';
import { runLocally } from '../status/local-probe.js';
import { procSampler } from '../status/status-probe.js';

/** Reads every `local` source: no connection, so nothing to lose or retry; a missing file is the source's error. */
export class LocalCollector implements CollectorPart {
  readonly system = LOCAL_SYSTEM;
  private readonly readings: SourceReading[];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  /** When the open sessions' server processes (on this machine) were last checked. */
  private sessionsChecked = 0;
  /** The status probe of this machine (issue 16), or null. */
  private probe: ProbeHandle | null = null;
  /** Watches of the files' folders: an append wakes the poll at once instead of at the next interval. */
  private watchers: fs.FSWatcher[] = [];
  /** A file changed while a poll ran: poll again as soon as it ends. */
  private changedMeanwhile = false;

  constructor(
    private readonly env: CollectorEnv,
    sources: SourceConfig[],
  ) {
    this.readings = sources.map((source) => new SourceReading(env, source));
  }

  async once(): Promise<void> {
    for (const r of this.readings) {
      await r.start(null, false);
      r.measure(null);
      await r.checkSessions(localPids, 1);
      r.report('stopped');
      r.close();
    }
    const failed = this.readings.filter((r) => r.error);
    if (failed.length) throw new Error(failed.map((r) => `${r.source.name}: ${r.error}`).join('; '));
  }

  start(): void {
    this.stopping = false;
    this.running = this.open();
  }

  private async open(): Promise<void> {
    await Promise.all(this.readings.map((r) => r.start(null, true)));
    if (this.stopping) return;
    for (const r of this.readings) r.report('connected');
    this.probe = startStatusProbe(this.env, LOCAL_SYSTEM, procSampler(runLocally));
    this.watchFiles();
    this.schedulePoll(this.env.pollMs);
  }

  private schedulePoll(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.poll().finally(() => {
        if (this.stopping) return;
        const again = this.changedMeanwhile;
        this.changedMeanwhile = false;
        this.schedulePoll(again ? 0 : this.env.pollMs);
      });
    }, delayMs);
  }

  /**
   * Watches the folder of every file source (inotify): a line appended shows on the console within milliseconds,
   * not after the poll interval, which stays as the check for rotation and the fallback where watching fails
   * (no inotify watches left, a network file system): then nothing is lost, lines only come at the interval.
   */
  private watchFiles(): void {
    const byFolder = new Map<string, Set<string>>();
    for (const r of this.readings) {
      if (r.source.kind !== 'file') continue;
      const dir = path.dirname(r.source.path);
      byFolder.set(dir, (byFolder.get(dir) ?? new Set()).add(path.basename(r.source.path)));
    }
    for (const [dir, names] of byFolder) {
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || names.has(name.toString())) this.pollNow();
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // Not watchable: the interval polls it.
      }
    }
  }

  private pollNow(): void {
    if (this.stopping) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.schedulePoll(0);
    } else {
      this.changedMeanwhile = true;
    }
  }

  /** Each source reads what came since, noticing rotation and truncation, and records its lag. */
  private async poll(): Promise<void> {
    for (const r of this.readings) {
      if (this.stopping) return;
      await r.poll(null);
    }
    if (Date.now() - this.sessionsChecked < (this.env.sessionCheckMs ?? DEFAULT_PROCESS_CHECK_MS)) return;
    this.sessionsChecked = Date.now();
    for (const r of this.readings) await r.checkSessions(localPids, 2);
  }

  restart(): void {
    this.env.note(`${LOCAL_SYSTEM}: restart asked (Work with Systems)`);
    void this.stop().then(() => this.start());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.probe?.stop();
    this.probe = null;
    await this.running?.catch(() => {});
    for (const r of this.readings) {
      r.close();
      r.report('stopped');
    }
  }
}
