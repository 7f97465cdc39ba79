// A running `msgmon collect` follows its configuration (real sshd): sources and hosts added or removed
// with the CLI are picked up without a restart; systems whose configuration did not change read on
// undisturbed; a broken configuration file is reported and collecting goes on as before.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sleep, waitFor } from './support/system.js';
import { connectLine, countWhere, exited, useCollectHarness } from './support/collect-harness.js';

const USER = { user: 'msgmon_live1' };
const h = useCollectHarness(USER);

describe('collect follows its configuration (real sshd)', () => {
  it('sources and hosts added and removed while it runs are read, or no longer read, without a restart', async () => {
    const dir = h.remoteDir();
    const file = (n: string) => path.join(dir, `${n}.log`);
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(file(n), connectLine(0), { mode: 0o644 });
    const { home, env, run } = h.setup();
    h.addHost(run, 'h1');
    expect(run('sources', 'add', 'a', '--system', 'h1', '--format', 'vsftpd', '--path', file('a')).code).toBe(0);
    const d = h.daemon(home, env);
    // FTP0001 only: the session a CONNECT opens may end with a message of its own.
    const n = (where: string) => countWhere(home, `${where} AND msg_id = 'FTP0001'`);
    const wait = (fn: () => boolean, what: string) =>
      waitFor(fn, 20_000, what, 100).catch((err: Error) => {
        throw new Error(`${err.message}\n${d.err()}`);
      });
    await wait(() => n("source = 'a'") === 1, 'the first source');

    // A new host with a source: connected and read; h1 is not disturbed (connected once).
    h.addHost(run, 'h2');
    expect(run('sources', 'add', 'b', '--system', 'h2', '--format', 'vsftpd', '--path', file('b')).code).toBe(0);
    await wait(() => n("source = 'b'") === 1, 'the source of the added host');
    expect(d.err()).toContain('configuration: h2 added (b)');
    expect(countWhere(home, "system = 'h1' AND msg_id = 'MON0001'")).toBe(1);

    // One more source on h1: h1 reconnects with both, from their cursors (nothing read twice).
    expect(run('sources', 'add', 'c', '--system', 'h1', '--format', 'vsftpd', '--path', file('c')).code).toBe(0);
    await wait(() => n("source = 'c'") === 1, 'the source added to a running host');
    fs.appendFileSync(file('a'), connectLine(1));
    await wait(() => n("source = 'a'") === 2, 'the first source after its host reconnected');
    expect(d.err()).toContain('configuration: h1 changed: reconnecting (a, c)');

    // A removed source is no longer read and leaves `msgmon status`; the others go on.
    expect(run('sources', 'remove', 'a').code).toBe(0);
    await wait(() => d.err().includes('configuration: h1 changed: reconnecting (c)'), 'the removal to be applied');
    fs.appendFileSync(file('a'), connectLine(2));
    fs.appendFileSync(file('c'), connectLine(1));
    await wait(() => n("source = 'c'") === 2, 'the remaining source of h1');
    const st = JSON.parse(run('status', '--json').stdout);
    expect(st.sources.map((s: { source: string }) => s.source).sort()).toEqual(['b', 'c']);

    // A broken file is reported once; collecting goes on with what was configured.
    const cfgFile = path.join(home, 'config.json');
    const good = fs.readFileSync(cfgFile, 'utf8');
    fs.writeFileSync(cfgFile, good.slice(0, 20));
    await wait(() => d.err().includes('configuration not applied, collecting as before'), 'the broken file to be reported');
    fs.appendFileSync(file('b'), connectLine(1));
    await wait(() => n("source = 'b'") === 2, 'reading to go on');
    fs.writeFileSync(cfgFile, good);

    // The last source of a host removed, then the host: its connection ends.
    expect(run('sources', 'remove', 'b').code).toBe(0);
    expect(run('hosts', 'remove', 'h2').code).toBe(0);
    await wait(() => d.err().includes('configuration: h2 is no longer read'), 'h2 to be dropped');
    fs.appendFileSync(file('b'), connectLine(2));
    await sleep(1500);
    expect(n("source = 'a'")).toBe(2);
    expect(n("source = 'b'")).toBe(2);
    expect(d.err().split('configuration not applied').length).toBe(2);
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
  }, 120_000);
});
