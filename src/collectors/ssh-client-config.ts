// The user's ~/.ssh/config as OpenSSH applies it to one host: HostName, User, Port, IdentityFile, ProxyJump.
// The ssh-config package neither expands `~`/`%` tokens nor follows Include: done here (tokens) or documented (Include).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';

/** What ~/.ssh/config says about an alias (only the keys msgmon uses). */
export interface SshConfigHost {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
}

/** Expands `~` and the `%d %u %h %r %%` tokens OpenSSH allows in IdentityFile. */
export function expandPath(p: string, tokens: { host: string; user: string }): string {
  const home = os.homedir();
  let s = p.replace(/%([%dhru])/g, (_, t: string) => (t === '%' ? '%' : t === 'd' ? home : t === 'h' ? tokens.host : t === 'r' ? tokens.user : os.userInfo().username));
  if (s === '~' || s.startsWith('~/')) s = path.join(home, s.slice(1));
  return path.isAbsolute(s) ? s : path.join(home, '.ssh', s);
}

/** Reads ~/.ssh/config (or `file`) for `alias`; a missing file says nothing. */
export function sshConfigFor(alias: string, file = path.join(os.homedir(), '.ssh', 'config')): SshConfigHost {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { identityFiles: [] };
  }
  let c: Record<string, string | string[]>;
  try {
    c = SSHConfig.parse(text).compute(alias);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const one = (k: string): string | undefined => {
    const v = c[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const port = one('Port');
  const ids = c.IdentityFile;
  return {
    hostName: one('HostName'),
    user: one('User'),
    port: port ? Number(port) : undefined,
    identityFiles: ids === undefined ? [] : Array.isArray(ids) ? ids : [ids],
    proxyJump: one('ProxyJump'),
  };
}
