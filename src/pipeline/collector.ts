// `msgmon collect`: one HostCollector per host (and per 8 sources of it), plus the LocalCollector for the
// files of this machine (system `local`), all independent, so a dead or
// refused host never holds up the others.
import { LOCAL_SYSTEM, type HostConfig, type SourceConfig } from '../store/config-store.js';
import { UserError } from '../core/errors.js';
import { HostCollector } from './host-collector.js';
import { LocalCollector } from './local-collector.js';
import type { CollectorPart } from './collector-part.js';
import type { CollectorEnv } from './collector-env.js';
import { DEFAULT_PROBE_MS } from '../status/status-probe.js';
import type { Threshold } from '../status/thresholds.js';

/** Sources per connection: 8 file channels + 1 control shell stay under sshd's default MaxSessions 10. */
export const SOURCES_PER_CONNECTION = 8;

/** What `collect --once` did per host. */
export interface OnceResult {
  host: string;
  ok: boolean;
  error?: string;
}

/** What one system is read with: its host (null: local), its sources, and a signature that changes when any of them does. */
interface SystemPlan {
  host: HostConfig | null;
  sources: SourceConfig[];
  signature: string;
}

/**
 * The configuration's hosts and sources (optionally of one system) grouped by system; `problems` are sources that
 * cannot be read. With `probeAll`, hosts without sources get a plan too: the status probe samples them over a
 * connection that reads nothing (a database server or a jump host watched for its load alone).
 */
function planSystems(
  hosts: readonly HostConfig[],
  sources: readonly SourceConfig[],
  system: string | undefined,
  probeAll: boolean,
): { plans: Map<string, SystemPlan>; problems: string[] } {
  const plans = new Map<string, SystemPlan>();
  const problems: string[] = [];
  if (probeAll) for (const h of hosts.filter((x) => !system || x.name === system)) plans.set(h.name, { host: h, sources: [], signature: '' });
  for (const s of sources.filter((x) => !system || x.system === system)) {
    const host = s.system === LOCAL_SYSTEM ? null : hosts.find((h) => h.name === s.system);
    if (host === undefined) {
      problems.push(`source ${s.name} names system ${s.system}, which is not a configured host (msgmon hosts add ${s.system} --host …)`);
      continue;
    }
    (plans.get(s.system) ?? plans.set(s.system, { host, sources: [], signature: '' }).get(s.system)!).sources.push(s);
  }
  for (const p of plans.values()) {
    // The jump hosts a connection goes through are part of what it is made of.
    const chain: HostConfig[] = [];
    for (let j = p.host?.jump; j && chain.length < 8; j = chain[chain.length - 1]!.jump) {
      const hop = hosts.find((h) => h.name === j);
      if (!hop) break;
      chain.push(hop);
    }
    p.signature = JSON.stringify([p.host, chain, p.sources]);
  }
  return { plans, problems };
}

/** Runs the collectors of the configured sources (optionally of one system). */
export class Collector {
  private parts: CollectorPart[] = [];
  private plans = new Map<string, SystemPlan>();
  private following = false;
  private ticker: NodeJS.Timeout | null = null;

  /** Hosts without sources are followed too, for their status probe (a daemon with the probe on; never --once). */
  private readonly probeAll: boolean;

  constructor(
    private readonly env: CollectorEnv,
    sources: SourceConfig[],
    private readonly system?: string,
    following = false,
  ) {
    this.probeAll = following && (env.probeMs ?? DEFAULT_PROBE_MS) > 0;
    const { plans, problems } = planSystems(env.hosts, sources, system, this.probeAll);
    if (problems.length) throw new UserError(problems[0]!);
    if (!plans.size) {
      throw new UserError(
        system
          ? `no sources on system ${system} (msgmon sources list)${this.probeAll ? ' and no such host (msgmon hosts list)' : ''}`
          : `no sources configured: add one with msgmon sources add NAME --system S --format F --path P${this.probeAll ? ' (or a host to probe: msgmon hosts add)' : ''}`,
      );
    }
    for (const plan of plans.values()) this.parts.push(...this.partsOf(plan));
    this.plans = plans;
    env.status.retain(sources.map((s) => s.name));
  }

  /** One HostCollector per 8 sources of a host; one LocalCollector for the local files. */
  private partsOf(plan: SystemPlan): CollectorPart[] {
    if (!plan.host) return [new LocalCollector(this.env, plan.sources)];
    // A host without sources still gets its one connection: the status probe's.
    if (!plan.sources.length) return [new HostCollector(this.env, plan.host, [])];
    const parts: CollectorPart[] = [];
    for (let i = 0; i < plan.sources.length; i += SOURCES_PER_CONNECTION)
      parts.push(new HostCollector(this.env, plan.host, plan.sources.slice(i, i + SOURCES_PER_CONNECTION), plan.sources));
    return parts;
  }

  /**
   * A changed configuration while following: systems whose host, jump hosts or sources changed are stopped
   * (their last commits done) and started again from their cursors; the others read on undisturbed.
   */
  async reconfigure(hosts: readonly HostConfig[], sources: readonly SourceConfig[]): Promise<void> {
    const { plans, problems } = planSystems(hosts, sources, this.system, this.probeAll);
    for (const p of problems) this.env.note(`configuration: ${p}`);
    const changed = [...new Set([...this.plans.keys(), ...plans.keys()])].filter((n) => this.plans.get(n)?.signature !== plans.get(n)?.signature);
    if (!changed.length) return;
    const going = this.parts.filter((p) => changed.includes(p.system));
    this.parts = this.parts.filter((p) => !going.includes(p));
    await Promise.all(going.map((p) => p.stop()));
    this.env.hosts = [...hosts];
    this.env.status.retain(sources.map((s) => s.name));
    for (const name of changed) {
      const plan = plans.get(name);
      this.env.note(
        `configuration: ${name} ${!plan ? 'is no longer read' : this.plans.has(name) ? 'changed: reconnecting' : 'added'}${plan ? ` (${plan.sources.map((s) => s.name).join(', ')})` : ''}`,
      );
      if (!plan) continue;
      const parts = this.partsOf(plan);
      this.parts.push(...parts);
      if (this.following) for (const p of parts) p.start();
    }
    this.plans = plans;
  }

  /** Reads every source to its current end, all hosts at once; one host's failure does not stop the others. */
  async once(): Promise<OnceResult[]> {
    return Promise.all(
      this.parts.map(async (p) => {
        try {
          await p.once();
          return { host: p.system, ok: true };
        } catch (err) {
          return { host: p.system, ok: false, error: (err as Error).message };
        }
      }),
    );
  }

  /** Starts following every source; returns at once. */
  start(): void {
    this.following = true;
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

  /** Thresholds changed (the home's thresholds.json edited): every probe applies them from its next sample on. */
  useThresholds(thresholds: readonly Threshold[]): void {
    this.env.thresholds = thresholds;
  }

  /** Drops and re-opens the connections of one system (Work with Systems 9); false when this collector does not read it. */
  restart(system: string): boolean {
    const parts = this.parts.filter((p) => p.system === system);
    for (const p of parts) p.restart();
    return parts.length > 0;
  }

  /** Stops every host collector and waits for them. */
  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await Promise.all(this.parts.map((p) => p.stop()));
  }
}
