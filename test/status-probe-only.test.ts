// A host with no log source is followed for its status probe alone (issue 16: status of every system, not only those
// with FTP logs), over a real sshd on 127.0.0.1; `msgmon status` counts it OK while fresh samples come and WARNING
// once nobody probes it. The home's thresholds.json is applied by the running collector without a restart: a
// threshold added raises MON0020 at the next probe, and taking it out clears it (MON0021).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exited, query, useCollectHarness } from './support/collect-harness.js';
import { waitFor } from './support/system.js';

const h = useCollectHarness({ user: 'msgmon_stat3' });

/** A threshold every sample crosses: the 1-minute load is never below 0. */
const ALWAYS = { thresholds: [{ name: 'load-test', metric: 'load1', warning: 0, samples: 1, description: 'test: always raised' }] };
/** No thresholds: the shipped ones (host CPU, file systems) would depend on how busy this machine is. */
const NONE = { thresholds: [] };

describe('status probe of a host without sources', () => {
  it('probes it, reports it in msgmon status, and follows thresholds.json edits while running', async () => {
    const { home, env, run } = h.setup();
    h.addHost(run, 'db1');
    const file = path.join(home, 'thresholds.json');
    fs.writeFileSync(file, JSON.stringify(NONE));
    const samples = () => query<{ n: number }>(home, "SELECT count(*) AS n FROM status_samples WHERE system = 'db1' AND metric = 'load1'")[0]?.n ?? 0;
    const msgs = (id: string) => query<{ text: string }>(home, 'SELECT text FROM messages WHERE msg_id = ? ORDER BY id', id);

    // --once reads sources; with none anywhere there is nothing for it to do.
    const once = run('collect', '--once');
    expect(once.code).toBe(1);
    expect(once.stderr).toContain('no sources configured');

    const d = h.daemon(home, env, '--probe', '1');
    await waitFor(() => samples() >= 2, 30_000, `two probes of db1 (${d.err()})`, 100);
    expect(msgs('MON0001').map((m) => m.text)).toEqual(['Collector connected to db1']);
    let st = run('status');
    expect(st.code, st.stdout).toBe(0);
    expect(st.stdout.split('\n')[0]).toMatch(/^OK: 1 host probed only \(1 fresh\); collector running \(pid \d+\)\. \| .*'db1 load1'=/);
    expect(st.stdout).toMatch(/\ndb1 +0\/0\/1 +0 +\d+% /); // MON0001 unacknowledged; CPU from the second probe

    // A threshold added while it runs: MON0020 at a later probe, no restart.
    fs.writeFileSync(file, JSON.stringify(ALWAYS));
    const raised = await waitFor(() => msgs('MON0020')[0], 20_000, `MON0020 after thresholds.json was written (${d.err()})`, 100);
    expect(raised.text).toMatch(/^Threshold exceeded: host load [\d.]+ ≥ 0 \(WARNING\)$/);
    expect(d.err()).toMatch(/thresholds: 1 from .*thresholds\.json apply from the next probe on/);
    st = run('status');
    expect(st.code).toBe(1);
    expect(st.stdout).toMatch(/WARNING +db1 +load-test/);

    // A broken file keeps what is in force (still raised, no clearing); taking the threshold out clears it.
    fs.writeFileSync(file, '{ not json');
    await waitFor(() => d.err().includes('thresholds not applied, probing with those before'), 20_000, 'the broken file noted', 100);
    expect(msgs('MON0021')).toEqual([]);
    fs.writeFileSync(file, JSON.stringify(NONE));
    const cleared = await waitFor(() => msgs('MON0021')[0], 20_000, `MON0021 after load-test was taken out (${d.err()})`, 100);
    expect(cleared.text).toMatch(/^Threshold back to normal: threshold load-test no longer configured \(was WARNING: host load [\d.]+ ≥ 0 \(WARNING\)\)$/);
    expect(run('status').code).toBe(0);

    // Nobody probes it any more: not OK.
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    st = run('status');
    expect(st.code).toBe(1);
    expect(st.stdout).toContain('WARNING: host db1 (no sources, status probe only): no collector running');
  }, 90_000);
});
