// The simple strategy: one session per process id (internal-sftp, sshd, most daemons), ended by idle time.
import type { SessionLine, SessionStrategy, SessionVerdict } from './types.js';
import { detach, sessionId } from './types.js';

/** Sessions forgotten after this long without a line (log time), so memory stays bounded. */
const IDLE_MS = 2 * 3600_000;

/** One session per (program, pid). */
export class PidSessions implements SessionStrategy {
  private readonly open = new Map<string, { id: string; last: number }>();

  assign(line: SessionLine): SessionVerdict {
    const pid = line.fields.pid;
    if (pid === undefined) return { session: null, msgId: line.msgId };
    const key = detach(`${line.fields.program ?? ''}:${pid}`);
    let s = this.open.get(key);
    if (!s || line.time - s.last > IDLE_MS) {
      s = { id: detach(sessionId(line.system, pid, line.time)), last: line.time };
      this.open.set(key, s);
      if (this.open.size > 10_000) this.evict(line.time);
    }
    s.last = line.time;
    return { session: s.id, msgId: line.msgId };
  }

  private evict(now: number): void {
    for (const [k, s] of this.open) if (now - s.last > IDLE_MS) this.open.delete(k);
  }
}
