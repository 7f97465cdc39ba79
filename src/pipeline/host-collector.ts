// One SSH connection to a host and the sources read over it: connect, read, poll for rotation, and on loss
// raise MON0002 and reconnect with backoff (MON0001 when back). Lines go through the pipeline and are
// committed together with their source's cursor.
import type { Catalog } from '../catalog/catalog.js';
import type { FormatRegistry } from '../formats/registry.js';
import type { Cursor, MessageStore } from '../store/message-store.js';
import type { NewMessage } from '../core/types.js';
import type { CollectorState, CollectorStatusTable } from '../store/collector-status.js';
import type { HostConfig, SourceConfig } from '../store/config-store.js';
import type { KnownHosts } from '../collectors/known-hosts.js';
import type { FileChunk } from '../collectors/local-file.js';
import { backoffDelay, type BackoffOptions } from '../collectors/backoff.js';
import { RemoteFileReader, statRemote } from '../collectors/remote-file.js';
import { RemoteShell } from '../collectors/remote-shell.js';
import { HostKeyError } from '../collectors/ssh-transport.js';
import { connectHost } from '../collectors/connect-host.js';
import type { RemoteConnection } from '../collectors/remote-exec.js';
import { makeProcessor } from './ingest.js';
import { monitorMessage } from './monitor-message.js';
import type { LineProcessor } from './processor.js';
import type { RuleStep } from './rule-step.js';

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
}

/** The cursor key of a source: a changed system or path starts a fresh cursor. */
export function cursorKey(s: SourceConfig): string {
  return `ssh:${s.system}:${s.name}:${s.path}`;
}

interface Reading {
  source: SourceConfig;
  processor: LineProcessor;
  reader: RemoteFileReader | null;
  lastMessage: number | null;
  lagBytes: number | null;
  error: string | null;
}

/** Reads up to 8 sources of one host over one connection (1 control channel + 8 file channels ≤ MaxSessions). */
export class HostCollector {
  private conn: RemoteConnection | null = null;
  private shell: RemoteShell | null = null;
  private readonly readings: Reading[];
  private timer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private lostReported = false;
  private reportedKey: string | null = null;
  private stopping = false;
  /** Daemon (follow, reconnect) or --once (read to the end, never retry). */
  private follow = false;
  private polling: Promise<void> | null = null;

  constructor(private readonly env: CollectorEnv, readonly host: HostConfig, sources: SourceConfig[]) {
    this.readings = sources.map((source) => ({
      source, processor: makeProcessor(env.formats, env.catalog, source.system, source.formats, source.name),
      reader: null, lastMessage: env.status.get(source.name)?.lastMessage ?? null, lagBytes: null, error: null,
    }));
  }

  private state: CollectorState | null = null;

  private setState(state: CollectorState, detail: string | null, retryAt: number | null = null): void {
    this.state = state;
    for (const r of this.readings) {
      this.env.status.set(r.source.name, r.source.system, { state, detail: detail ?? r.error, retryAt, lagBytes: r.lagBytes, lastMessage: r.lastMessage });
    }
  }

  private sink(r: Reading): (chunk: FileChunk) => void {
    return (chunk) => {
      if (chunk.restart) this.env.note(`${r.source.name}: ${chunk.restart}`);
      const msgs = r.processor.process(chunk.lines);
      this.commit(msgs, { source: cursorKey(r.source), inode: chunk.position.inode, offset: chunk.position.offset }, r.processor);
      for (const m of msgs) if (r.lastMessage === null || m.time > r.lastMessage) r.lastMessage = m.time;
    };
  }

  /** Messages and cursor in one transaction, through the rules when there are any. */
  private commit(msgs: NewMessage[], cursor: Cursor | null, processor?: LineProcessor): void {
    if (this.env.rules) this.env.rules.commit(this.env.store, msgs, cursor, processor?.totals);
    else this.env.store.commit(msgs, cursor);
  }

  private raise(msgId: string, fields: Record<string, string | number>): void {
    this.commit([monitorMessage(this.env.catalog, msgId, this.host.name, fields)], null);
  }

  /** Connects and opens the control shell; on failure stores what the operator must know and rethrows. */
  private async connect(): Promise<void> {
    // A retry keeps showing why it is retrying (refused: host key, retrying) until it gets through.
    if (this.state !== 'refused' && this.state !== 'retrying') this.setState('connecting', null);
    let conn: RemoteConnection;
    try {
      conn = await connectHost(this.env.hosts, this.host, {
        knownHosts: this.env.knownHosts, keepaliveIntervalMs: this.env.keepaliveMs, readyTimeoutMs: this.env.readyTimeoutMs,
      }, this.env.runDir);
    } catch (err) {
      this.refusedOrLost(err as Error);
      throw err;
    }
    this.conn = conn;
    conn.onClose(() => this.lost(`connection closed`));
    try {
      this.shell = await RemoteShell.open(conn.exec);
    } catch (err) {
      this.teardown();
      const e = new Error(`cannot open a shell on ${this.host.name}: ${(err as Error).message}`);
      this.refusedOrLost(e);
      throw e;
    }
    this.attempts = 0;
    this.lostReported = false;
    this.reportedKey = null;
    this.raise('MON0001', { host: this.host.host, fingerprint: conn.fingerprint, auth: conn.authMethod });
    this.env.note(`${this.host.name}: connected (${conn.fingerprint}, ${conn.authMethod})`);
  }

  /** A failed connection attempt: MON0003 for a changed key (once per key), MON0002 once per outage. */
  private refusedOrLost(err: Error): CollectorState {
    if (err instanceof HostKeyError) {
      if (err.kind === 'changed' && this.reportedKey !== err.fingerprint) {
        this.reportedKey = err.fingerprint;
        this.raise('MON0003', { fingerprint: err.fingerprint, expected: err.expected.join(', '), reason: err.message });
      } else if (err.kind !== 'changed' && !this.lostReported) {
        this.raise('MON0002', { reason: err.message });
      }
      this.lostReported = true;
      this.env.note(`${this.host.name}: ${err.message}`);
      return 'refused';
    }
    if (!this.lostReported) {
      this.lostReported = true;
      this.raise('MON0002', { reason: err.message });
    }
    this.env.note(`${this.host.name}: ${err.message}`);
    return 'retrying';
  }

  private readersFor(follow: boolean): void {
    for (const r of this.readings) {
      const c = this.env.store.cursor(cursorKey(r.source));
      r.reader = new RemoteFileReader(this.conn!.exec, this.shell!, r.source.path, c ? { inode: c.inode, offset: c.offset } : null,
        { follow, fromEnd: r.source.fromEnd }, this.sink(r));
    }
  }

  private async startReader(r: Reading): Promise<void> {
    try {
      await r.reader!.start();
      r.error = null;
    } catch (err) {
      r.error = (err as Error).message;
      this.env.note(`${r.source.name}: ${r.error}`);
    }
  }

  /** `collect --once`: connect, read every source to its current end, disconnect. Throws when the host failed. */
  async once(): Promise<void> {
    await this.connect();
    try {
      this.readersFor(false);
      await Promise.all(this.readings.map((r) => this.startReader(r)));
      const sts = await statRemote(this.shell!, this.readings.map((r) => r.source.path));
      this.readings.forEach((r, i) => {
        const st = sts[i];
        const pos = r.reader!.cursor;
        r.lagBytes = st && pos && pos.inode === st.id ? Math.max(0, st.size - pos.offset) : null;
      });
      for (const r of this.readings) {
        this.env.status.set(r.source.name, r.source.system, { state: 'stopped', detail: r.error, retryAt: null, lagBytes: r.lagBytes, lastMessage: r.lastMessage });
      }
    } finally {
      this.stopping = true;
      this.teardown();
    }
    const failed = this.readings.filter((r) => r.error);
    if (failed.length) throw new Error(failed.map((r) => `${r.source.name}: ${r.error}`).join('; '));
  }

  /** Daemon: connects (retrying forever with backoff) and follows every source until stop(). */
  start(): void {
    this.follow = true;
    this.safeAttempt();
  }

  /** An attempt that cannot take the daemon down: anything unexpected is a lost connection, retried. */
  private safeAttempt(): void {
    this.attempt().catch((err: Error) => {
      this.env.note(`${this.host.name}: ${err.message}`);
      if (this.conn) this.lost(err.message);
      else this.retry('retrying', err.message);
    });
  }

  private async attempt(): Promise<void> {
    this.timer = null;
    if (this.stopping) return;
    try {
      await this.connect();
    } catch (err) {
      if (!this.conn) this.retry(err instanceof HostKeyError ? 'refused' : 'retrying', (err as Error).message);
      return;
    }
    if (this.stopping) return this.teardown();
    const conn = this.conn;
    this.readersFor(true);
    await Promise.all(this.readings.map((r) => this.startReader(r)));
    if (this.conn !== conn) return; // lost while opening
    this.setState('connected', null);
    this.schedulePoll();
  }

  private retry(state: CollectorState, detail: string): void {
    if (this.stopping) return;
    const delay = state === 'refused' ? this.env.backoff.maxMs : backoffDelay(this.attempts++, this.env.backoff);
    this.setState(state, detail, Date.now() + delay);
    this.timer = setTimeout(() => this.safeAttempt(), delay);
  }

  private schedulePoll(): void {
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = null;
        if (this.conn && !this.stopping) this.schedulePoll();
      });
    }, this.env.pollMs);
  }

  /** Stats every file in one command, lets each reader notice rotation or truncation, records lag. */
  private async poll(): Promise<void> {
    const shell = this.shell;
    if (!shell || !this.conn) return;
    let sts;
    try {
      sts = await statRemote(shell, this.readings.map((r) => r.source.path));
    } catch {
      return; // the connection is going: 'close' handles it
    }
    for (const [i, r] of this.readings.entries()) {
      if (!this.conn || !r.reader) return;
      try {
        const lag = await r.reader.poll(sts[i] ?? null);
        if (lag !== null) r.lagBytes = lag;
        r.error = null;
      } catch (err) {
        r.error = (err as Error).message;
      }
      this.env.status.set(r.source.name, r.source.system, { state: 'connected', detail: r.error, retryAt: null, lagBytes: r.lagBytes, lastMessage: r.lastMessage });
    }
  }

  private lost(reason: string): void {
    if (!this.conn) return;
    this.teardown();
    if (this.stopping) return;
    this.refusedOrLost(new Error(reason));
    if (this.follow) this.retry('retrying', reason);
  }

  private teardown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const r of this.readings) {
      r.reader?.close();
      r.reader = null;
    }
    this.shell?.close();
    this.shell = null;
    const c = this.conn;
    this.conn = null;
    c?.close();
  }

  /** Stops reading and disconnects; the status rows say stopped. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.polling) await this.polling.catch(() => {});
    this.teardown();
    this.setState('stopped', null);
  }
}
