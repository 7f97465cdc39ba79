// Ends sessions by the server's idle timeout, measured in LOG time: a log with no logout line (Debian's vsftpd.log
// without protocol lines, xferlog-only servers) still ends its sessions, an old file as it is read, and the same
// way however the file is cut into reads. The tracker follows every line of a session (a TYPE or PASV without a
// message is activity too) but only sessions that made a message: those the store knows.
import type { Fields } from '../core/types.js';
import { ENDING_MSGIDS, SESSION_END_FIELD, SESSION_ENDS, mergeProtocol, type OpenSession, type SessionEnd, type SessionSummary } from '../core/sessions.js';

/** Idle timeout of sessions whose format names none (sshd: no idle timeout by default). */
export const DEFAULT_IDLE_MS = 2 * 3600_000;

/** An open session as the tracker knows it. */
export interface IdleSession extends OpenSession {
  /** Log time of its newest line. */
  last: number;
  /** Its server's idle timeout. */
  idleMs: number;
}

/** What `save()` gives and `load()` takes: per timeout, the sessions oldest activity first. */
export type IdleState = Array<[number, IdleSession[]]>;

/** `2 h`, `5 min`, `90 s`: an idle timeout as FTP0041's reason says it. */
export function describeIdle(ms: number): string {
  if (ms % 3600_000 === 0) return `${ms / 3600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

/** True when a message with these fields ends its session (as the store's summary sees it). */
function ends(msgId: string, f: Fields): boolean {
  const end = f[SESSION_END_FIELD] ?? ENDING_MSGIDS[msgId];
  return end !== undefined && SESSION_ENDS.includes(end as SessionEnd);
}

/** The open sessions of one source with their last activity, in log time. */
export class IdleSessions {
  /** Per idle timeout, sessions in the order they were last active (a Map re-inserted on each line). */
  private readonly byTimeout = new Map<number, Map<string, IdleSession>>();
  private readonly all = new Map<string, IdleSession>();

  /** A line of session `id` at `time`; `msgId`/`fields` when it made a message (null: activity only). */
  touch(id: string, time: number, idleMs: number, msgId: string | null, fields: Fields | null): void {
    let s = this.all.get(id);
    if (msgId !== null && fields !== null && ends(msgId, fields)) {
      if (s) this.forget(id);
      return;
    }
    if (!s) {
      if (msgId === null || fields === null) return;
      s = { id, protocol: null, user: null, client: null, pids: [], last: time, idleMs };
      this.all.set(id, s);
    }
    if (fields) {
      s.user ??= str(fields.user);
      s.client ??= str(fields.client);
      s.protocol = mergeProtocol(s.protocol, str(fields.protocol));
      const pid = fields.pid === undefined ? NaN : Number(fields.pid);
      if (Number.isInteger(pid) && pid > 0 && !s.pids.includes(pid)) s.pids.push(pid);
    }
    s.last = Math.max(s.last, time);
    let bucket = this.byTimeout.get(s.idleMs);
    if (!bucket) this.byTimeout.set(s.idleMs, (bucket = new Map()));
    bucket.delete(id);
    bucket.set(id, s);
  }

  /** Sessions idle at `now` (no line for more than their timeout), forgotten here, in the order they went idle. */
  due(now: number): IdleSession[] {
    const out: IdleSession[] = [];
    for (const bucket of this.byTimeout.values()) {
      for (const s of bucket.values()) {
        if (now - s.last <= s.idleMs) break;
        out.push(s);
      }
    }
    for (const s of out) this.forget(s.id);
    return out.sort((a, b) => a.last + a.idleMs - (b.last + b.idleMs));
  }

  /** True while the tracker follows the session. */
  has(id: string): boolean {
    return this.all.has(id);
  }

  /** The session ended otherwise (a process check): no idle end for it. */
  forget(id: string): void {
    const s = this.all.get(id);
    if (!s) return;
    this.all.delete(id);
    this.byTimeout.get(s.idleMs)?.delete(id);
  }

  /** Takes back the open sessions of the store (a store without saved session state). */
  restore(open: readonly SessionSummary[], idleMs: number): void {
    const sorted = [...open].sort((a, b) => a.last - b.last);
    for (const o of sorted) {
      const s: IdleSession = { id: o.id, protocol: o.protocol, user: o.user, client: o.client, pids: [...o.pids], last: o.last, idleMs };
      this.all.set(s.id, s);
      let bucket = this.byTimeout.get(idleMs);
      if (!bucket) this.byTimeout.set(idleMs, (bucket = new Map()));
      bucket.set(s.id, s);
    }
  }

  /** Everything the tracker knows, as JSON-able data. */
  save(): IdleState {
    return [...this.byTimeout].filter(([, b]) => b.size > 0).map(([ms, b]) => [ms, [...b.values()]]);
  }

  /** Takes back what `save()` gave. */
  load(state: IdleState): void {
    for (const [ms, list] of state) {
      const bucket = new Map<string, IdleSession>();
      for (const s of list) bucket.set(s.id, s), this.all.set(s.id, s);
      this.byTimeout.set(ms, bucket);
    }
  }
}
