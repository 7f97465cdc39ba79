// `msgmon status` verdicts (issue 14), with real collector processes: only a source the running collector reads is
// OK; sources nobody collects are WARNING; a collector that stopped after a failed attempt is CRITICAL. Exit codes
// are Nagios's. (Refused host keys against a real sshd: ssh-collect.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { exited, spawnCollector, type Daemon } from './support/collect-harness.js';
import { freePort, killTree, waitFor } from './support/system.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');
const daemons: Daemon[] = [];
afterAll(async () => {
  for (const d of daemons) if (d.pid && d.exitCode === null && d.signalCode === null) await killTree(d.pid, 'SIGKILL');
});

/** `status --json` by source, and the text form (same exit code) unless `quick` (polling while states change). */
function status(home: string, args: string[] = [], quick = false) {
  const r = msgmon(['--home', home, 'status', ...args, '--json']);
  const j = JSON.parse(r.stdout);
  const by = Object.fromEntries(j.sources.map((s: { source: string }) => [s.source, s]));
  if (quick) return { code: r.code, verdict: j.verdict, by, text: '' };
  const text = msgmon(['--home', home, 'status', ...args]);
  expect(text.code).toBe(r.code);
  return { code: r.code, verdict: j.verdict, by, text: text.stdout };
}

describe('status verdicts', () => {
  it('is UNKNOWN (3) with no source configured', () => {
    const s = status(tempHome());
    expect(s).toMatchObject({ code: 3, verdict: 'UNKNOWN' });
    expect(s.text).toBe('UNKNOWN: no sources configured; no collector running.\n');
  });

  it('never OK for a source nobody collects, OK for what the running collector reads, CRITICAL after a failed attempt', async () => {
    const home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.copyFileSync(FIXTURE, file);
    const closed = await freePort();
    const key = path.join(home, 'id_ed25519');
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]).status).toBe(0);
    for (const args of [
      ['sources', 'add', 'here', '--system', 'local', '--format', 'vsftpd', '--path', file],
      ['hosts', 'add', 'far', '--host', '127.0.0.1', '--port', String(closed), '--identity', key],
      ['sources', 'add', 'far-ftp', '--system', 'far', '--format', 'vsftpd', '--path', '/var/log/vsftpd.log'],
    ]) {
      const r = msgmon(['--home', home, ...args]);
      expect(r.code, r.stderr).toBe(0);
    }

    // Configured, never collected: nobody collects them.
    let s = status(home);
    expect(s).toMatchObject({ code: 1, verdict: 'WARNING' });
    expect(s.by.here).toMatchObject({ state: 'never collected', verdict: 'WARNING', why: 'no collector runs (msgmon collect)' });
    expect(s.text.split('\n')[0]!.split(' | ')[0]).toBe('WARNING: 0 critical, 2 warning, 0 OK; no collector running.');

    // A collector that reads only local files: its source is OK, the other host's is not collected by anyone.
    const d = spawnCollector(home, {}, '--system', 'local');
    daemons.push(d);
    await waitFor(() => status(home, [], true).by.here.state === 'connected', 20_000, 'the local source connected');
    s = status(home);
    expect(s).toMatchObject({ code: 1, verdict: 'WARNING' });
    expect(s.by.here).toMatchObject({ verdict: 'OK', why: null });
    expect(s.by['far-ftp']).toMatchObject({ state: 'never collected', verdict: 'WARNING', why: `the running collector (pid ${d.pid}) does not read it` });
    expect(status(home, ['--system', 'local'])).toMatchObject({ code: 0, verdict: 'OK' });
    expect(status(home, ['--system', 'local']).text).toMatch(/^OK: 0 critical, 0 warning, 1 OK; collector running \(pid \d+\)\. \| [^\n]+\nVerdict +Source/);

    // Stopped: what it read is history, not OK.
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    s = status(home, ['--system', 'local']);
    expect(s).toMatchObject({ code: 1, verdict: 'WARNING' });
    expect(s.by.here).toMatchObject({ state: 'stopped', verdict: 'WARNING', why: 'no collector runs (msgmon collect)' });

    // collect --once cannot reach the host: once it has stopped, the failed attempt is CRITICAL.
    const once = msgmon(['--home', home, 'collect', '--once', '--system', 'far']);
    expect(once.code).toBe(1);
    s = status(home);
    expect(s).toMatchObject({ code: 2, verdict: 'CRITICAL' });
    expect(s.by['far-ftp']).toMatchObject({ state: 'stopped', verdict: 'CRITICAL' });
    expect(s.by['far-ftp'].why).toMatch(
      new RegExp(`^collector stopped after a failed attempt: cannot connect to far \\(127\\.0\\.0\\.1:${closed}\\): connection refused`),
    );
    expect(s.text).toMatch(/CRITICAL +far-ftp +far +stopped .* collector stopped after a failed attempt: cannot connect/);

    // A collector following both: the unreachable host is retrying (WARNING) while it runs, CRITICAL after it stops.
    const both = spawnCollector(home, {}, '--retry-max', '1');
    daemons.push(both);
    await waitFor(
      () => {
        const q = status(home, [], true);
        return q.by.here.state === 'connected' && q.by['far-ftp'].state === 'retrying';
      },
      20_000,
      'both sources live',
    );
    s = status(home);
    expect(s).toMatchObject({ code: 1, verdict: 'WARNING' });
    expect(s.by['far-ftp']).toMatchObject({ verdict: 'WARNING' });
    both.kill('SIGTERM');
    expect(await exited(both)).toBe(0);
    s = status(home);
    expect(s).toMatchObject({ code: 2, verdict: 'CRITICAL' });
    expect(s.by['far-ftp']).toMatchObject({ state: 'stopped', verdict: 'CRITICAL' });
    expect(s.by.here).toMatchObject({ state: 'stopped', verdict: 'WARNING' });
  }, 120_000);
});
