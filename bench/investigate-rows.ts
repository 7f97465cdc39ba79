// The forensics rows: `msgmon investigate --user U --json` as a user runs it (a new process: start-up, the query on
// the user index in time order, the session summaries, the JSON) on the store rows' stores, median of INVESTIGATE_REPS.
// Judged: the median person (by message count), the issue's "investigate --user over 10M messages <= 1 s"; shown
// beside it without a verdict, the busiest person, whose whole history is far bigger than an investigation usually reads.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { firstErrorLine, runTimed } from './measure.js';
import { num, type Cell, type Row } from './table.js';

/** Runs per user (after one warm-up that loads the pages into the OS cache). */
export const INVESTIGATE_REPS = 5;

/** Who is investigated and how long it took. */
export interface InvestigateRun {
  user: string;
  messages: number;
  cell: Cell;
}

/** People by message count (users that logged on, batch accounts included): the median and the busiest. */
export function pickUsers(dbFile: string): { median: { user: string; n: number }; busiest: { user: string; n: number } } | null {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT user, count(*) AS n FROM messages WHERE user IN (SELECT DISTINCT user FROM messages WHERE msg_id = 'FTP0002') GROUP BY user ORDER BY n, user",
      )
      .all() as { user: string; n: number }[];
    if (!rows.length) return null;
    const at = (i: number) => ({ user: rows[i]!.user, n: rows[i]!.n });
    return { median: at(Math.floor(rows.length / 2)), busiest: at(rows.length - 1) };
  } finally {
    db.close();
  }
}

/** Times `investigate --user` for one user: wall milliseconds per run, median with min and max. */
async function timeUser(root: string, home: string, user: string, messages: number): Promise<InvestigateRun> {
  const cli = join(root, 'dist', 'src', 'cli.js');
  const args = [cli, '--home', home, 'investigate', '--user', user, '--json'];
  const times: number[] = [];
  for (let i = 0; i <= INVESTIGATE_REPS; i++) {
    const t = await runTimed(process.execPath, args);
    if (t.code !== 0) return { user, messages, cell: { status: `error: ${firstErrorLine(t.stderr, `exit ${t.code}`)}` } };
    // The answer must be the user's: a wrong one would time nothing.
    if (i === 0) {
      const r = JSON.parse(t.stdout) as { messages?: number };
      if (r.messages !== messages) return { user, messages, cell: { status: `error: investigate read ${r.messages} messages, expected ${messages}` } };
      continue;
    }
    times.push(t.wallMs);
  }
  times.sort((a, b) => a - b);
  return { user, messages, cell: { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]!, unit: 'ms' } };
}

/** Both users' runs on a store home (messages.db inside it). */
export async function investigateRuns(root: string, home: string): Promise<InvestigateRun[] | string> {
  const users = pickUsers(join(home, 'messages.db'));
  if (!users) return 'no users in the store';
  return [await timeUser(root, home, users.median.user, users.median.n), await timeUser(root, home, users.busiest.user, users.busiest.n)];
}

/** The rows of one store: the median person judged against `targetMs` (when given), the busiest shown. */
export function investigateRows(label: string, runs: InvestigateRun[] | string | undefined, targetMs: number | undefined, judged: boolean): Row[] {
  const why: Cell = { status: typeof runs === 'string' ? runs : 'error: no result' };
  const [median, busiest] = Array.isArray(runs) ? runs : [];
  const who = (r: InvestigateRun | undefined, what: string) => (r ? `${what} ${r.user}, ${num(r.messages)} msgs` : what);
  return [
    {
      work: `store ${label}: investigate --user (${who(median, 'median person')})`,
      msgmon: median?.cell ?? why,
      baseline: null,
      ...(targetMs === undefined
        ? {}
        : {
            target: { on: 'msgmon' as const, op: '<=' as const, value: targetMs, label: `<= ${targetMs} ms`, ...(judged ? {} : { skip: 'target is for 10M' }) },
          }),
    },
    { work: `store ${label}: investigate --user (${who(busiest, 'busiest')})`, msgmon: busiest?.cell ?? why, baseline: null },
  ];
}
