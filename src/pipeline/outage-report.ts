// What a host collector tells the operator about its connection: MON0001 when connected, MON0002 once per
// outage, MON0003 once per changed host key (a retry loop must not flood the Activity Log).
import type { CollectorState } from '../store/collector-status.js';
import { HostKeyError } from '../collectors/ssh-transport.js';
import type { RemoteConnection } from '../collectors/remote-exec.js';
import { commitMonitorMessages, type CollectorEnv } from './collector-env.js';
import { monitorMessage } from './monitor-message.js';

/** Raises a host's MON messages, each once per outage or key. */
export class OutageReport {
  private lostReported = false;
  private reportedKey: string | null = null;

  constructor(
    private readonly env: CollectorEnv,
    private readonly system: string,
    private readonly address: string,
  ) {}

  private raise(msgId: string, fields: Record<string, string | number>): void {
    commitMonitorMessages(this.env, [monitorMessage(this.env.catalog, msgId, this.system, fields)]);
  }

  /** Connected (again): MON0001, and the next outage is reported anew. */
  connected(conn: RemoteConnection): void {
    this.lostReported = false;
    this.reportedKey = null;
    this.raise('MON0001', { host: this.address, fingerprint: conn.fingerprint, auth: conn.authMethod });
    this.env.note(`${this.system}: connected (${conn.fingerprint}, ${conn.authMethod})`);
  }

  /** A failed attempt or lost connection; returns the state it puts the host in. */
  failed(err: Error): CollectorState {
    this.env.note(`${this.system}: ${err.message}`);
    if (err instanceof HostKeyError) {
      if (err.kind === 'changed' && this.reportedKey !== err.fingerprint) {
        this.reportedKey = err.fingerprint;
        this.raise('MON0003', { fingerprint: err.fingerprint, expected: err.expected.join(', '), reason: err.message });
      } else if (err.kind !== 'changed' && !this.lostReported) {
        this.raise('MON0002', { reason: err.message });
      }
      this.lostReported = true;
      return 'refused';
    }
    if (!this.lostReported) {
      this.lostReported = true;
      this.raise('MON0002', { reason: err.message });
    }
    return 'retrying';
  }
}
