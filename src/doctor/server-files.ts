// What `msgmon doctor` learnt about a server before judging it: the SSH user, the time zone, the sshd that serves
// the connection, and the configuration and log files it read or looked at. Plain data; the reader fills it.

/** One file (or a glob's match) on the server. */
export interface ServerFile {
  path: string;
  exists: boolean;
  /** The SSH user can open it for reading (test -r, as that user). */
  readable: boolean;
  /** Octal permission bits (`640`), owner and group names, when it exists. */
  mode?: string;
  owner?: string;
  group?: string;
  /** Its text, for configuration files that were read (undefined: only looked at). */
  text?: string;
}

/** Facts about the server outside its files. */
export interface ServerFacts {
  /** The SSH user doctor logged in as (or the local user) and its groups. */
  user: string;
  groups: string[];
  /** `date +%z` (e.g. `+0100`) and the zone name from /etc/timezone or /etc/localtime, when known. */
  offset: string;
  zone: string | null;
  /** Command lines of the processes above the reading shell, nearest first (the serving sshd is among them). */
  ancestors: string[];
  /** journald's socket exists (/run/systemd/journal/socket): syslog lines also reach the journal. */
  journald: boolean;
}

/**
 * Everything read, by path. The checks simply ask for what they need; what was not fetched yet is remembered
 * (`wanted`), the reader fetches it and the checks run again, until nothing new is wanted.
 */
export class ServerFiles {
  private readonly byPath = new Map<string, ServerFile>();
  private readonly globs = new Map<string, string[]>();
  private readonly read = new Set<string>();
  private readonly wantRead = new Set<string>();
  private readonly wantStat = new Set<string>();

  constructor(readonly facts: ServerFacts) {}

  /** Records what a path or glob gave (the files it matched, in order); `withText`: their contents were read. */
  add(pattern: string, found: ServerFile[], withText: boolean): void {
    for (const f of found) {
      this.byPath.set(f.path, f);
      if (withText) this.read.add(f.path);
    }
    if (withText) this.read.add(pattern);
    this.globs.set(
      pattern,
      found.filter((f) => f.exists).map((f) => f.path),
    );
    this.wantRead.delete(pattern);
    this.wantStat.delete(pattern);
  }

  /** Paths and globs asked for but not fetched yet: to read, and only to look at. */
  wanted(): { read: string[]; stat: string[] } {
    return { read: [...this.wantRead], stat: [...this.wantStat].filter((p) => !this.wantRead.has(p)) };
  }

  /** The file at path (exists false when it is not there). */
  get(path: string): ServerFile | undefined {
    if (!this.byPath.has(path)) this.wantStat.add(path);
    return this.byPath.get(path);
  }

  /** The text of a configuration file that exists and could be read, else null. */
  text(path: string): string | null {
    if (!this.read.has(path)) this.wantRead.add(path);
    return this.byPath.get(path)?.text ?? null;
  }

  /** The existing files a glob (or plain path) matched, in the shell's order; each is read. */
  matches(pattern: string): string[] {
    if (!this.read.has(pattern)) this.wantRead.add(pattern);
    return this.globs.get(pattern) ?? [];
  }
}
