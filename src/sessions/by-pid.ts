// The simple strategy: one session per (program, pid) — internal-sftp, sshd, most daemons — ended by idle
// time. The session remembers user and client from the line that named them (internal-sftp's "session
// opened"), so later lines of the same process, which name neither, still say who did it.
import type { SessionLine, SessionStrategy, SessionVerdict } from './types.js';
import { detach, sessionId } from './types.js';

/** Sessions forgotten after this long without a line (log time), so memory stays bounded. */
const IDLE_MS = 2 * 3600_000;

interface PidSession {
  id: string;
  last: number;
  user?: string;
  client?: string;
}

/** One session per (program, pid). */
export class PidSessions implements SessionStrategy {
  private readonly open = new Map<string, PidSession>();

  assign(line: SessionLine): SessionVerdict {
    const f = line.fields;
    if (f.pid === undefined) return { session: null, msgId: line.msgId };
    const key = detach(`${f.program ?? ''}:${f.pid}`);
    let s = this.open.get(key);
    if (!s || line.time - s.last > IDLE_MS) {
      s = { id: detach(sessionId(line.system, f.pid, line.time)), last: line.time };
      this.open.set(key, s);
      if (this.open.size > 10_000) this.evict(line.time);
    }
    s.last = line.time;
    if (f.user !== undefined) s.user ??= detach(String(f.user));
    else if (s.user !== undefined) f.user = s.user;
    if (f.client !== undefined) s.client ??= detach(String(f.client));
    else if (s.client !== undefined) f.client = s.client;
    if (line.pattern === 'session-closed') this.open.delete(key);
    return { session: s.id, msgId: line.msgId };
  }

  private evict(now: number): void {
    for (const [k, s] of this.open) if (now - s.last > IDLE_MS) this.open.delete(k);
  }
}
