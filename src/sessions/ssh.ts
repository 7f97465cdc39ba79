// SSH and SFTP sessions: sshd logs the logon from its monitor process, names the user child ("User child is
// on pid C", LogLevel VERBOSE), the child starts the sftp subsystem, and internal-sftp logs from yet another
// process. Linking the three makes one session whose SFTP actions carry the user and client of the logon, and
// whose end says whether the client logged out or the connection was lost.
import type { SessionLine, SessionStrategy, SessionVerdict } from './types.js';
import { detach, sessionId, SessionIndex } from './types.js';
import { carryIdentity } from './by-pid.js';
import { SESSION_END_FIELD, type SessionEnd, type SessionSummary } from '../core/sessions.js';

interface SshSession {
  id: string;
  user?: string;
  client?: string;
  pids: number[];
  /** Lowest pid the sftp process may have: the user child's (the sftp process is its child). */
  child: number;
  /** none: no subsystem yet; awaiting: started, its process not seen; open; closed. */
  sftp: 'none' | 'awaiting' | 'open';
  /** How sshd or internal-sftp said the connection was lost (the coming end is not a logout), or null. */
  dropped: string | null;
  last: number;
}

const IDLE_MS = 2 * 3600_000;

/** What `save()` keeps: the sessions once each, the pid map and the sessions awaiting their sftp process as indexes. */
interface SshState {
  lines: number;
  sessions: SshSession[];
  byPid: Array<[number, number]>;
  awaiting: number[];
}
/** sshd lines that start a session for a pid not seen before (others of unknown pids are the listener's). */
const STARTS = new Set(['connection-from', 'accepted', 'failed', 'invalid-user']);

/** Sessions of sshd and internal-sftp lines of one source (auth.log). */
export class SshSessions implements SessionStrategy {
  private readonly byPid = new Map<number, SshSession>();
  /** Sessions whose sftp subsystem started and whose internal-sftp process has not logged yet. */
  private readonly awaiting = new Set<SshSession>();
  private lines = 0;

  assign(line: SessionLine): SessionVerdict {
    const f = line.fields;
    const pid = Number(f.pid);
    if (!Number.isInteger(pid)) return { session: null, msgId: line.msgId };
    if (++this.lines % 50_000 === 0) this.evictIdle(line.time);
    let s = this.byPid.get(pid);
    if (s && line.time - s.last > IDLE_MS) this.end(s), (s = undefined);
    const sftp = f.protocol === 'sftp'; // the sftp format's lines, under internal-sftp's tag or sshd's
    if (!s && sftp) s = (line.pattern === 'session-opened' ? this.linkSftp(f) : undefined) ?? this.create(line, pid);
    if (!s && STARTS.has(line.pattern)) s = this.create(line, pid);
    if (!s) return { session: null, msgId: line.msgId };
    s.last = line.time;
    carryIdentity(s, f);
    return { session: s.id, msgId: this.step(s, line) };
  }

  private create(line: SessionLine, pid: number): SshSession {
    const s: SshSession = { id: detach(sessionId(line.system, pid, line.time)), pids: [], child: pid, sftp: 'none', dropped: null, last: line.time };
    this.track(pid, s);
    return s;
  }

  private track(pid: number, s: SshSession): void {
    if (!s.pids.includes(pid)) s.pids.push(pid);
    this.byPid.set(pid, s);
  }

  /** The session whose sftp subsystem this process serves: same user and client, nearest child pid below it. */
  private linkSftp(f: SessionLine['fields']): SshSession | undefined {
    const pid = Number(f.pid);
    let best: SshSession | undefined;
    for (const s of this.awaiting) {
      if (s.user !== String(f.user) || s.client !== String(f.client) || s.child > pid) continue;
      if (!best || s.child > best.child) best = s;
    }
    if (best) {
      this.awaiting.delete(best);
      this.track(pid, best);
    }
    return best;
  }

  /** What the line means for its session; returns the message ID to use. */
  private step(s: SshSession, line: SessionLine): string | null {
    const f = line.fields;
    switch (line.pattern) {
      case 'user-child':
        s.child = Number(f.child);
        this.track(s.child, s);
        return null;
      case 'starting-session':
        if (f.subsystem === 'sftp' && s.sftp === 'none') (s.sftp = 'awaiting'), this.awaiting.add(s);
        return null;
      case 'session-opened':
        s.sftp = 'open';
        return line.msgId;
      case 'forced-close':
        s.dropped ??= 'connection lost with a file open';
        return line.msgId;
      case 'session-closed':
        return this.finish(s, f, s.dropped);
      // With SFTP open its end is internal-sftp's "session closed", which follows.
      case 'connection-lost':
        s.dropped = String(f.how ?? 'connection lost').toLowerCase();
        return s.sftp === 'open' ? null : this.finish(s, f, s.dropped);
      case 'disconnect':
        return s.sftp === 'open' ? null : this.finish(s, f, null);
      default:
        return line.msgId;
    }
  }

  /** Ends the session: FTP0040 after a logout, FTP0041 with the reason when the connection was lost. */
  private finish(s: SshSession, f: SessionLine['fields'], dropped: string | null): string {
    const how: SessionEnd = dropped === null ? 'logout' : 'dropped';
    f[SESSION_END_FIELD] = how;
    if (dropped !== null) f.reason = dropped;
    this.end(s);
    return dropped === null ? 'FTP0040' : 'FTP0041';
  }

  private end(s: SshSession): void {
    for (const p of s.pids) if (this.byPid.get(p) === s) this.byPid.delete(p);
    this.awaiting.delete(s);
  }

  restore(open: readonly SessionSummary[]): void {
    for (const o of open) {
      const s: SshSession = {
        id: o.id,
        user: o.user ?? undefined,
        client: o.client ?? undefined,
        pids: [],
        child: Math.min(...o.pids),
        sftp: o.protocol === 'sftp' ? 'open' : 'none',
        dropped: null,
        last: o.last,
      };
      for (const pid of o.pids) this.track(pid, s);
    }
  }

  forget(id: string): void {
    for (const s of new Set(this.byPid.values())) if (s.id === id) this.end(s);
  }

  save(): SshState {
    const idx = new SessionIndex<SshSession>();
    const byPid = [...this.byPid].map(([p, s]): [number, number] => [p, idx.of(s)]);
    const awaiting = [...this.awaiting].map((s) => idx.of(s));
    return { lines: this.lines, sessions: idx.list, byPid, awaiting };
  }

  load(state: unknown): void {
    const st = state as SshState;
    const list = st.sessions.map((s) => ({ ...s, pids: [...s.pids] }));
    this.lines = st.lines;
    for (const [p, i] of st.byPid) this.byPid.set(p, list[i]!);
    for (const i of st.awaiting) this.awaiting.add(list[i]!);
  }

  private evictIdle(now: number): void {
    for (const s of new Set(this.byPid.values())) if (now - s.last > IDLE_MS) this.end(s);
  }
}
