// Sessions of IBM i FTP server jobs. A QTFTPnnnnn job serves one FTP session after another: its start (CPF1124)
// opens the first, `CLRLIB QTEMP` (audit entry CD) ends each one, and the job's end (CPF1164) ends the last.
// Session ids are `system:number/user/name:n`, the job's n-th session. The evidence comes from several sources
// (history log, audit journal) read independently, so a row is placed by time among the job's sessions as the
// store already has them (plus this batch), not by the order it arrives in.

/** What the store knows of one session of a job (times in epoch ms; the user who signed on, once known). */
export interface JobSession {
  id: string;
  start: number;
  last: number;
  end: number | null;
  user: string | null;
}

/** What a row means for its job's sessions. */
export type JobEvent = 'start' | 'end' | 'jobend' | 'other';

/** A job's last session older than this is another job that got the same number after the counter wrapped. */
const STALE_MS = 24 * 3_600_000;

/** The n of `…:n`. */
function ordinal(id: string): number {
  return Number(id.slice(id.lastIndexOf(':') + 1)) || 0;
}

/** Places rows in their job's sessions; `lookup` reads the store's sessions whose id starts with a prefix. */
export class IbmiJobSessions {
  private readonly known = new Map<string, JobSession[]>();

  constructor(
    private readonly system: string,
    private readonly lookup: (prefix: string) => JobSession[],
  ) {}

  /**
   * The session of a row of `job` (`number/user/name`) at `time`, with its user: a row that names none (the job
   * start, a command the server job ran as QTCP) is told who the session belongs to.
   */
  assign(job: string, time: number, event: JobEvent, user: string | null): { id: string; user: string | null } {
    const prefix = `${this.system}:${job}:`;
    let list = this.known.get(prefix);
    if (!list) {
      list = this.lookup(prefix)
        .map((s) => ({ ...s }))
        .sort((a, b) => a.start - b.start);
      this.known.set(prefix, list);
    }
    const s = this.find(list, time, event) ?? this.open(list, prefix, time);
    s.start = Math.min(s.start, time);
    s.last = Math.max(s.last, time);
    // The earliest end counts: a job end stored first is followed by the CLRLIB QTEMP that really ended the session.
    if (event === 'end' || event === 'jobend') s.end = s.end === null ? time : Math.min(s.end, time);
    s.user ??= user;
    return { id: s.id, user: s.user };
  }

  private find(list: JobSession[], t: number, event: JobEvent): JobSession | undefined {
    // The session whose first known row comes after t, when nothing ended between: its earlier rows (its job
    // start, a queue message) come from a source read later than the one that opened it.
    const next = (after: JobSession | undefined) => {
      const n = list.find((s) => s.start > t);
      return n && n.start - t <= STALE_MS && (!after || (after.end !== null && after.end < t)) ? n : undefined;
    };
    if (event === 'start') return list.find((s) => s.start >= t && s.start - t <= STALE_MS);
    const before = list.filter((s) => s.start <= t).at(-1);
    if (!before || t - (before.end ?? before.last) > STALE_MS) return event === 'jobend' ? undefined : next(undefined);
    // The job's end belongs to its last session even after CLRLIB QTEMP ended it; anything else after an end
    // belongs to the next session.
    if (event === 'jobend' || before.end === null || t <= before.end) return before;
    return next(before);
  }

  private open(list: JobSession[], prefix: string, t: number): JobSession {
    const n = list.reduce((max, s) => Math.max(max, ordinal(s.id)), 0) + 1;
    const s: JobSession = { id: `${prefix}${n}`, start: t, last: t, end: null, user: null };
    list.push(s);
    list.sort((a, b) => a.start - b.start);
    return s;
  }

  /** Forgets what was learnt: after a commit the store has it, and another source may have added sessions. */
  reset(): void {
    this.known.clear();
  }
}
