// vsftpd sessions: one login spans three processes (pre-login child, privileged parent that logs OK LOGIN,
// post-login child), so lines are linked by client, user and pid nearness — and the session knows its
// current directory and last command, which turns relative paths and bare failure replies into useful text.
import type { SessionLine, SessionStrategy, SessionVerdict } from './types.js';
import { detach, sessionId, SessionIndex } from './types.js';
import { resolveFtpPath } from './ftp-path.js';
import { SESSION_END_FIELD, type SessionSummary } from '../core/sessions.js';

interface VSession {
  id: string;
  client: string;
  user: string | null;
  loggedIn: boolean;
  /** Pids seen for this session; index 0 started it. */
  pids: number[];
  hasChild: boolean;
  cwd: string | null;
  pendingCwd: string | null;
  lastVerb: string;
  lastArg: string;
  lastFailure: string | null;
  last: number;
  /** The client switched to TLS (AUTH TLS answered 234): its messages say FTPS. */
  tls: boolean;
}

/** What `save()` keeps: the sessions once each, the pid and client maps as indexes into them. */
interface VsftpdState {
  lines: number;
  sessions: VSession[];
  byPid: Array<[number, number]>;
  linkable: Array<[string, number[]]>;
}

/** Commands whose failures vsftpd also reports as FAIL lines (FAIL UPLOAD, FAIL DELETE, …) after the reply. */
const VERBS_WITH_FAIL_LINES = new Set(['STOR', 'RETR', 'APPE', 'STOU', 'DELE', 'MKD', 'XMKD', 'RMD', 'XRMD', 'RNTO']);
/** Commands whose argument is a path (relative to the working directory unless it starts with /). */
const PATH_VERBS = new Set([
  'CWD',
  'XCWD',
  'LIST',
  'NLST',
  'MLSD',
  'MLST',
  'STAT',
  'RETR',
  'STOR',
  'APPE',
  'STOU',
  'DELE',
  'MKD',
  'XMKD',
  'RMD',
  'XRMD',
  'RNFR',
  'RNTO',
  'SIZE',
  'MDTM',
]);
const IDLE_MS = 2 * 3600_000;

function nearness(s: VSession, pid: number): number {
  return Math.min(...s.pids.map((p) => Math.abs(p - pid)));
}

/** Session linking and per-session context for vsftpd protocol logs. */
export class VsftpdSessions implements SessionStrategy {
  private readonly byPid = new Map<number, VSession>();
  /** Sessions that may still receive a pid, by client: before login (the parent's verdict) or awaiting their post-login child. */
  private readonly linkable = new Map<string, Set<VSession>>();
  private lines = 0;

  assign(line: SessionLine): SessionVerdict {
    const f = line.fields;
    const pid = typeof f.pid === 'number' ? f.pid : Number(f.pid);
    const client = String(f.client ?? '');
    const user = f.user === undefined ? null : String(f.user);
    let s = line.pattern === 'connect' ? undefined : this.byPid.get(pid);
    if (!s && line.pattern !== 'connect') s = this.link(pid, client, user, line.pattern);
    if (!s) {
      s = {
        id: detach(sessionId(line.system, pid, line.time)),
        client: detach(client),
        user: user && detach(user),
        loggedIn: false,
        pids: [],
        hasChild: false,
        cwd: null,
        pendingCwd: null,
        lastVerb: '',
        lastArg: '',
        lastFailure: null,
        last: line.time,
        tls: false,
      };
      this.track(pid, s);
      this.setLinkable(s, true);
    }
    s.last = line.time;
    if (user && !s.user) s.user = detach(user);
    if (++this.lines % 50_000 === 0) this.evictIdle(line.time);
    const msgId = this.context(s, line);
    if (s.tls) line.fields.protocol = 'ftps';
    return { session: s.id, msgId };
  }

  restore(open: readonly SessionSummary[]): void {
    for (const o of open) {
      // The post-login child is known once it logged a message: connect, login and child make three pids.
      const s: VSession = {
        id: o.id,
        client: o.client ?? '',
        user: o.user,
        loggedIn: o.loggedOn,
        pids: [],
        hasChild: o.loggedOn && o.pids.length >= 3,
        cwd: null,
        pendingCwd: null,
        lastVerb: '',
        lastArg: '',
        lastFailure: null,
        last: o.last,
        tls: o.protocol === 'ftps',
      };
      for (const pid of o.pids) this.track(pid, s);
      if (!s.hasChild) this.setLinkable(s, true);
    }
  }

  forget(id: string): void {
    for (const s of new Set(this.byPid.values())) if (s.id === id) this.end(s);
    for (const set of [...this.linkable.values()]) for (const s of set) if (s.id === id) this.end(s);
  }

  save(): VsftpdState {
    const idx = new SessionIndex<VSession>();
    const byPid = [...this.byPid].map(([p, s]): [number, number] => [p, idx.of(s)]);
    const linkable = [...this.linkable].map(([c, set]): [string, number[]] => [c, [...set].map((s) => idx.of(s))]);
    return { lines: this.lines, sessions: idx.list, byPid, linkable };
  }

  load(state: unknown): void {
    const st = state as VsftpdState;
    const list = st.sessions.map((s) => ({ ...s, pids: [...s.pids] }));
    this.lines = st.lines;
    for (const [p, i] of st.byPid) this.byPid.set(p, list[i]!);
    for (const [c, ids] of st.linkable) this.linkable.set(c, new Set(ids.map((i) => list[i]!)));
  }

  /** Finds the session a new pid belongs to: the parent's login verdict, or the post-login child. */
  private link(pid: number, client: string, user: string | null, pattern: string): VSession | undefined {
    const login = pattern === 'ok-login' || pattern === 'fail-login';
    let best: VSession | undefined;
    for (const s of this.linkable.get(client) ?? []) {
      if (user && s.user && s.user !== user) continue;
      const fits = login ? !s.loggedIn : s.loggedIn && !s.hasChild;
      if (fits && (!best || nearness(s, pid) < nearness(best, pid))) best = s;
    }
    if (best) {
      if (!login) {
        best.hasChild = true;
        this.setLinkable(best, false);
      }
      this.track(pid, best);
    }
    return best;
  }

  private setLinkable(s: VSession, on: boolean): void {
    let set = this.linkable.get(s.client);
    if (on) {
      if (!set) this.linkable.set(s.client, (set = new Set()));
      set.add(s);
    } else if (set) {
      set.delete(s);
      if (!set.size) this.linkable.delete(s.client);
    }
  }

  private track(pid: number, s: VSession): void {
    if (!s.pids.includes(pid)) s.pids.push(pid);
    this.byPid.set(pid, s);
  }

  private end(s: VSession): void {
    for (const p of s.pids) if (this.byPid.get(p) === s) this.byPid.delete(p);
    this.setLinkable(s, false);
  }

  /** Forgets sessions silent for IDLE_MS of log time (dropped connections leave no end line). */
  private evictIdle(now: number): void {
    for (const s of new Set(this.byPid.values())) if (now - s.last > IDLE_MS) this.end(s);
  }

  /**
   * vsftpd logs OK/FAIL paths absolute: after `MKD out` comes `/home/u/out`, which tells the current
   * directory of a client that never sent PWD.
   */
  private learnCwd(s: VSession, logged: unknown): void {
    if (s.cwd !== null || typeof logged !== 'string' || !logged.startsWith('/')) return;
    const arg = s.lastArg;
    if (arg && !arg.startsWith('/') && !arg.includes('..') && logged.endsWith('/' + arg)) s.cwd = detach(logged.slice(0, -arg.length - 1) || '/');
  }

  /**
   * The failed command as the text shows it: a path argument resolved against the working directory (`DELE
   * /home/u/out/missing.csv`), the argument as sent kept in `arg`.
   */
  private failedCommand(s: VSession, f: SessionLine['fields']): string {
    if (!s.lastArg) return s.lastVerb;
    if (!PATH_VERBS.has(s.lastVerb) || s.cwd === null) return `${s.lastVerb} ${s.lastArg}`;
    f.arg = s.lastArg;
    const path = resolveFtpPath(s.cwd, s.lastArg);
    if (typeof f.path !== 'string' || !f.path.startsWith('/')) f.path = path;
    return `${s.lastVerb} ${path}`;
  }

  /** Applies what the session knows to the line; returns the message ID to use (null: no message). */
  private context(s: VSession, line: SessionLine): string | null {
    const f = line.fields;
    switch (line.pattern) {
      case 'ok-login':
        s.loggedIn = true;
        return line.msgId;
      case 'command': {
        const verb = String(f.verb ?? '');
        const arg = f.arg === undefined ? '' : String(f.arg);
        s.lastVerb = detach(verb);
        s.lastArg = verb === 'PASS' ? '' : detach(arg);
        if (line.msgId === 'FTP0010' || line.msgId === 'FTP0011') {
          f.path = resolveFtpPath(s.cwd, verb === 'CDUP' || verb === 'XCUP' ? '..' : arg);
          if (line.msgId === 'FTP0010') s.pendingCwd = f.path;
        }
        if (line.msgId === 'FTP0030') f.command = arg ? `${verb} ${arg}` : verb;
        if (line.msgId === 'FTP0040') f[SESSION_END_FIELD] = 'logout';
        return line.msgId;
      }
      case 'response': {
        const code = Number(f.code);
        if (code === 257 && s.lastVerb === 'PWD') {
          const m = /^"((?:[^"]|"")*)"/.exec(String(f.reply ?? ''));
          if (m) s.cwd = detach(m[1]!.replace(/""/g, '"'));
        }
        if (code === 250 && s.pendingCwd && s.pendingCwd.startsWith('/')) s.cwd = detach(s.pendingCwd);
        if (code >= 200 && code < 400) s.pendingCwd = null;
        if (code === 221 && s.lastVerb === 'QUIT') this.end(s);
        if (code === 234 && s.lastVerb === 'AUTH') s.tls = true;
        // vsftpd closes the connection after a 421: its idle_session_timeout ("421 Timeout."), the data
        // connection timeout, too many users. The session ends there, saying why.
        if (code === 421) {
          f[SESSION_END_FIELD] = /^Timeout\.?$/i.test(String(f.reply ?? '')) ? 'idle' : 'dropped';
          f.reason = `the server closed the connection: ${f.code} ${f.reply}`;
          this.end(s);
          return 'FTP0041';
        }
        if (line.msgId === null) return null;
        s.lastFailure = detach(`${f.code} ${f.reply}`);
        // A failed logon is FAIL LOGIN's message; a failed transfer, delete, … is its FAIL line's.
        if (code === 530 || VERBS_WITH_FAIL_LINES.has(s.lastVerb) || (s.lastVerb === 'SITE' && /^chmod /i.test(s.lastArg))) return null;
        f.command = this.failedCommand(s, f);
        f.reply = s.lastFailure;
        return line.msgId;
      }
      case 'fail-upload':
      case 'fail-download':
      case 'fail-action':
        this.learnCwd(s, f.path);
        f.command = this.failedCommand(s, f);
        f.reply = s.lastFailure ?? 'transfer failed';
        return line.msgId;
      default:
        this.learnCwd(s, f.path);
        return line.msgId;
    }
  }
}
