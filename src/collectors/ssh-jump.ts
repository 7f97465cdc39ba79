// Jump hosts (`--jump`, like ssh -J): each hop connected through the previous one's forwardOut channel, each
// hop's own host key verified; and the bare host-key probe that `hosts trust` uses.
import type { Readable } from 'node:stream';
import { Client } from 'ssh2';
import type { HostConfig } from '../store/config-store.js';
import { ssh2Exec, type RemoteConnection } from './remote-exec.js';
import { connectSsh, SshAuthError, type ConnectOptions, type SshConnection } from './ssh-transport.js';
import { resolveTarget, type SshTarget } from './ssh-target.js';
import { type JumpSpec, parseProxyJump } from './ssh-client-config.js';

/**
 * The hops ~/.ssh/config's ProxyJump puts before a target, first hop first. As OpenSSH does, the listed
 * hops are connected in order and only the first one's own ProxyJump is followed (`ssh -J a,b` is
 * `ssh -J a b`); each hop gets its HostName, User, Port and IdentityFile from the config.
 */
function configHops(owner: string, t: SshTarget, seen: Set<string>): SshTarget[] {
  if (!t.proxyJump) return [];
  let specs: JumpSpec[] | null;
  try {
    specs = parseProxyJump(t.proxyJump);
  } catch (err) {
    throw new SshAuthError(`host ${owner}: ~/.ssh/config: ${(err as Error).message}`);
  }
  if (!specs) return [];
  const hops = specs.map((j) => resolveTarget({ name: j.host, host: j.host, port: j.port, user: j.user }));
  const first = hops[0]!;
  if (seen.has(first.name)) throw new SshAuthError(`host ${owner}: ProxyJump in ~/.ssh/config loops through ${first.name}`);
  seen.add(first.name);
  return [...configHops(owner, first, seen), ...hops];
}

/**
 * The targets to connect through, first hop first: `--jump` names another configured host (which may jump
 * too); the outermost host without one follows ~/.ssh/config's ProxyJump.
 */
export function resolveChain(hosts: HostConfig[], h: HostConfig): SshTarget[] {
  const chain: SshTarget[] = [];
  const seen = new Set<string>();
  for (let cur: HostConfig | undefined = h; cur; ) {
    if (seen.has(cur.name)) throw new SshAuthError(`host ${h.name}: jump hosts loop through ${cur.name}`);
    seen.add(cur.name);
    const t = resolveTarget(cur);
    chain.unshift(t);
    const jump: string | undefined = cur.jump;
    if (!jump) {
      chain.unshift(...configHops(h.name, t, new Set([t.name])));
      break;
    }
    cur = hosts.find((x) => x.name === jump);
    if (!cur) throw new SshAuthError(`host ${h.name}: jump host ${jump} is not configured (msgmon hosts add ${jump} --host …)`);
  }
  return chain;
}

/** A connection through zero or more jump hosts; closing it closes every hop. */
export interface ChainedConnection extends SshConnection, RemoteConnection {
  hops: Client[];
}

/** Connects hop by hop (each hop's own host key verified), the last through the others' forwardOut channels. */
export async function connectChain(chain: SshTarget[], o: ConnectOptions): Promise<ChainedConnection> {
  const hops: Client[] = [];
  const closeAll = () => {
    for (const c of hops) c.end();
  };
  try {
    let sock: Readable | undefined;
    for (let i = 0; i < chain.length; i++) {
      const t = chain[i]!;
      const conn = await connectSsh(t, { ...o, sock, acceptAnyHostKey: i === chain.length - 1 ? o.acceptAnyHostKey : false });
      hops.push(conn.client);
      if (i === chain.length - 1) {
        // A dying hop takes the ones after it down; the last one's 'close' is what callers watch.
        for (const h of hops.slice(0, -1)) h.on('close', () => conn.client.end());
        conn.client.on('close', closeAll);
        const onClose = (cb: () => void) => {
          let done = false;
          conn.client.on('close', () => {
            if (!done) (done = true), cb();
          });
        };
        return { ...conn, hops, close: closeAll, exec: ssh2Exec(conn.client), onClose };
      }
      const next = chain[i + 1]!;
      sock = await new Promise<Readable>((resolve, reject) =>
        conn.client.forwardOut('127.0.0.1', 0, next.host, next.port, (err, stream) =>
          err ? reject(new Error(`jump host ${t.name} cannot reach ${next.host}:${next.port}: ${err.message}`)) : resolve(stream),
        ),
      );
    }
    throw new Error('empty connection chain');
  } catch (err) {
    closeAll();
    throw err;
  }
}

/** Only the host key of the last target (for `hosts trust`): key exchange, then hang up before logging in. */
export async function probeHostKey(chain: SshTarget[], o: ConnectOptions): Promise<Buffer> {
  const last = chain[chain.length - 1]!;
  let via: ChainedConnection | null = null;
  let sock: Readable | undefined;
  if (chain.length > 1) {
    via = await connectChain(chain.slice(0, -1), o);
    sock = await new Promise<Readable>((resolve, reject) =>
      via!.client.forwardOut('127.0.0.1', 0, last.host, last.port, (err, stream) => (err ? reject(err) : resolve(stream))),
    );
  }
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const client = new Client();
      let key: Buffer | null = null;
      const done = () => (key ? resolve(key) : reject(new Error(`cannot reach ${last.name} (${last.host}:${last.port}): no host key received`)));
      client.on('error', (err: Error & { code?: string }) => {
        if (!key)
          reject(new Error(`cannot connect to ${last.name} (${last.host}:${last.port}): ${err.code === 'ECONNREFUSED' ? 'connection refused' : err.message}`));
        else done();
      });
      client.on('close', done);
      client.connect({
        host: last.host,
        port: last.port,
        username: last.user,
        sock,
        readyTimeout: o.readyTimeoutMs ?? 20_000,
        hostVerifier: (k: Buffer) => {
          key = Buffer.from(k);
          return false;
        },
      });
    });
  } finally {
    via?.close();
  }
}
