// Connecting to a host (`msgmon hosts test`, `doctor HOST`, Work with Systems 8=Test connection): the host key,
// how msgmon logged in, the remote OS and the latency. A changed host key is refused and raises MON0003.
import os from 'node:os';
import path from 'node:path';
import type { ConnectionTest } from '../core/services.js';
import { UserError } from '../core/errors.js';
import type { HostConfig } from '../store/config-store.js';
import type { Home } from '../store/home.js';
import { KnownHosts, keyTypeOf } from '../collectors/known-hosts.js';
import { HostKeyError } from '../collectors/ssh-transport.js';
import { execText, type RemoteConnection } from '../collectors/remote-exec.js';
import { resolveChain } from '../collectors/ssh-jump.js';
import { connectHost } from '../collectors/connect-host.js';
import { monitorMessage } from '../pipeline/monitor-message.js';
import type { ServiceContext } from './service-context.js';

/** msgmon's own known_hosts beside the configuration, then the user's ~/.ssh/known_hosts (read only). */
export function knownHostsOf(home: Home): KnownHosts {
  return new KnownHosts(path.join(path.dirname(home.configFile), 'known_hosts'), [path.join(os.homedir(), '.ssh', 'known_hosts')]);
}

/** Connects to host `h` (of `hosts`, where its jump hosts are); a refusal is a UserError saying why, a changed key also stores MON0003. */
export async function openHost(c: ServiceContext, hosts: HostConfig[], h: HostConfig, knownHosts: KnownHosts): Promise<RemoteConnection> {
  try {
    return await connectHost(hosts, h, { knownHosts, readyTimeoutMs: 15_000 }, c.home.runDir);
  } catch (err) {
    // A read-only store (an auditor's console) records nothing; the refusal is still told.
    if (err instanceof HostKeyError && err.kind === 'changed' && !c.readOnly) {
      c.store.commit([monitorMessage(c.catalog, 'MON0003', h.name, { fingerprint: err.fingerprint, expected: err.expected.join(', '), reason: err.message })]);
    }
    throw new UserError((err as Error).message);
  }
}

/** Connects to host `h` (of `hosts`, where its jump hosts are), runs `uname -sr`, disconnects; throws a UserError saying why not. */
export async function testConnection(c: ServiceContext, hosts: HostConfig[], h: HostConfig, knownHosts: KnownHosts): Promise<ConnectionTest> {
  const chain = resolveChain(hosts, h);
  const conn = await openHost(c, hosts, h, knownHosts);
  try {
    const t0 = performance.now();
    const remoteOs = (await execText(conn.exec, 'uname -sr')).trim();
    const rtt = performance.now() - t0;
    const t = chain[chain.length - 1]!;
    return {
      name: h.name,
      host: t.host,
      port: t.port,
      user: t.user,
      keyType: keyTypeOf(conn.hostKey),
      fingerprint: conn.fingerprint,
      auth: conn.authMethod,
      os: remoteOs,
      connectMs: conn.connectMs,
      commandMs: Math.round(rtt * 10) / 10,
      jumps: chain.slice(0, -1).map((x) => x.name),
      transport: h.transport ?? 'ssh2',
    };
  } finally {
    conn.close();
  }
}
