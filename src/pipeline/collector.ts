// `msgmon collect`: one HostCollector per host (and per 8 sources of it), all independent, so a dead or
// refused host never holds up the others.
import type { SourceConfig } from '../store/config-store.js';
import { UserError } from '../core/errors.js';
import { HostCollector } from './host-collector.js';
import type { CollectorEnv } from './collector-env.js';

/** Sources per connection: 8 file channels + 1 control shell stay under sshd's default MaxSessions 10. */
export const SOURCES_PER_CONNECTION = 8;

/** What `collect --once` did per host. */
export interface OnceResult {
  host: string;
  ok: boolean;
  error?: string;
}

/** Runs the collectors of the configured sources (optionally of one system). */
export class Collector {
  private readonly parts: HostCollector[] = [];
  private ticker: NodeJS.Timeout | null = null;

  constructor(private readonly env: CollectorEnv, sources: SourceConfig[], system?: string) {
    const chosen = sources.filter((s) => !system || s.system === system);
    if (!chosen.length) {
      throw new UserError(system ? `no sources on system ${system} (msgmon sources list)` : 'no sources configured: add one with msgmon sources add NAME --system S --format F --path P');
    }
    const bySystem = new Map<string, SourceConfig[]>();
    for (const s of chosen) (bySystem.get(s.system) ?? bySystem.set(s.system, []).get(s.system)!).push(s);
    for (const [name, list] of bySystem) {
      const host = env.hosts.find((h) => h.name === name);
      if (!host) throw new UserError(`source ${list[0]!.name} names system ${name}, which is not a configured host (msgmon hosts add ${name} --host …)`);
      for (let i = 0; i < list.length; i += SOURCES_PER_CONNECTION) this.parts.push(new HostCollector(env, host, list.slice(i, i + SOURCES_PER_CONNECTION)));
    }
    env.status.retain(sources.map((s) => s.name));
  }

  /** Reads every source to its current end, all hosts at once; one host's failure does not stop the others. */
  async once(): Promise<OnceResult[]> {
    return Promise.all(this.parts.map(async (p) => {
      try {
        await p.once();
        return { host: p.host.name, ok: true };
      } catch (err) {
        return { host: p.host.name, ok: false, error: (err as Error).message };
      }
    }));
  }

  /** Starts following every source; returns at once. */
  start(): void {
    for (const p of this.parts) p.start();
    // Watch rules (an expected message that did not come) are due by the clock, not by a new line.
    const rules = this.env.rules;
    if (rules) {
      this.ticker = setInterval(() => {
        try {
          rules.store(this.env.store, rules.tick(Date.now()));
        } catch (err) {
          this.env.note(`watch rules: ${(err as Error).message}`);
        }
      }, 1000);
    }
  }

  /** Drops and re-opens the connections of one system (Work with Systems 9); false when this collector does not read it. */
  restart(system: string): boolean {
    const parts = this.parts.filter((p) => p.host.name === system);
    for (const p of parts) p.restart();
    return parts.length > 0;
  }

  /** Stops every host collector and waits for them. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await Promise.all(this.parts.map((p) => p.stop()));
  }
}
