// The transport registry: a configured host → a logged-in RemoteConnection (ssh2 by default, or system ssh).
import type { HostConfig } from '../store/config-store.js';
import type { RemoteConnection } from './remote-exec.js';
import { connectOpenSsh } from './openssh-transport.js';
import { connectChain, resolveChain } from './ssh-jump.js';
import { SshAuthError, type ConnectOptions } from './ssh-transport.js';
import { resolveTarget } from './ssh-target.js';

/** Transports by kind; `runDir` holds the OpenSSH control socket and pinned host key. */
const TRANSPORTS: Record<
  NonNullable<HostConfig['transport']>,
  (hosts: HostConfig[], h: HostConfig, o: ConnectOptions, runDir: string) => Promise<RemoteConnection>
> = {
  ssh2: (hosts, h, o) => connectChain(resolveChain(hosts, h), o),
  openssh: (_hosts, h, o, runDir) => {
    if (h.jump) return Promise.reject(new SshAuthError(`host ${h.name}: --jump works with the ssh2 transport only`));
    const t = resolveTarget(h);
    // The pinned-key ssh connects to the resolved address, where the alias's ProxyJump no longer applies.
    if (t.proxyJump)
      return Promise.reject(new SshAuthError(`host ${h.name}: ProxyJump of ~/.ssh/config works with the ssh2 transport only (drop --transport openssh)`));
    return connectOpenSsh(t, o, runDir);
  },
};

/** Connects to a configured host with its transport (jump hosts followed). */
export function connectHost(hosts: HostConfig[], h: HostConfig, o: ConnectOptions, runDir: string): Promise<RemoteConnection> {
  return TRANSPORTS[h.transport ?? 'ssh2'](hosts, h, o, runDir);
}
