// Exactly once (issue 4): 200,000 lines appended to a remote file while `msgmon collect` is killed with
// SIGKILL at random points 5 times and restarted, the target sshd is restarted once and the file is rotated
// twice (rename + new file while the writer keeps writing): the store holds every line's message exactly once.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, isListening, killTree, sleep, waitFor } from './support/system.js';
import { countWhere, exited, query, useCollectHarness, type Daemon } from './support/collect-harness.js';
import { LogWriter } from './support/log-writer.js';

const USER = { user: 'msgmon_once1' };
const LINES = 200_000;
/** The writer spreads the lines over this long, so every kill, restart and rotation lands while it writes. */
const WRITE_MS = 20_000;
const h = useCollectHarness(USER);
/** The sshd started again by the test (the harness only knows the first one). */
let restartedPid: number | null = null;

afterAll(async () => {
  if (restartedPid && alive(restartedPid)) await killTree(restartedPid, 'SIGTERM');
});

/** An xferlog upload line whose byte count and file name carry its sequence number: one FTP0020 each. */
const line = (seq: number) => `Wed Nov 25 11:53:35 2026 1 127.0.0.1 ${seq} /srv/ftp/f${seq}.bin b _ i r alice ftp 0 * c\n`;

/** Kills sshd (listener and sessions) and starts it again on the same port with the same config and keys. */
async function restartSshd(pid: number): Promise<number> {
  await killTree(pid, 'SIGTERM');
  const child = spawn('/usr/sbin/sshd', ['-D', '-f', path.join(h.srv.dir, 'sshd_config'), '-E', h.srv.sshdLog], { stdio: 'ignore' });
  await waitFor(() => isListening(h.srv.port), 10_000, 'sshd to listen again');
  return child.pid!;
}

const count = (d: Daemon, text: string) => d.err().split(text).length - 1;

describe('exactly once (real sshd)', () => {
  it('200,000 lines through 5 SIGKILLs, an sshd restart and 2 rotations: each line stored exactly once', async () => {
    const dir = h.remoteDir();
    const file = path.join(dir, 'xferlog');
    fs.writeFileSync(file, '', { mode: 0o644 });
    const { home, env, run } = h.setup();
    h.addHost(run, 'r1');
    expect(run('sources', 'add', 'live', '--system', 'r1', '--format', 'xferlog', '--path', file).code).toBe(0);
    const daemons: Daemon[] = [];
    const start = () => {
      daemons.push(h.daemon(home, env, '--retry-max', '1'));
      return daemons[daemons.length - 1]!;
    };
    const story = () => `${timeline.join('\n')}\n${daemons.map((x, i) => `collector ${i + 1}:\n${x.err()}`).join('')}`;
    const timeline: string[] = [];
    const at = (what: string) =>
      timeline.push(`${(performance.now() / 1000).toFixed(1)}s ${what} (${countWhere(home, "source = 'live'")} stored, ${writer.written} written)`);

    let d = start();
    const wait = (fn: () => boolean | Promise<boolean>, what: string, ms = 60_000) =>
      waitFor(fn, ms, what, 100).catch((err: Error) => {
        throw new Error(`${err.message}: ${countWhere(home, "source = 'live'")} stored\n${story()}`);
      });
    await waitFor(() => d.err().includes('r1: connected'), 20_000, 'the collector to connect');
    const writer = new LogWriter(file, line, LINES, WRITE_MS);
    let sshdPid = h.srv.pid;
    for (const event of ['kill', 'rotate', 'kill', 'sshd', 'kill', 'kill', 'rotate', 'kill']) {
      await sleep(200 + Math.random() * 800);
      at(event);
      if (event === 'kill') {
        d.kill('SIGKILL');
        await exited(d);
        await sleep(Math.random() * 300);
        d = start();
        await wait(() => d.err().includes('r1: connected'), 'the restarted collector to connect');
      } else if (event === 'rotate') {
        const seen = count(d, 'was rotated');
        writer.rotate();
        await wait(() => count(d, 'was rotated') > seen, 'the rotation to be noticed');
      } else {
        const seen = count(d, 'r1: connected');
        sshdPid = restartedPid = await restartSshd(sshdPid);
        await wait(() => count(d, 'r1: connected') > seen, 'the collector to reconnect after the sshd restart');
      }
    }
    writer.release();
    await writer.done;
    at('writer done');
    await wait(() => countWhere(home, "source = 'live'") >= LINES, `${LINES} messages`, 120_000);
    await sleep(1500); // anything read twice would show now
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);

    expect(count(d, 'r1: connected')).toBeGreaterThanOrEqual(1);
    const kinds = query<{ msg_id: string; n: number }>(home, "SELECT msg_id, count(*) AS n FROM messages WHERE source = 'live' GROUP BY msg_id");
    expect(kinds, story()).toEqual([{ msg_id: 'FTP0020', n: LINES }]);
    // Per line: its sequence number once, none missing (count = LINES and distinct in 0..LINES-1).
    const seqs = query<{ distinct_n: number; lo: number; hi: number }>(
      home,
      "SELECT count(DISTINCT json_extract(fields, '$.bytes')) AS distinct_n, min(json_extract(fields, '$.bytes')) AS lo, max(json_extract(fields, '$.bytes')) AS hi FROM messages WHERE source = 'live'",
    )[0]!;
    expect(seqs).toEqual({ distinct_n: LINES, lo: 0, hi: LINES - 1 });
    const dupes = query(home, "SELECT raw, count(*) AS c FROM messages WHERE source = 'live' GROUP BY raw HAVING c > 1 LIMIT 5");
    expect(dupes).toEqual([]);
    expect(query<{ raw: string }>(home, "SELECT raw FROM messages WHERE source = 'live' AND json_extract(fields, '$.bytes') = 12345")[0]!.raw).toBe(
      line(12345).trimEnd(),
    );
    // The outage of the sshd restart was reported, and the files of both rotations were read to their end.
    expect(countWhere(home, "system = 'r1' AND msg_id = 'MON0002'")).toBeGreaterThanOrEqual(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['xferlog', 'xferlog.1', 'xferlog.2']);
  }, 300_000);
});
