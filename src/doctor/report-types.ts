// The shape of a doctor report (printed as text, or as JSON with --json; docs/stock-setups.md, "msgmon doctor", documents it).

/** One change to make on the server: a line of a file (replace `now` by `set`, or add `set`), or a command. */
export interface Change {
  /** The file to edit, or null when the change is a command to run (`set`). */
  file: string | null;
  /** The line to replace (1-based), or null: add `set` (at the end of the file, or as a new file). */
  line: number | null;
  /** That line as it stands now, when there is one. */
  now: string | null;
  /** The new line (or the command). */
  set: string;
  /** What msgmon gains by it. */
  why: string;
}

/** A source to add: what `msgmon sources add` gets, and the command line itself. */
export interface SourcePlan {
  name: string;
  formats: string[];
  path?: string;
  journal?: string;
  identifier?: string;
  /** The server writes local times without a zone (RFC 3164, vsftpd use_localtime) in this zone. */
  zone?: string;
  command: string;
}

/** What doctor found for one server program (sshd, vsftpd, ProFTPD, Pure-FTPd). */
export interface ServerCheck {
  /** `OpenSSH sshd`, `vsftpd`, `ProFTPD`, `Pure-FTPd`. */
  server: string;
  /** Configuration files read, in the order the program reads them. */
  config: string[];
  /** What msgmon will see with the server as it is. */
  sees: string[];
  /** What msgmon will miss; empty when nothing is missing. */
  misses: string[];
  /** The changes that give what is missed. */
  changes: Change[];
  /** Sources to add to read what the server writes today. */
  sources: SourcePlan[];
  /** Facts worth knowing that need no change (where lines go, formats, zones). */
  notes: string[];
}

/** The whole report for one system. */
export interface DoctorReport {
  system: string;
  /** The user doctor read as (the SSH user) and its groups. */
  user: string;
  groups: string[];
  /** Zone name (or null) and UTC offset of the server's clock. */
  zone: string | null;
  offset: string;
  servers: ServerCheck[];
  /** True when any server misses something (exit 1). */
  missing: boolean;
}
