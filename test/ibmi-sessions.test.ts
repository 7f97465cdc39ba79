// IBM i FTP server job sessions: rows of the history log and of the audit journal are read by two independent
// sources, so either may be stored first. The session each row gets must not depend on that order.
import { describe, expect, it } from 'vitest';
import { IbmiJobSessions, type JobEvent, type JobSession } from '../src/sessions/ibmi-jobs.js';

const JOB = '123456/QTCP/QTFTP01234';
const T = (min: number) => Date.UTC(2026, 10, 25, 9, min);
/** Job start, first session (THOMASK) ended by CLRLIB QTEMP, second session (ANNA) ended by CLRLIB QTEMP, job end. */
const HISTORY: [number, JobEvent][] = [[T(0), 'start'], [T(6), 'jobend']];
const AUDIT: [number, JobEvent][] = [[T(1), 'other'], [T(2), 'end'], [T(4), 'other'], [T(5), 'end']];

/** Stored sessions as src/store/job-sessions.ts sums them from their messages: committed per batch, earliest start and end. */
function store() {
  const rows = new Map<string, JobSession>();
  return {
    lookup: (prefix: string) => [...rows.values()].filter((s) => s.id.startsWith(prefix)),
    commit(batch: { id: string; time: number; ends: boolean }[]) {
      for (const m of batch) {
        const s = rows.get(m.id) ?? { id: m.id, start: m.time, last: m.time, end: null };
        s.start = Math.min(s.start, m.time);
        s.last = Math.max(s.last, m.time);
        if (m.ends) s.end = s.end === null ? m.time : Math.min(s.end, m.time);
        rows.set(m.id, s);
      }
    },
  };
}

/** Reads the sources one after the other (each as one batch, as one query page is); returns each row's session by time. */
function read(order: [number, JobEvent][][]): Map<number, string> {
  const st = store();
  const out = new Map<number, string>();
  for (const rows of order) {
    const jobs = new IbmiJobSessions('ibmi1', st.lookup);
    const batch = rows.map(([time, ev]) => ({ id: jobs.assign(JOB, time, ev), time, ends: ev === 'end' || ev === 'jobend' }));
    st.commit(batch);
    batch.forEach((b) => out.set(b.time, b.id));
  }
  return out;
}

describe('IBM i job sessions', () => {
  it('the audit journal first: CLRLIB QTEMP splits the job into sessions, the job start and end join them', () => {
    expect([...read([AUDIT, HISTORY]).entries()].sort(([a], [b]) => a - b).map(([, id]) => id.slice(-1))).toEqual(['1', '1', '1', '2', '2', '2']);
  });

  it('the history log first gives the same sessions for every audit row and the job start', () => {
    const a = read([AUDIT, HISTORY]);
    // One batch per source, or one per audit row (each poll may bring a single row).
    for (const h of [read([HISTORY, AUDIT]), read([HISTORY, ...AUDIT.map((r) => [r])])]) {
      for (const [time] of [...AUDIT, HISTORY[0]!]) expect(h.get(time), `row at minute ${(time - T(0)) / 60000}`).toBe(a.get(time));
    }
  });

  it('a job whose number comes back a day later (the counter wrapped) starts a new session', () => {
    const st = store();
    const jobs = new IbmiJobSessions('ibmi1', st.lookup);
    const first = jobs.assign(JOB, T(0), 'start');
    st.commit([{ id: first, time: T(0), ends: false }]);
    expect(new IbmiJobSessions('ibmi1', st.lookup).assign(JOB, T(0) + 3 * 86_400_000, 'other')).toBe(`ibmi1:${JOB}:2`);
  });
});
