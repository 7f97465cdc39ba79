// Exactly once with session state (issue 14): 500,000 lines of a generated vsftpd protocol log (interleaved sessions,
// CWD and relative paths, failures that name their pending command, idle ends) are appended to a remote file while
// `msgmon collect` is killed with SIGKILL 20 times at random points and restarted, and the file is rotated twice.
// Every line is read once and the messages are identical, text, fields and session included, to one uninterrupted
// ingest of the same lines: the strategies' state is committed with the cursor; `msgmon log verify` passes. Kill
// timings come from a printed seed; EXACTLY_ONCE_SEED=N replays them. About 2 to 3 minutes on 2 busy cores.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateString } from '../bench/gen.js';
import { Rng } from '../bench/prng.js';
import { sleep, waitFor } from './support/system.js';
import { countWhere, exited, query, useCollectHarness, type Daemon } from './support/collect-harness.js';
import { LogWriter } from './support/log-writer.js';
import { msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_once2' };
const LINES = 500_000;
const KILLS = 20;
/** The writer spreads the lines over this long, so every kill and rotation lands while it writes. */
const WRITE_MS = 30_000;
const SEED = Number(process.env.EXACTLY_ONCE_SEED ?? Math.floor(Math.random() * 2 ** 31));
process.stderr.write(`exactly-once-sessions.test.ts: seed ${SEED} (replay: EXACTLY_ONCE_SEED=${SEED} npx vitest run test/exactly-once-sessions.test.ts)\n`);
const h = useCollectHarness(USER);

type Row = { time: number; msg_id: string; text: string; fields: string; session: string | null; raw: string };
const ROWS = "SELECT time, msg_id, text, fields, session, raw FROM messages WHERE source = 'live' ORDER BY id";

describe('exactly once with session state (real sshd)', () => {
  it(`${LINES.toLocaleString('en')} protocol log lines through ${KILLS} SIGKILLs and 2 rotations: the messages of one uninterrupted ingest`, async () => {
    // Dated an hour ahead: the stream stands for a server writing now, so no session ends by the clock meanwhile.
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3600_000).toISOString();
    const text = generateString({ kind: 'vsftpd', lines: LINES, seed: (SEED % 1000) + 1, start });
    const lines = text.split('\n', LINES).map((l) => l + '\n');

    // The uninterrupted run: one ingest of the same lines.
    const ref = tempHome();
    fs.writeFileSync(path.join(ref, 'live.log'), text);
    const r = msgmon(['--home', ref, 'ingest', '--system', 'r1', '--format', 'vsftpd', '--source', 'live', path.join(ref, 'live.log'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).lines).toBe(LINES);
    const expected = query<Row>(ref, ROWS);

    const dir = h.remoteDir();
    const file = path.join(dir, 'vsftpd.log');
    fs.writeFileSync(file, '', { mode: 0o644 });
    const { home, env, run } = h.setup();
    h.addHost(run, 'r1');
    expect(run('sources', 'add', 'live', '--system', 'r1', '--format', 'vsftpd', '--path', file).code).toBe(0);
    // No process check: the generated pids are no processes here (it would end their sessions at the first check).
    const args = ['--retry-max', '1', '--session-check', '86400'];
    const daemons: Daemon[] = [];
    const startDaemon = () => (daemons.push(h.daemon(home, env, ...args)), daemons[daemons.length - 1]!);
    const timeline: string[] = [];
    const story = () => `seed ${SEED}\n${timeline.join('\n')}\n${daemons.map((x, i) => `collector ${i + 1}:\n${x.err()}`).join('')}`;
    const at = (what: string) =>
      timeline.push(`${(performance.now() / 1000).toFixed(1)}s ${what} (${countWhere(home, "source = 'live'")} stored, ${writer.written} written)`);
    const wait = (fn: () => boolean, what: string, ms = 60_000) =>
      waitFor(fn, ms, what, 100).catch((err: Error) => {
        throw new Error(`${err.message}\n${story()}`);
      });

    let d = startDaemon();
    await wait(() => d.err().includes('r1: connected'), 'the collector to connect');
    const writer = new LogWriter(file, (i) => lines[i]!, LINES, WRITE_MS);
    // 20 kills and 2 rotations in a seeded order, at seeded moments.
    const rng = new Rng(SEED);
    const events: string[] = Array.from({ length: KILLS }, () => 'kill');
    for (const n of [1, 2]) events.splice(rng.int(n * 6, n * 6 + 4), 0, 'rotate');
    for (const event of events) {
      await sleep(rng.int(100, 1200));
      at(event);
      if (event === 'kill') {
        d.kill('SIGKILL');
        await exited(d);
        await sleep(rng.int(0, 300));
        d = startDaemon();
        await wait(() => d.err().includes('r1: connected'), 'the restarted collector to connect');
      } else {
        const seen = d.err().split('was rotated').length;
        writer.rotate();
        await wait(() => d.err().split('was rotated').length > seen, 'the rotation to be noticed');
      }
    }
    writer.release();
    await writer.done;
    at('writer done');
    await wait(() => countWhere(home, "source = 'live'") >= expected.length, `${expected.length} messages`, 180_000);
    await sleep(1500); // anything read twice would show now
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    at('stopped');

    const got = query<Row>(home, ROWS);
    expect(got.length, story()).toBe(expected.length);
    const firstDiff = got.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i]));
    expect(firstDiff === -1 ? null : { at: firstDiff, got: got[firstDiff], expected: expected[firstDiff] }, story()).toBeNull();
    // The sessions table agrees too, and the state mattered: resolved paths, failures naming their command.
    expect(query(home, 'SELECT * FROM sessions ORDER BY id')).toEqual(query(ref, 'SELECT * FROM sessions ORDER BY id'));
    expect(expected.filter((m) => m.msg_id === 'FTP0011' && / listing directory \//.test(m.text)).length).toBeGreaterThan(1000);
    expect(fs.readdirSync(dir).sort()).toEqual(['vsftpd.log', 'vsftpd.log.1', 'vsftpd.log.2']);
    expect(daemons.length).toBe(KILLS + 1);
    // The Activity Log's hash chain is intact through every kill: nothing half-written, nothing written twice.
    const verify = run('log', 'verify');
    expect(verify.code, `${verify.stdout}${verify.stderr}`).toBe(0);
  }, 400_000);
});
