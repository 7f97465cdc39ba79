// The simple strategy: one session per (program, pid) — most daemons, IBM i jobs — ended by a line whose
// format marks it (`session_end`) or by idle time. The session remembers user and client from the line that
// named them, so later lines of the same process, which name neither, still say who did it.
import type { SessionLine, SessionStrategy, SessionVerdict } from './types.js';
import { detach, sessionId } from './types.js';
import { SESSION_END_FIELD, type SessionSummary } from '../core/sessions.js';

/** Sessions forgotten after this long without a line (log time), so memory stays bounded. */
const IDLE_MS = 2 * 3600_000;

interface PidSession {
  id: string;
  last: number;
  user?: string;
  client?: string;
}

/** Remembers a session's user and client, and fills them into lines that name neither. */
export function carryIdentity(s: { user?: string; client?: string }, f: SessionLine['fields']): void {
  if (f.user !== undefined) s.user ??= detach(String(f.user));
  else if (s.user !== undefined) f.user = s.user;
  if (f.client !== undefined) s.client ??= detach(String(f.client));
  else if (s.client !== undefined) f.client = s.client;
}

/** One session per (program, pid). */
export class PidSessions implements SessionStrategy {
  private readonly open = new Map<string, PidSession>();
  private restored = false;

  assign(line: SessionLine): SessionVerdict {
    const f = line.fields;
    if (f.pid === undefined) return { session: null, msgId: line.msgId };
    const key = detach(`${f.program ?? ''}:${f.pid}`);
    let s = this.open.get(key) ?? this.take(key, f.pid);
    if (!s || line.time - s.last > IDLE_MS) {
      s = { id: detach(sessionId(line.system, f.pid, line.time)), last: line.time };
      this.open.set(key, s);
      if (this.open.size > 10_000) this.evict(line.time);
    }
    s.last = line.time;
    carryIdentity(s, f);
    if (f[SESSION_END_FIELD] !== undefined) this.open.delete(key);
    return { session: s.id, msgId: line.msgId };
  }

  restore(open: readonly SessionSummary[]): void {
    // The program is not kept in the summary: a restored session is found again by any program with its pid.
    for (const s of open) {
      for (const pid of s.pids) this.open.set(`*:${pid}`, { id: s.id, last: s.last, user: s.user ?? undefined, client: s.client ?? undefined });
    }
    this.restored = this.open.size > 0;
  }

  forget(id: string): void {
    for (const [k, s] of this.open) if (s.id === id) this.open.delete(k);
  }

  save(): { restored: boolean; open: Array<[string, PidSession]> } {
    return { restored: this.restored, open: [...this.open] };
  }

  load(state: unknown): void {
    const st = state as ReturnType<PidSessions['save']>;
    this.restored = st.restored;
    for (const [k, s] of st.open) this.open.set(k, { ...s });
  }

  /** The restored session of a pid, moved under its program's key on first use. */
  private take(key: string, pid: string | number): PidSession | undefined {
    if (!this.restored) return undefined;
    const s = this.open.get(`*:${pid}`);
    if (s) this.open.delete(`*:${pid}`), this.open.set(key, s);
    return s;
  }

  private evict(now: number): void {
    for (const [k, s] of this.open) if (now - s.last > IDLE_MS) this.open.delete(k);
  }
}
