// What every host collector shares, and how a source's cursor is keyed in the store.
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import type { MessageStore } from '../store/message-store.js';
import type { NewMessage } from '../core/types.js';
import type { CollectorStatusTable } from '../store/collector-status.js';
import { sourceCursorKey, type HostConfig } from '../store/config-store.js';
import type { KnownHosts } from '../collectors/known-hosts.js';
import type { BackoffOptions } from '../collectors/backoff.js';
import type { RuleStep } from './rule-step.js';
import type { Threshold } from '../status/thresholds.js';

/** What every host collector shares. */
export interface CollectorEnv {
  store: MessageStore;
  status: CollectorStatusTable;
  catalog: Catalog;
  formats: FormatRegistry;
  knownHosts: KnownHosts;
  /** Every configured host (jump hosts are looked up here). */
  hosts: HostConfig[];
  backoff: BackoffOptions;
  pollMs: number;
  keepaliveMs: number;
  readyTimeoutMs: number;
  /** Folder for run-time files (the OpenSSH transport's control socket). */
  runDir: string;
  /** The automated responses every message goes through before it is committed (none: stored as made). */
  rules?: RuleStep;
  /** A line for the operator (stderr of `collect`). */
  note(text: string): void;
  /** Sessions with no line for this long end (FTP0041 idle); default: each format's server timeout (vsftpd 300 s). */
  sessionIdleMs?: number;
  /** How often the server processes of open sessions are checked (FTP0041 process); default 30 s. */
  sessionCheckMs?: number;
  /** Status probe interval (issue 16): default 15 s, 0 turns the probe off; its thresholds (default data/status/thresholds.json). */
  probeMs?: number;
  thresholds?: readonly Threshold[];
}

/** The cursor key of a source (each kind says what makes its cursor: path, journal selection, IBM i service). */
export const cursorKey = sourceCursorKey;

/** Messages of no source (msgmon's own about a host: MON0001, MON0002), through the rules when there are any. */
export function commitMonitorMessages(env: CollectorEnv, msgs: NewMessage[]): void {
  if (env.rules) env.rules.commit(env.store, msgs, null);
  else env.store.commit(msgs);
}
