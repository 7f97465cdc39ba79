// Ends the sessions no line ends: vsftpd logs nothing when a client drops. None of the session's server processes
// runs any more (a process check on the system): FTP0041 through the processor, so strategies forget the session.
// (Sessions that go quiet end by their idle timeout in the processor itself: sessions/idle.ts.)
import type { NewMessage } from '../core/types.js';
import type { SessionSummary } from '../core/sessions.js';
import type { MessageStore } from '../store/message-store.js';
import type { LineProcessor } from './processor.js';
import { describeIdle } from '../sessions/idle.js';

/** How often a follower checks the server processes of its open sessions when nothing else is configured. */
export const DEFAULT_PROCESS_CHECK_MS = 30_000;

/** Which of these process ids run on the system now; rejects when it cannot tell (no `ps`, connection gone). */
export type PidProbe = (pids: number[]) => Promise<Set<number>>;

/** The session ends of one source (one processor). */
export class SessionEnds {
  /** Sessions whose processes were gone at the last check, with their newest message time then. */
  private suspects = new Map<string, number>();

  constructor(
    private readonly store: MessageStore,
    private readonly proc: LineProcessor,
  ) {}

  private open(): SessionSummary[] {
    const { system, source } = this.proc.identity;
    return this.store.sessions.open(system, source);
  }

  /**
   * FTP0041 (idle) for the source's sessions idle by the clock at `now`: those its lines made (the processor knows
   * their timeouts), and open sessions the processor does not follow (an IBM i reader's, a session whose end message
   * a rule discarded) after the source's longest timeout.
   */
  idle(now: number): NewMessage[] {
    const out = this.proc.idleEnds(now);
    const ended = new Set(out.map((m) => m.session));
    const ms = this.proc.fallbackIdleMs;
    for (const s of this.open()) {
      if (ended.has(s.id) || this.proc.idle.has(s.id) || now - s.last < ms) continue;
      out.push(this.proc.endSession(s, 'idle', `no activity for ${describeIdle(ms)}`, s.last + ms));
    }
    return out;
  }

  /**
   * FTP0041 (process) for open sessions none of whose server processes runs. A follower wants a session found
   * gone at two checks in a row with no new message between them (`strikes` 2): its last lines (QUIT, written
   * just before the process exits) may still be on their way to the store when the first check runs.
   */
  async gone(probe: PidProbe, strikes: 1 | 2 = 2, now = Date.now()): Promise<NewMessage[]> {
    const open = this.open().filter((s) => s.pids.length > 0);
    if (!open.length) return (this.suspects.clear(), []);
    const alive = await probe([...new Set(open.flatMap((s) => s.pids))]);
    const before = this.suspects;
    this.suspects = new Map();
    const stillOpen = new Map(this.open().map((s) => [s.id, s]));
    const ended: NewMessage[] = [];
    for (const s of open) {
      const cur = stillOpen.get(s.id);
      if (!cur || cur.pids.some((p) => alive.has(p) || !s.pids.includes(p))) continue;
      if (strikes === 1 || before.get(s.id) === cur.last) ended.push(this.proc.endSession(cur, 'process', 'server process ended', now));
      else this.suspects.set(s.id, cur.last);
    }
    return ended;
  }
}
