// The user's ~/.ssh/config as OpenSSH applies it to one host: HostName, User, Port, IdentityFile, ProxyJump.
// The ssh-config package parses and matches but neither expands `~`/`%` tokens nor follows Include: both
// are done here.
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
  /** The ProxyJump value as written (`none` is left out). */
  proxyJump?: string;
}

/** One hop of a ProxyJump list: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export interface JumpSpec {
  host: string;
  user?: string;
  port?: number;
}

/** OpenSSH's limit on nested Include files. */
const MAX_INCLUDE_DEPTH = 16;

/** Expands `~` and the `%d %u %h %r %%` tokens OpenSSH allows in IdentityFile. */
export function expandPath(p: string, tokens: { host: string; user: string }): string {
  const home = os.homedir();
  let s = p.replace(/%([%dhru])/g, (_, t: string) =>
    t === '%' ? '%' : t === 'd' ? home : t === 'h' ? tokens.host : t === 'r' ? tokens.user : os.userInfo().username,
  );
  if (s === '~' || s.startsWith('~/')) s = path.join(home, s.slice(1));
  return path.isAbsolute(s) ? s : path.join(home, '.ssh', s);
}

/** The files a glob names (`*` and `?` in any path component), sorted as glob(3) does. */
function globFiles(pattern: string): string[] {
  const parts = pattern.split('/').filter(Boolean);
  let found = ['/'];
  for (const part of parts) {
    if (!/[*?[]/.test(part)) {
      found = found.map((d) => path.join(d, part));
      continue;
    }
    const re = new RegExp(
      `^${part
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    found = found.flatMap((d) => {
      try {
        return fs
          .readdirSync(d)
          .filter((n) => !n.startsWith('.') && re.test(n))
          .sort()
          .map((n) => path.join(d, n));
      } catch {
        return [];
      }
    });
  }
  return found.filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

/** The words of an Include line (quotes group words with spaces). */
function includeWords(rest: string): string[] {
  return [...rest.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * A config file's text with every Include replaced by the files it names, where it stands (relative paths
 * from ~/.ssh, `~` expanded, globs sorted; a missing file is skipped, as OpenSSH does).
 */
export function inlineIncludes(file: string, depth = 0): string {
  const text = fs.readFileSync(file, 'utf8');
  return text
    .split('\n')
    .map((line) => {
      const m = /^\s*include\s*[=\s]\s*(.+)$/i.exec(line);
      if (!m) return line;
      if (depth >= MAX_INCLUDE_DEPTH) throw new Error(`${file}: Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
      return includeWords(m[1]!.trim())
        .map((w) => (w === '~' || w.startsWith('~/') ? path.join(os.homedir(), w.slice(1)) : path.isAbsolute(w) ? w : path.join(os.homedir(), '.ssh', w)))
        .flatMap(globFiles)
        .map((f) => `# Include ${f}\n${inlineIncludes(f, depth + 1)}`)
        .join('\n');
    })
    .join('\n');
}

/** Parses a ProxyJump value into its hops, first hop first; null for `none`. */
export function parseProxyJump(value: string): JumpSpec[] | null {
  if (value.trim().toLowerCase() === 'none') return null;
  return value.split(',').map((raw) => {
    const hop = raw.trim().replace(/^ssh:\/\//, '');
    const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@]+)(?::(\d+))?$/.exec(hop);
    if (!m) throw new Error(`ProxyJump hop '${raw.trim()}' is not [user@]host[:port]`);
    return { user: m[1], host: m[2]!.replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined };
  });
}

/** Reads ~/.ssh/config (or `file`), Includes followed, for `alias`; a missing file says nothing. */
export function sshConfigFor(alias: string, file = path.join(os.homedir(), '.ssh', 'config')): SshConfigHost {
  if (!fs.existsSync(file)) return { identityFiles: [] };
  let c: Record<string, string | string[]>;
  try {
    c = SSHConfig.parse(inlineIncludes(file)).compute(alias);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const one = (k: string): string | undefined => {
    const v = c[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const port = one('Port');
  const ids = c.IdentityFile;
  const jump = one('ProxyJump');
  return {
    hostName: one('HostName'),
    user: one('User'),
    port: port ? Number(port) : undefined,
    identityFiles: ids === undefined ? [] : Array.isArray(ids) ? ids : [ids],
    proxyJump: jump && jump.toLowerCase() !== 'none' ? jump : undefined,
  };
}
