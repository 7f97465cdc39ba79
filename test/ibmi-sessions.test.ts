// IBM i FTP server job sessions: rows of the history log and of the audit journal are read by two independent
// sources, so either may be stored first. The session each row gets must not depend on that order.
import { describe, expect, it } from 'vitest';
import { IbmiJobSessions, type JobEvent, type JobSession } from '../src/sessions/ibmi-jobs.js';

const JOB = '123456/QTCP/QTFTP01234';
const T = (min: number) => Date.UTC(2026, 10, 25, 9, min);
/** Job start, first session (THOMASK) ended by CLRLIB QTEMP, second session (ANNA) ended by CLRLIB QTEMP, job end. */
const HISTORY: [number, JobEvent][] = [
  [T(0), 'start'],
  [T(6), 'jobend'],
];
const AUDIT: [number, JobEvent][] = [
  [T(1), 'other'],
  [T(2), 'end'],
  [T(4), 'other'],
  [T(5), 'end'],
];
/** Queue messages of the job: one before the first audited row, one between the sessions (before ANNA's first audited row). */
const QUEUE: [number, JobEvent][] = [
  [T(0) + 30_000, 'other'],
  [T(3), 'other'],
];
const EXPECTED = new Map([
  [T(0), 1],
  [T(0) + 30_000, 1],
  [T(1), 1],
  [T(2), 1],
  [T(4), 2],
  [T(5), 2],
]);

/** Stored sessions as src/store/job-sessions.ts sums them from their messages: committed per batch, earliest start and end. */
function store() {
  const rows = new Map<string, JobSession>();
  return {
    lookup: (prefix: string) => [...rows.values()].filter((s) => s.id.startsWith(prefix)),
    commit(batch: { id: string; time: number; ends: boolean }[]) {
      for (const m of batch) {
        const s = rows.get(m.id) ?? { id: m.id, start: m.time, last: m.time, end: null, user: null };
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
    const batch = rows.map(([time, ev]) => ({ id: jobs.assign(JOB, time, ev, null).id, time, ends: ev === 'end' || ev === 'jobend' }));
    st.commit(batch);
    batch.forEach((b) => out.set(b.time, b.id));
  }
  return out;
}

describe('IBM i job sessions', () => {
  it('every order of reading the sources gives the same session to the audited rows, the job start and the rows before them', () => {
    const sources = [HISTORY, AUDIT, QUEUE];
    for (const order of [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]) {
      // One batch per source, or one per row (each poll may bring a single row).
      for (const perRow of [false, true]) {
        const batches = order.flatMap((i) => (perRow ? sources[i]!.map((r) => [r]) : [sources[i]!]));
        const got = read(batches);
        for (const [time, n] of EXPECTED) expect(got.get(time), `order ${order} per row ${perRow}, minute ${(time - T(0)) / 60000}`).toBe(`ibmi1:${JOB}:${n}`);
        // Rows between two sessions and the job's end join a session as far as the store knows the job then: read
        // before the audit journal that split it, that is the first (docs/ibm-i.md, Sessions).
        if (order.indexOf(1) < order.indexOf(0)) expect(got.get(T(6))).toBe(`ibmi1:${JOB}:2`);
        if (order.indexOf(1) < order.indexOf(2)) expect(got.get(T(3))).toBe(`ibmi1:${JOB}:2`);
      }
    }
  });

  it('a job whose number comes back a day later (the counter wrapped) starts a new session', () => {
    const st = store();
    const jobs = new IbmiJobSessions('ibmi1', st.lookup);
    const first = jobs.assign(JOB, T(0), 'start', null).id;
    st.commit([{ id: first, time: T(0), ends: false }]);
    expect(new IbmiJobSessions('ibmi1', st.lookup).assign(JOB, T(0) + 3 * 86_400_000, 'other', null).id).toBe(`ibmi1:${JOB}:2`);
  });
});
