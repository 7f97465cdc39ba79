// What `collect` reads for one source, whatever its kind: a log file (remote-file.ts) today; other kinds
// (the journal, IBM i tables) plug in as more readers. The host collector owns the connection, the
// batched stat and the status rows; a reader owns one source's stream and hands its sink lines + cursor.
import type { Catalog } from '../catalog/catalog.js';
import type { NewMessage } from '../core/types.js';
import type { JobSession } from '../sessions/ibmi-jobs.js';
import type { SourceConfig } from '../store/config-store.js';
import type { FileChunk, FilePosition } from './local-file.js';
import type { RemoteShell } from './remote-shell.js';
import type { ExecHost } from './remote-exec.js';

/** `dev:inode` and size of a remote file, or null when it does not exist. */
export interface RemoteStat {
  id: string;
  size: number;
}

/** The connection a reader runs its remote commands over. */
export interface RemoteAccess {
  /** Opens a channel per long-running command (a `tail -f`, a `journalctl -f`). */
  exec: ExecHost;
  /** The host's one control shell for short commands (shared by its readers, one command at a time). */
  shell: RemoteShell;
}

/** Everything a reader is made from. */
export interface ReaderContext {
  source: SourceConfig;
  remote: RemoteAccess;
  /** The source's stored cursor (null: never read). Kinds without an inode keep their own cursor text in `inode`. */
  cursor: FilePosition | null;
  /** Daemon: keep reading (true); --once: read to the current end, then `start()` resolves (false). */
  follow: boolean;
  /** Stores lines and the cursor after them in one transaction; throws when it could not (nothing was stored). */
  sink: (chunk: FileChunk) => void;
  /** For readers that make messages themselves (IBM i rows): stores them and the cursor after them in one transaction, through the rules. */
  commit: (msgs: NewMessage[], position: FilePosition) => void;
  /** The catalog those readers render texts and severities from. */
  catalog: Catalog;
  /** The stored sessions whose id starts with a prefix (an IBM i job's sessions). */
  sessions: (prefix: string) => JobSession[];
}

/** One source being read. */
export interface SourceReader {
  /** A remote file the host stats for this reader in its one batched stat per poll; null when it needs none. */
  readonly statPath: string | null;
  /** Opens the source at its cursor; with follow off, resolves once everything there is was handed to the sink. */
  start(): Promise<void>;
  /**
   * Daemon, every poll interval: notices what the stream cannot tell (rotation, a dead stream, a query due)
   * and returns how many bytes are not yet read, or null when unknown. `st` is this reader's entry of the
   * batched stat (null without a statPath). Throwing records the error on the source; the next poll retries.
   */
  poll(st: RemoteStat | null): Promise<number | null>;
  /** After a --once read: bytes not yet read given the batched stat, or null when unknown. */
  lag(st: RemoteStat | null): number | null;
  /** Stops reading (the connection is going or the collector stops). */
  close(): void;
}
