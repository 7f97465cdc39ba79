// Where and as whom to connect to a configured host, after ~/.ssh/config was applied. Apart from the connection
// (ssh-transport.ts) so that showing a host's address (Work with Systems, hosts list) does not load the SSH client.
import os from 'node:os';
import path from 'node:path';
import type { HostConfig } from '../store/config-store.js';
import { expandPath, sshConfigFor } from './ssh-client-config.js';

/** Where and as whom to connect, after ~/.ssh/config was applied. */
export interface SshTarget {
  /** The msgmon host name (NAME of `hosts add`). */
  name: string;
  host: string;
  port: number;
  user: string;
  /** Key files to try after the agent, explicit --identity first. */
  identityFiles: string[];
  /** --identity was given: a missing or unreadable file is an error, not skipped. */
  explicitIdentity: boolean;
  /** msgmon host NAME to jump through, or null. */
  jump: string | null;
  /** Without a msgmon jump host: ~/.ssh/config's ProxyJump for the host (`a,b`, `user@host:port`), or null. */
  proxyJump: string | null;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** Applies ~/.ssh/config to a configured host: explicit options win, then the config file, then defaults. */
export function resolveTarget(h: HostConfig): SshTarget {
  const c = sshConfigFor(h.host);
  const host = c.hostName ?? h.host;
  const user = h.user ?? c.user ?? os.userInfo().username;
  const tokens = { host, user };
  const explicit = h.identity ? [path.resolve(h.identity)] : [];
  const fromConfig = c.identityFiles.map((f) => expandPath(f, tokens));
  const defaults = DEFAULT_KEYS.map((k) => path.join(os.homedir(), '.ssh', k));
  return {
    name: h.name,
    host,
    port: h.port ?? c.port ?? 22,
    user,
    identityFiles: explicit.length ? explicit : [...new Set([...fromConfig, ...defaults])],
    explicitIdentity: explicit.length > 0,
    jump: h.jump ?? null,
    proxyJump: h.jump ? null : (c.proxyJump ?? null),
  };
}
