// `local` sources: files on the machine `collect` runs on, read by the local file reader through the same
// pipeline and cursor as remote ones — once and following, across rotation and SIGKILL, exactly once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killTree, waitFor } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';
import { countWhere, exited, query, spawnCollector, type Daemon } from './support/collect-harness.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-local-'));
const daemons: Daemon[] = [];
afterAll(async () => {
  for (const d of daemons) if (d.pid && d.exitCode === null && d.signalCode === null) await killTree(d.pid, 'SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An xferlog upload line numbered by its byte count: one FTP0020 each. */
const line = (seq: number) => `Wed Nov 25 11:53:35 2026 1 127.0.0.1 ${seq} /srv/ftp/f${seq}.bin b _ i r alice ftp 0 * c\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join('');

/** Every line's sequence number stored once: count, distinct and range. */
function stored(home: string): { n: number; uniq: number; hi: number | null } {
  return (
    query<{ n: number; uniq: number; hi: number | null }>(
      home,
      "SELECT count(*) AS n, count(DISTINCT json_extract(fields, '$.bytes')) AS uniq, max(json_extract(fields, '$.bytes')) AS hi FROM messages WHERE source = 'here' AND msg_id = 'FTP0020'",
    )[0] ?? { n: 0, uniq: 0, hi: null }
  );
}

describe('local sources', () => {
  it('collect --once reads a local file through the cursor; status shows it; bad combinations are refused', () => {
    const home = tempHome();
    const run = (...a: string[]) => msgmon(['--home', home, ...a]);
    const file = path.join(dir, 'once.log');
    fs.writeFileSync(file, lines(0, 3));
    const add = run('sources', 'add', 'here', '--system', 'local', '--format', 'xferlog', '--path', file);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added source here: ${file} on local`);
    expect(run('collect', '--once').stdout).toBe('local: read to the end\n');
    expect(stored(home)).toEqual({ n: 3, uniq: 3, hi: 2 });
    fs.appendFileSync(file, lines(3, 5) + 'Wed Nov 25 11:53:35 2026 1 127.0.0.1 5 /srv/ftp/f5.bin'); // an unfinished last line waits
    expect(run('collect', '--once').code).toBe(0);
    expect(stored(home)).toEqual({ n: 5, uniq: 5, hi: 4 });
    const st = JSON.parse(run('status', '--json').stdout).sources;
    expect(st).toEqual([expect.objectContaining({ source: 'here', system: 'local', state: 'stopped', lagBytes: 54, lastMessage: '2026-11-25T11:53:35.000Z' })]);
    // The unfinished line is the lag, in bytes, next to the newest message's time.
    expect(run('status').stdout).toMatch(/here\s+local\s+stopped\s+54 B\s+2026-11-25 11:53:35/);

    expect(run('hosts', 'add', 'local', '--host', '127.0.0.1').code).toBe(2);
    const journal = run('sources', 'add', 'j', '--system', 'local', '--format', 'sshd', '--journal', 'ssh.service');
    expect(journal.code).toBe(2);
    expect(journal.stderr).toContain('system local reads files on this machine');
    run('sources', 'add', 'gone', '--system', 'local', '--format', 'xferlog', '--path', path.join(dir, 'nosuch.log'));
    const missing = run('collect', '--once');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('nosuch.log: no such file on this machine');
  });

  it('the collector follows a local file across appends, rotation and SIGKILL: every line once', async () => {
    const home = tempHome();
    const file = path.join(dir, 'live.log');
    fs.writeFileSync(file, lines(0, 100));
    expect(msgmon(['--home', home, 'sources', 'add', 'here', '--system', 'local', '--format', 'xferlog', '--path', file]).code).toBe(0);
    const start = () => {
      const d = spawnCollector(home, {});
      daemons.push(d);
      return d;
    };
    let d = start();
    const wait = (n: number, what: string) =>
      waitFor(() => stored(home).n >= n, 20_000, what, 100).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(stored(home))}\n${d.err()}`);
      });
    await wait(100, 'the file as it was');
    fs.appendFileSync(file, lines(100, 250));
    await wait(250, 'appended lines');
    // Rotation: rename, the writer finishes the old file, a new one appears.
    fs.renameSync(file, `${file}.1`);
    fs.appendFileSync(`${file}.1`, lines(250, 300));
    fs.writeFileSync(file, lines(300, 350));
    await wait(350, 'the rest of the rotated file and the new one');
    expect(d.err()).toContain('was rotated: now reading the new file');
    d.kill('SIGKILL');
    await exited(d);
    fs.appendFileSync(file, lines(350, 500));
    d = start();
    await wait(500, 'what was written while no collector ran');
    expect(countWhere(home, "system = 'local' AND msg_id LIKE 'MON%'")).toBe(0); // no connection, nothing to report
    // The lines come in as the folder watch reports them; the lag is measured at the next poll (at most --poll later).
    const source = () => JSON.parse(msgmon(['--home', home, 'status', '--json']).stdout).sources[0] as { state: string; lagBytes: number | null };
    await waitFor(() => source().lagBytes === 0, 10_000, 'the lag measured at a poll', 200);
    expect(source()).toMatchObject({ state: 'connected', lagBytes: 0 });
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    expect(stored(home)).toEqual({ n: 500, uniq: 500, hi: 499 });
  }, 60_000);
});
