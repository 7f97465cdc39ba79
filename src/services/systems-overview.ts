// Work with Systems' model from plain data: configured hosts and sources (`local` ones too), the collector's
// status rows, the systems seen in the store. Pure, so the screen tests run it over in-memory rows as the CLI does over files.
import type { SystemSourceView, SystemState, SystemView, SystemsOverview } from '../core/services.js';
import { sourceStanding, type SourceStatus } from '../store/collector-status.js';
import { LOCAL_SYSTEM, sourceLocation, type HostConfig, type SourceConfig } from '../store/config-store.js';

/** What the overview is made of; the callbacks read the store or ~/.ssh/config. */
export interface OverviewInput {
  hosts: readonly HostConfig[];
  sources: readonly SourceConfig[];
  /** collector_status rows, whichever process wrote them. */
  status: readonly SourceStatus[];
  /** Pid of the running collector (its lock), or null. */
  collectorPid: number | null;
  /** Systems that have messages in the store. */
  seenSystems: readonly string[];
  /** `host:port` and login user as ~/.ssh/config resolves the host. */
  target(h: HostConfig): { address: string; user: string };
  cursor(s: SourceConfig): { inode: string; offset: number } | null;
  lastMessage(system: string): number | null;
}

/** Worst first: the state a system shows is the worst of its sources'. */
const RANK: SystemState[] = ['refused', 'retrying', 'connecting', 'connected', 'stopped', 'not collecting'];

function sourceView(i: OverviewInput, s: SourceConfig): SystemSourceView {
  const row = i.status.find((r) => r.source === s.name);
  // The same decision as msgmon status: a row left by a collector that is gone (killed) or by another run is not live.
  const { live, failed } = sourceStanding(row, i.collectorPid);
  const state: SystemState = i.collectorPid === null ? 'stopped' : live ? live.state : 'not collecting';
  return {
    name: s.name,
    reads: sourceLocation(s),
    formats: s.formats,
    state,
    retryAt: live?.state === 'retrying' ? live.retryAt : null,
    detail: !live && failed ? `last attempt failed: ${row!.detail ?? row!.state}` : (row?.detail ?? null),
    lagBytes: row?.lagBytes ?? null,
    cursor: i.cursor(s),
    lastMessage: row?.lastMessage ?? null,
    updated: row?.updated ?? null,
  };
}

function why(i: OverviewInput, name: string, host: HostConfig | null, state: SystemState, sources: SystemSourceView[]): string | null {
  if (!sources.length) {
    if (!host) return 'no sources: its messages came from msgmon ingest or the demo';
    const through = i.hosts.filter((x) => x.jump === name).map((x) => x.name);
    return through.length
      ? `no sources: jump host for ${through.join(', ')}`
      : `no sources: add one with msgmon sources add NAME --system ${name} --format F --path P`;
  }
  const failed = sources.find((s) => s.state !== 'refused' && s.detail?.startsWith('last attempt failed: '));
  if (state === 'stopped') return failed ? `no collector runs; ${failed.detail}` : 'no collector runs: start it with msgmon collect';
  if (state === 'not collecting') return `the running collector (pid ${i.collectorPid}) does not read this system`;
  return sources.find((s) => s.detail)?.detail ?? null;
}

function latest(times: (number | null)[]): number | null {
  const known = times.filter((t): t is number => t !== null);
  return known.length ? Math.max(...known) : null;
}

/** A configured host; `local` (this machine's files); or a system known only from its messages (ingest, the demo). */
function systemView(i: OverviewInput, name: string, host: HostConfig | null): SystemView {
  const sources = i.sources.filter((s) => s.system === name).map((s) => sourceView(i, s));
  const state = sources.length ? RANK[Math.min(...sources.map((s) => RANK.indexOf(s.state)))]! : 'not collecting';
  const retries = sources.flatMap((s) => (s.retryAt === null ? [] : [s.retryAt]));
  const lags = sources.flatMap((s) => (s.lagBytes === null ? [] : [s.lagBytes]));
  const t = host && i.target(host);
  return {
    name,
    transport: host ? (host.transport ?? 'ssh2') : name === LOCAL_SYSTEM ? 'local' : 'none',
    address: t?.address ?? null,
    user: t?.user ?? null,
    identity: host?.identity ?? null,
    jump: host?.jump ?? null,
    state,
    retryAt: retries.length ? Math.min(...retries) : null,
    detail: why(i, name, host, state, sources),
    sources,
    lagBytes: lags.length ? lags.reduce((a, b) => a + b, 0) : null,
    // The store's newest, or the sources' as the collector recorded them (a pruned store may have lost it).
    lastMessage: latest([i.lastMessage(name), ...sources.map((s) => s.lastMessage)]),
  };
}

/** Every configured host, `local` when it has sources, and every other system seen in the store, by name. */
export function systemsOverview(i: OverviewInput): SystemsOverview {
  const hosts = new Map(i.hosts.map((h) => [h.name, h]));
  const names = new Set([...hosts.keys(), ...i.sources.map((s) => s.system), ...i.seenSystems]);
  const systems = [...names].sort().map((n) => systemView(i, n, hosts.get(n) ?? null));
  return { systems, collectorPid: i.collectorPid };
}

/** Why the running collector cannot be asked to reconnect a system, or null when it can. */
export function cannotRestart(o: SystemsOverview, name: string): string | null {
  const s = o.systems.find((x) => x.name === name);
  if (!s?.sources.length) return `${name} has no sources: nothing to restart`;
  if (o.collectorPid === null) return 'no collector runs: start it with msgmon collect';
  if (s.state === 'not collecting') return `the running collector (pid ${o.collectorPid}) does not read ${name}`;
  return null;
}
