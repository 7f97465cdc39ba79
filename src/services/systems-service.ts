// The SystemsService of Work with Systems over a home: the configuration read afresh (hosts added by `msgmon hosts`
// in another terminal show up), the collector's status rows and lock, the store. 8 tests like `msgmon hosts test`;
// 9 leaves a restart request that the running `msgmon collect` takes within a second.
import type { ConnectionTestResult, RestartResult, SystemsOverview, SystemsService } from '../core/services.js';
import { collectorLockFile, lockHolder } from '../store/collector-lock.js';
import { CollectorStatusTable } from '../store/collector-status.js';
import { ConfigStore, type HostConfig } from '../store/config-store.js';
import { requestRestart } from '../store/restart-requests.js';
import { seenValues } from '../store/seen-values.js';
import { lastMessageTime } from '../store/system-activity.js';
import { resolveTarget } from '../collectors/ssh-target.js';
import { cursorKey } from '../pipeline/collector-env.js';
import type { ServiceContext } from './service-context.js';
import { cannotRestart, systemsOverview } from './systems-overview.js';

/** Work with Systems' service on a CLI context's home. */
export class HomeSystemsService implements SystemsService {
  /** ~/.ssh/config is read once per host configuration, not every second. */
  private readonly targets = new Map<string, { address: string; user: string }>();

  constructor(private readonly c: ServiceContext) {}

  private config() {
    return new ConfigStore(this.c.home.configFile).data;
  }

  private target(h: HostConfig): { address: string; user: string } {
    const key = JSON.stringify(h);
    let t = this.targets.get(key);
    if (!t) {
      try {
        const r = resolveTarget(h);
        t = { address: `${r.host}:${r.port}`, user: r.user };
      } catch {
        t = { address: `${h.host}:${h.port ?? 22}`, user: h.user ?? '' };
      }
      this.targets.set(key, t);
    }
    return t;
  }

  overview(): SystemsOverview {
    const cfg = this.config();
    const db = this.c.store.db;
    return systemsOverview({
      hosts: cfg.hosts,
      sources: cfg.sources,
      status: new CollectorStatusTable(db).all(),
      collectorPid: lockHolder(collectorLockFile(this.c.home.runDir)),
      seenSystems: seenValues(db, 'system'),
      target: (h) => this.target(h),
      lastMessage: (s) => lastMessageTime(db, s),
      cursor: (s) => {
        const k = this.c.store.cursor(cursorKey(s));
        return k && { inode: k.inode, offset: k.offset };
      },
    });
  }

  async test(name: string): Promise<ConnectionTestResult> {
    try {
      const cfg = this.config();
      const h = cfg.hosts.find((x) => x.name === name);
      if (!h) return { ok: false, error: `${name} is not a configured host: there is no connection to test` };
      // The SSH client loads on the first test, not with the screen.
      const { knownHostsOf, testConnection } = await import('./host-connection.js');
      return { ok: true, test: await testConnection(this.c, [...cfg.hosts], h, knownHostsOf(this.c.home)) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  restart(name: string): RestartResult {
    const o = this.overview();
    const reason = cannotRestart(o, name);
    if (reason !== null) return { ok: false, reason };
    requestRestart(this.c.home.runDir, name);
    return { ok: true, pid: o.collectorPid! };
  }
}
