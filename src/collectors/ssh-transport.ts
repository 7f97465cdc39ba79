// An SSH connection to a monitored host (ssh2): host key checked against known_hosts before anything is sent,
// authentication by ssh-agent or key files only (never a password), keepalives to notice a dead peer.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import ssh2, { Client, type AnyAuthMethod, type ConnectConfig } from 'ssh2';
import { fingerprint, keyTypeOf, knownHostName, type KnownHosts } from './known-hosts.js';
import type { SshTarget } from './ssh-target.js';

/** Why a connection was refused because of the host key: unknown, changed or revoked. */
export class HostKeyError extends Error {
  constructor(
    readonly kind: 'unknown' | 'changed' | 'revoked',
    readonly target: SshTarget,
    /** Fingerprint of the key the host presented. */
    readonly fingerprint: string,
    /** Fingerprints recorded for the host (changed only). */
    readonly expected: string[] = [],
  ) {
    const where = knownHostName(target.host, target.port);
    super(
      kind === 'unknown'
        ? `host key of ${target.name} (${where}) is not known: ${fingerprint}. If that is the host's key, run: msgmon hosts trust ${target.name}`
        : kind === 'changed'
          ? `HOST KEY OF ${target.name} (${where}) CHANGED: it presented ${fingerprint}, known is ${expected.join(', ')}. Connection refused. Verify the new key with the host's owner, then run: msgmon hosts trust ${target.name}`
          : `host key of ${target.name} (${where}) ${fingerprint} is revoked (@revoked in known_hosts): connection refused`,
    );
  }
}

/** Authentication could not start (no usable key or agent) or every method was rejected. */
export class SshAuthError extends Error {}

/** A ready connection and what was learnt while making it. */
export interface SshConnection {
  client: Client;
  hostKey: Buffer;
  fingerprint: string;
  /** How we logged in, e.g. `agent` or `publickey /root/.ssh/id_ed25519`. */
  authMethod: string;
  /** Milliseconds from connect to ready (TCP + key exchange + authentication). */
  connectMs: number;
}

/** Connection options. */
export interface ConnectOptions {
  knownHosts: KnownHosts;
  /** Accept any host key (used only by `hosts trust`, which records it). */
  acceptAnyHostKey?: boolean;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  readyTimeoutMs?: number;
  /** An already open stream to the host (a jump host's forwardOut channel). */
  sock?: Readable;
  env?: NodeJS.ProcessEnv;
}

/** ssh2's host key algorithms for the key types known_hosts records (an RSA key signs with rsa-sha2-*). */
function hostKeyAlgorithms(types: string[]): string[] {
  return types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}

/** The authentication methods to offer, in order; keys are parsed first so a bad passphrase is a clear error. */
function authMethods(t: SshTarget, env: NodeJS.ProcessEnv): { methods: AnyAuthMethod[]; labels: string[]; problems: string[] } {
  const methods: AnyAuthMethod[] = [];
  const labels: string[] = [];
  const problems: string[] = [];
  const sock = env.SSH_AUTH_SOCK;
  if (sock && fs.existsSync(sock)) {
    methods.push({ type: 'agent', username: t.user, agent: sock });
    labels.push('agent');
  }
  const passphrase = env.MSGMON_SSH_PASSPHRASE;
  for (const file of t.identityFiles) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (err) {
      if (t.explicitIdentity) problems.push(`identity file ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    const parsed = ssh2.utils.parseKey(buf, passphrase);
    if (parsed instanceof Error) {
      const m = parsed.message;
      problems.push(
        /no passphrase given/i.test(m)
          ? `identity file ${file} is protected by a passphrase: load it into ssh-agent (ssh-add ${file}) or set MSGMON_SSH_PASSPHRASE`
          : /bad passphrase|decrypt/i.test(m)
            ? `identity file ${file}: wrong passphrase (MSGMON_SSH_PASSPHRASE)`
            : `identity file ${file} is not a usable private key: ${m}`,
      );
      continue;
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    methods.push({ type: 'publickey', username: t.user, key });
    labels.push(`publickey ${file}`);
  }
  return { methods, labels, problems };
}

/** Connects and authenticates; rejects with HostKeyError, SshAuthError or the network error. */
export function connectSsh(t: SshTarget, o: ConnectOptions): Promise<SshConnection> {
  const env = o.env ?? process.env;
  const { methods, labels, problems } = authMethods(t, env);
  if (!methods.length) {
    return Promise.reject(
      new SshAuthError(
        `cannot log in to ${t.name} as ${t.user}: ${problems.length ? problems.join('; ') : 'no ssh-agent (SSH_AUTH_SOCK) and no key file (~/.ssh/id_*, --identity FILE)'}`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const client = new Client();
    const started = performance.now();
    let presented: Buffer | null = null;
    let refusal: HostKeyError | null = null;
    let tried = -1;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(err);
    };
    const known = o.acceptAnyHostKey ? [] : o.knownHosts.keyTypes(t.host, t.port);
    const config: ConnectConfig = {
      host: t.host,
      port: t.port,
      username: t.user,
      sock: o.sock,
      readyTimeout: o.readyTimeoutMs ?? 20_000,
      keepaliveInterval: o.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: o.keepaliveCountMax ?? 3,
      algorithms: known.length ? { serverHostKey: hostKeyAlgorithms(known) as never } : undefined,
      hostVerifier: (key: Buffer) => {
        presented = Buffer.from(key);
        if (o.acceptAnyHostKey) return true;
        const v = o.knownHosts.check(t.host, t.port, key);
        if (v.status === 'trusted') return true;
        refusal = new HostKeyError(v.status, t, fingerprint(key), v.status === 'changed' ? v.expected.map((e) => fingerprint(e.key)) : []);
        return false;
      },
      authHandler: (_left, _partial, next) => {
        tried++;
        next(methods[tried] ?? false);
      },
    };
    client.once('ready', () => {
      settled = true;
      client.setNoDelay(true);
      resolve({
        client,
        hostKey: presented!,
        fingerprint: fingerprint(presented!),
        authMethod: labels[Math.min(tried, labels.length - 1)]!,
        connectMs: Math.round(performance.now() - started),
      });
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (refusal) return fail(refusal);
      if (err.level === 'client-authentication') {
        const extra = problems.length ? ` (${problems.join('; ')})` : '';
        return fail(new SshAuthError(`${t.name} refused the login of ${t.user}: tried ${labels.join(', ')}${extra}`));
      }
      const code = (err as NodeJS.ErrnoException).code;
      fail(new Error(`cannot connect to ${t.name} (${t.host}:${t.port}): ${code === 'ECONNREFUSED' ? 'connection refused' : err.message}`));
    });
    client.once('close', () => fail(refusal ?? new Error(`connection to ${t.name} (${t.host}:${t.port}) closed during login`)));
    try {
      client.connect(config);
    } catch (err) {
      fail(err as Error);
    }
  });
}

/** The presented host key's type and fingerprint, for messages. */
export function describeKey(key: Buffer): string {
  return `${keyTypeOf(key)} ${fingerprint(key)}`;
}
