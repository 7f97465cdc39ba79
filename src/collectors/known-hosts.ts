// known_hosts files as OpenSSH reads them: host patterns, `!negation`, `[host]:port`, hashed `|1|` names,
// `@revoked` and `@cert-authority` markers. No maintained npm package does this; it is small.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  /** The host field as written (patterns, or one hashed name). */
  hosts: string;
  keyType: string;
  /** The key blob (the decoded base64 field). */
  key: Buffer;
  file: string;
  line: number;
}

/** What a known_hosts lookup says about a presented key. */
export type HostKeyVerdict =
  | { status: 'trusted'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; expected: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

/** `SHA256:…` of a key blob, exactly as `ssh-keygen -lf` prints it. */
export function fingerprint(key: Buffer): string {
  return 'SHA256:' + crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

/** The key type named inside a key blob (its first SSH string), e.g. `ssh-ed25519`. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString('latin1');
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Parses known_hosts text; malformed lines are skipped, as ssh does. */
export function parseKnownHosts(text: string, file = '(text)'): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const f = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (f[0]!.startsWith('@')) {
      const m = f.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    if (f.length < 3) return;
    const key = Buffer.from(f[2]!, 'base64');
    if (!key.length) return;
    out.push({ marker, hosts: f[0]!, keyType: f[1]!, key, file, line: i + 1 });
  });
  return out;
}

/** OpenSSH glob: `*` any run, `?` one character; case-insensitive like host names. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
    'i',
  );
  return re.test(name);
}

/** True when an entry's host field names `name` (`host` or `[host]:port`). */
export function hostsFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const mac = crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let hit = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false; // a negated match wins over every positive one
    } else if (globMatch(p, name)) hit = true;
  }
  return hit;
}

/** Decides on a presented key from the entries of the files read (revoked anywhere wins, then a match). */
export function verdict(entries: KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const mine = entries.filter((e) => e.marker === null && hostsFieldMatches(e.hosts, name));
  const same = mine.find((e) => e.key.equals(key));
  if (same) return { status: 'trusted', entry: same };
  // Like OpenSSH: only a recorded key of the same type makes a different key a "change".
  const sameType = mine.filter((e) => e.keyType === keyTypeOf(key));
  return sameType.length ? { status: 'changed', expected: sameType } : { status: 'unknown' };
}

/** Reads a known_hosts file; a missing file has no entries. */
export function readKnownHosts(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(fs.readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * msgmon's own known_hosts (written by `hosts trust`) and the user's ~/.ssh/known_hosts. For a host that
 * msgmon's file names, only msgmon's file counts: `hosts trust` is how an operator replaces a key.
 */
export class KnownHosts {
  constructor(
    readonly ownFile: string,
    readonly userFiles: string[],
  ) {}

  /** Entries that apply to `name` (revocations from every file). */
  entriesFor(name: string): KnownHostEntry[] {
    const own = readKnownHosts(this.ownFile);
    const ownNames = own.some((e) => e.marker === null && hostsFieldMatches(e.hosts, name));
    const user = this.userFiles.flatMap(readKnownHosts);
    return ownNames ? [...own, ...user.filter((e) => e.marker === 'revoked')] : [...own, ...user];
  }

  /** The verdict on a key a host presented. */
  check(host: string, port: number, key: Buffer): HostKeyVerdict {
    const name = knownHostName(host, port);
    return verdict(this.entriesFor(name), name, key);
  }

  /** Key types recorded for the host, to offer only those in key exchange (as OpenSSH does). */
  keyTypes(host: string, port: number): string[] {
    const name = knownHostName(host, port);
    return [
      ...new Set(
        this.entriesFor(name)
          .filter((e) => e.marker === null && hostsFieldMatches(e.hosts, name))
          .map((e) => e.keyType),
      ),
    ];
  }

  /** Records `key` as the host's key in msgmon's file, replacing what that file said about the host. */
  trust(host: string, port: number, key: Buffer): void {
    const name = knownHostName(host, port);
    let lines: string[] = [];
    try {
      lines = fs.readFileSync(this.ownFile, 'utf8').split('\n').filter(Boolean);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const kept = lines.filter((l) => {
      const e = parseKnownHosts(l)[0];
      return !e || e.marker !== null || !hostsFieldMatches(e.hosts, name);
    });
    kept.push(`${name} ${keyTypeOf(key)} ${key.toString('base64')}`);
    fs.mkdirSync(path.dirname(this.ownFile), { recursive: true, mode: 0o700 });
    const tmp = `${this.ownFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, kept.join('\n') + '\n', { mode: 0o600 });
    fs.renameSync(tmp, this.ownFile);
  }
}
