// One SSH connection to a host and the sources read over it: connect, read, poll (one batched stat for every
// file), and on loss raise MON0002 and reconnect with backoff (MON0001 when back). Each source's reader
// (src/collectors/source-readers.ts) hands lines to its SourceReading, which commits them with its cursor.
import type { CollectorState } from '../store/collector-status.js';
import type { HostConfig, SourceConfig } from '../store/config-store.js';
import { backoffDelay } from '../collectors/backoff.js';
import { statRemote } from '../collectors/remote-file.js';
import { RemoteShell } from '../collectors/remote-shell.js';
import { HostKeyError } from '../collectors/ssh-transport.js';
import { connectHost } from '../collectors/connect-host.js';
import type { RemoteConnection } from '../collectors/remote-exec.js';
import type { RemoteStat } from '../collectors/source-reader.js';
import type { CollectorEnv } from './collector-env.js';
import { OutageReport } from './outage-report.js';
import type { CollectorPart } from './collector-part.js';
import { SourceReading } from './source-reading.js';
import { remotePids } from '../collectors/pid-probe.js';
import { DEFAULT_PROCESS_CHECK_MS } from './session-ends.js';
import { type ProbeHandle, startStatusProbe } from './status-probing.js';
import { procSampler, type Sampler } from '../status/status-probe.js';
import { ibmiSampler } from '../status/ibmi-probe.js';

/** Reads up to 8 sources of one host over one connection (1 control channel + 8 file channels ≤ MaxSessions). */
export class HostCollector implements CollectorPart {
  private conn: RemoteConnection | null = null;
  private shell: RemoteShell | null = null;
  private readonly readings: SourceReading[];
  private readonly outage: OutageReport;
  private timer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private stopping = false;
  /** Daemon (follow, reconnect) or --once (read to the end, never retry). */
  private follow = false;
  private polling: Promise<void> | null = null;
  private state: CollectorState | null = null;
  /** A connection attempt is under way (restart() must not start a second one). */
  private attempting = false;
  readonly system: string;
  /** When the open sessions' server processes were last checked (0: at the next poll). */
  private sessionsChecked = 0;
  /** The status probe running over this connection's control shell (issue 16), or null. */
  private probe: ProbeHandle | null = null;

  constructor(
    private readonly env: CollectorEnv,
    readonly host: HostConfig,
    sources: SourceConfig[],
    /** Every source of the host (its sources may be spread over several connections): an IBM i source makes it an IBM i. */
    private readonly hostSources: readonly SourceConfig[] = sources,
  ) {
    this.system = host.name;
    this.readings = sources.map((source) => new SourceReading(env, source));
    this.outage = new OutageReport(env, host.name, host.host);
  }

  private setState(state: CollectorState, detail: string | null, retryAt: number | null = null): void {
    this.state = state;
    for (const r of this.readings) r.report(state, detail, retryAt);
  }

  /** Connects and opens the control shell; on failure stores what the operator must know and rethrows. */
  private async connect(): Promise<void> {
    // A retry keeps showing why it is retrying (refused: host key, retrying) until it gets through.
    if (this.state !== 'refused' && this.state !== 'retrying') this.setState('connecting', null);
    let conn: RemoteConnection;
    try {
      conn = await connectHost(
        this.env.hosts,
        this.host,
        {
          knownHosts: this.env.knownHosts,
          keepaliveIntervalMs: this.env.keepaliveMs,
          readyTimeoutMs: this.env.readyTimeoutMs,
        },
        this.env.runDir,
      );
    } catch (err) {
      this.outage.failed(err as Error);
      throw err;
    }
    this.conn = conn;
    conn.onClose(() => this.lost(`connection closed`));
    try {
      this.shell = await RemoteShell.open(conn.exec);
    } catch (err) {
      this.teardown();
      const e = new Error(`cannot open a shell on ${this.host.name}: ${(err as Error).message}`);
      this.outage.failed(e);
      throw e;
    }
    this.attempts = 0;
    this.outage.connected(conn);
  }

  private async startReaders(): Promise<void> {
    const remote = { exec: this.conn!.exec, shell: this.shell! };
    await Promise.all(this.readings.map((r) => r.start(remote, this.follow)));
  }

  /** Every reader's entry of one stat command run for all of them (null for readers that need none). */
  private async statAll(shell: RemoteShell): Promise<Array<RemoteStat | null>> {
    const paths = this.readings.map((r) => r.statPath);
    const sts = await statRemote(
      shell,
      paths.filter((p): p is string => p !== null),
    );
    let i = 0;
    return paths.map((p) => (p === null ? null : (sts[i++] ?? null)));
  }

  /** `collect --once`: connect, read every source to its current end, disconnect. Throws when the host failed. */
  async once(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      // The rows keep why this run could not connect: `msgmon status` reports a stopped collector whose last attempt failed.
      this.setState(err instanceof HostKeyError ? 'refused' : 'retrying', (err as Error).message);
      throw err;
    }
    try {
      await this.startReaders();
      const sts = await this.statAll(this.shell!);
      this.readings.forEach((r, i) => r.measure(sts[i] ?? null));
      await this.checkSessions(this.shell!, 1);
      for (const r of this.readings) r.report('stopped');
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
    this.attempting = true;
    try {
      await this.connect();
    } catch (err) {
      if (!this.conn) this.retry(err instanceof HostKeyError ? 'refused' : 'retrying', (err as Error).message);
      return;
    } finally {
      this.attempting = false;
    }
    if (this.stopping) return this.teardown();
    const conn = this.conn;
    await this.startReaders();
    if (this.conn !== conn) return; // lost while opening
    this.setState('connected', null);
    this.sessionsChecked = 0; // sessions that ended while disconnected are found at the first poll
    this.probe = startStatusProbe(this.env, this.system, this.sampler());
    this.schedulePoll();
  }

  /**
   * How this host is probed: a host with IBM i sources is an IBM i (QSYS2 services through the sources' db2util),
   * any other through the /proc command over the control shell.
   */
  private sampler(): Sampler {
    const ibmi = this.hostSources.find((s) => s.kind === 'ibmi');
    if (ibmi) return ibmiSampler(this.conn!.exec, ibmi.ibmi.db2util);
    const shell = this.shell!;
    return procSampler(async (cmd) => (await shell.run(cmd)).out);
  }

  private retry(state: CollectorState, detail: string): void {
    if (this.stopping) return;
    const delay = state === 'refused' ? this.env.backoff.maxMs : backoffDelay(this.attempts++, this.env.backoff);
    this.setState(state, detail, Date.now() + delay);
    this.timer = setTimeout(() => this.safeAttempt(), delay);
  }

  private schedulePoll(): void {
    const conn = this.conn;
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = null;
        // Only the connection that scheduled it polls on: after a restart the new one has its own loop.
        if (conn && this.conn === conn && !this.stopping) this.schedulePoll();
      });
    }, this.env.pollMs);
  }

  /** Stats every file in one command, lets each reader notice rotation or truncation, records lag. */
  private async poll(): Promise<void> {
    const shell = this.shell;
    if (!shell || !this.conn) return;
    let sts: Array<RemoteStat | null>;
    try {
      sts = await this.statAll(shell);
    } catch {
      return; // the connection is going: 'close' handles it
    }
    const conn = this.conn;
    for (const [i, r] of this.readings.entries()) {
      if (this.conn !== conn) return;
      await r.poll(sts[i] ?? null);
    }
    if (Date.now() - this.sessionsChecked >= (this.env.sessionCheckMs ?? DEFAULT_PROCESS_CHECK_MS)) await this.checkSessions(shell, 2);
  }

  /** Session ends of every source: idle, or server processes gone (one `ps` per source over the control shell). */
  private async checkSessions(shell: RemoteShell, strikes: 1 | 2): Promise<void> {
    this.sessionsChecked = Date.now();
    for (const r of this.readings) {
      try {
        await r.checkSessions((pids) => remotePids(shell, pids), strikes);
      } catch (err) {
        this.env.note(`${r.source.name}: session check: ${(err as Error).message}`);
      }
    }
  }

  private lost(reason: string): void {
    if (!this.conn) return;
    this.teardown();
    if (this.stopping) return;
    this.outage.failed(new Error(reason));
    if (this.follow) this.retry('retrying', reason);
  }

  private teardown(): void {
    void this.probe?.stop();
    this.probe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const r of this.readings) r.close();
    this.shell?.close();
    this.shell = null;
    const c = this.conn;
    this.conn = null;
    c?.close();
  }

  /**
   * Work with Systems 9=Restart collector: drops the connection (or the wait for the next retry) and connects
   * again at once; reading resumes at the stored cursors. No MON0002: nothing was lost.
   */
  restart(): void {
    if (!this.follow || this.stopping || this.attempting) return;
    this.teardown();
    this.attempts = 0;
    this.state = null; // shows connecting, not the reason of an earlier outage
    this.env.note(`${this.host.name}: restart asked (Work with Systems)`);
    this.safeAttempt();
  }

  /** Stops reading and disconnects; the status rows say stopped, or keep the failure of the last attempt (refused, retrying). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.polling) await this.polling.catch(() => {});
    this.teardown();
    if (this.state !== 'refused' && this.state !== 'retrying') this.setState('stopped', null);
  }
}
