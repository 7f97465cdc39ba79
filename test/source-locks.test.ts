// One writer per source, through the built CLI: two ingests of one file at once store every line once, a
// killed holder (kill -9) blocks nobody, --rescan never doubles a home, a killed collector blocks no collector.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, msgmon, tempHome } from './support/cli.js';
import { exited, NOT_SESSION_END, query, spawnCollector } from './support/collect-harness.js';
import { waitFor } from './support/system.js';
import { holderOf } from '../src/store/file-lock.js';
import { sourceLockFile } from '../src/store/source-lock.js';
import { fileCursorKey } from '../src/pipeline/ingest.js';

const DEMO = path.resolve(__dirname, '../data/demo/vsftpd.log');

/** The demo vsftpd log `times` times over: big enough that an ingest takes a while. */
function bigLog(dir: string, times: number): string {
  const file = path.join(dir, 'vsftpd.log');
  fs.writeFileSync(file, fs.readFileSync(DEMO, 'utf8').repeat(times));
  return file;
}

type Run = ChildProcess & { out: () => string; err: () => string };

/** Starts `msgmon --home HOME ARGS` in the background, its output kept. */
function start(home: string, ...args: string[]): Run {
  const child = spawn(process.execPath, [CLI, '--home', home, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return Object.assign(child, { out: () => out, err: () => err });
}

/** How often each raw line is stored (msgmon's own session ends left out): equal maps, nothing doubled or lost. */
function rawCounts(home: string): Map<string, number> {
  const rows = query<{ raw: string; n: number }>(home, `SELECT raw, count(*) AS n FROM messages WHERE ${NOT_SESSION_END} GROUP BY raw`);
  return new Map(rows.map((r) => [r.raw, r.n]));
}

const ingestArgs = (file: string) => ['ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json'];

describe('source locks', () => {
  it('two ingests of one file at once: the second waits for the first (naming its pid) and stores nothing twice', async () => {
    const dir = tempHome();
    const file = bigLog(dir, 40);
    const clean = tempHome();
    expect(msgmon(['--home', clean, ...ingestArgs(file)]).code).toBe(0);
    const expected = rawCounts(clean);

    const home = tempHome();
    const lock = sourceLockFile(home, fileCursorKey('web1', fs.realpathSync(file)));
    const a = start(home, ...ingestArgs(file));
    await waitFor(() => holderOf(lock)?.pid === a.pid, 20_000, 'the first ingest to hold the source lock');
    a.kill('SIGSTOP'); // holds the lock for as long as the test needs
    const b = start(home, ...ingestArgs(file));
    await waitFor(() => b.err().includes('waiting'), 20_000, 'the second ingest to wait');
    expect(b.err()).toMatch(new RegExp(`waiting: ${file} is being read into this home by pid ${a.pid} \\(msgmon --home \\S+ ingest --system web1`));
    a.kill('SIGCONT');
    expect(await exited(a), a.err()).toBe(0);
    expect(await exited(b), b.err()).toBe(0);
    const [ra, rb] = [JSON.parse(a.out()), JSON.parse(b.out())];
    expect(ra.lines).toBe(40 * fs.readFileSync(DEMO, 'utf8').trimEnd().split('\n').length);
    expect(rb.lines).toBe(0);
    expect(rb.fromOffset).toBe(fs.statSync(file).size);
    expect(rawCounts(home)).toEqual(expected);
  });

  it('an ingest killed with kill -9 while it holds the lock blocks nobody: the next run goes on from its cursor', async () => {
    const dir = tempHome();
    const file = bigLog(dir, 100);
    const clean = tempHome();
    expect(msgmon(['--home', clean, ...ingestArgs(file)]).code).toBe(0);

    const home = tempHome();
    const lock = sourceLockFile(home, fileCursorKey('web1', fs.realpathSync(file)));
    const a = start(home, ...ingestArgs(file));
    await waitFor(() => query(home, 'SELECT 1 FROM cursors').length > 0, 30_000, 'a first commit of the ingest');
    a.kill('SIGSTOP');
    expect(holderOf(lock)?.pid).toBe(a.pid);
    a.kill('SIGKILL');
    await exited(a);
    expect(holderOf(lock)).toBe(null);

    const started = Date.now();
    const b = msgmon(['--home', home, ...ingestArgs(file)]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).not.toMatch(/waiting/);
    expect(Date.now() - started).toBeLessThan(30_000);
    const rb = JSON.parse(b.stdout);
    expect(rb.fromOffset).toBeGreaterThan(0);
    expect(rb.fromOffset).toBeLessThan(fs.statSync(file).size);
    expect(rawCounts(home)).toEqual(rawCounts(clean));
  });

  it('--rescan of a file this home has read is refused and stores nothing; of a new file it reads it', () => {
    const home = tempHome();
    const file = bigLog(home, 1);
    const first = msgmon(['--home', home, ...ingestArgs(file), '--rescan']);
    expect(first.code, first.stderr).toBe(0);
    const before = query<{ n: number }>(home, 'SELECT count(*) AS n FROM messages')[0]!.n;
    expect(before).toBe(JSON.parse(first.stdout).messages);
    const again = msgmon(['--home', home, ...ingestArgs(file), '--rescan']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      `msgmon: --rescan refused: ${fs.realpathSync(file)} was read into this home up to byte ${fs.statSync(file).size} already, ` +
        'and reading it again would store its messages twice. Without --rescan, ingest reads only what was appended since; ' +
        'to read the whole file again, ingest it into another home (--home DIR)\n',
    );
    expect(query<{ n: number }>(home, 'SELECT count(*) AS n FROM messages')[0]!.n).toBe(before);
    const help = msgmon(['ingest', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--rescan read the file from its start; refused when this home has read it before/);
    expect(help).toMatch(/A second ingest of a file that one is reading into the same home waits for it \(naming its pid\)/);
  });

  it('a collector killed with kill -9 leaves no lock: status says none runs and the next collector starts', async () => {
    const home = tempHome();
    const file = bigLog(home, 1);
    expect(msgmon(['--home', home, 'sources', 'add', 'ftp', '--system', 'local', '--format', 'vsftpd', '--path', file]).code).toBe(0);
    const d = spawnCollector(home, {});
    await waitFor(() => /collecting \(pid \d+\)/.test(d.err()), 20_000, 'the collector to start');
    const second = msgmon(['--home', home, 'collect', '--once']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`another collector \\(pid ${d.pid}\\) runs on this home \\(${home}\\); two collectors never share a home: stop it first`),
    );
    expect(JSON.parse(msgmon(['--home', home, 'status', '--json']).stdout).collectorPid).toBe(d.pid);
    d.kill('SIGKILL');
    await exited(d);
    expect(JSON.parse(msgmon(['--home', home, 'status', '--json']).stdout).collectorPid).toBe(null);
    const next = msgmon(['--home', home, 'collect', '--once']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe('local: read to the end\n');
  });
});
