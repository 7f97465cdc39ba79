// `msgmon collect` against a REAL sshd on 127.0.0.1: remote files read over SSH give the same messages as a
// local ingest; rotation while stopped, truncation; a dead host raises MON0002 and is retried without holding
// up a live one; a lost connection comes back with MON0001. (Exactly-once through kills: exactly-once.test.ts.)
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, processTree, sleep, waitFor } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';
import { connectLine, exited, NOT_SESSION_END, query, useCollectHarness } from './support/collect-harness.js';

const USER = { user: 'msgmon_coll2' };
const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');
const h = useCollectHarness(USER);
const { remoteDir, setup, addHost, daemon } = h;

describe('collect (real sshd)', () => {
  it('collect --once of a remote vsftpd log gives the same messages as a local ingest of the file', () => {
    const dir = remoteDir();
    const file = path.join(dir, 'vsftpd.log');
    fs.copyFileSync(FIXTURE, file);
    fs.chmodSync(file, 0o644);
    const { run } = setup();
    addHost(run, 'r1');
    expect(run('sources', 'add', 'ftp', '--system', 'r1', '--format', 'vsftpd', '--path', file).code).toBe(0);
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('r1: read to the end');

    const local = tempHome();
    const ing = msgmon(['--home', local, 'ingest', '--system', 'r1', '--format', 'vsftpd', '--source', 'ftp', FIXTURE, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    const shape = (ms: any[]) => {
      const sessions = new Map<string, number>();
      return ms.map((m) => [
        m.time,
        m.system,
        m.source,
        m.msgId,
        m.severity,
        m.text,
        m.fields,
        m.raw,
        m.session === null ? null : (sessions.get(m.session) ?? sessions.set(m.session, sessions.size).get(m.session)),
      ]);
    };
    const collected = () =>
      JSON.parse(run('log', '--system', 'r1', '--limit', '5000', '--json').stdout).filter(
        (m: any) => m.source === 'ftp' && !m.raw.startsWith('msgmon: session '),
      );
    const remote = collected();
    // A collector also ends yesterday's sessions (idle, process gone): that is the sessions' test, not this one.
    const mine = JSON.parse(msgmon(['--home', local, 'log', '--limit', '5000', '--json']).stdout).filter((m: any) => !m.raw.startsWith('msgmon: session '));
    expect(mine.length).toBeGreaterThan(20);
    expect(shape(remote)).toEqual(shape(mine));
    const mon = JSON.parse(run('log', '--msgid', 'MON0001', '--json').stdout);
    expect(mon).toEqual([expect.objectContaining({ system: 'r1', text: 'Collector connected to r1' })]);
    expect(mon[0].fields.fingerprint).toBe(h.srv.hostKeyFingerprint);

    // The cursor was saved: a second run reads nothing again.
    expect(run('collect', '--once').code).toBe(0);
    expect(collected().length).toBe(remote.length);
    const st = run('status', '--json');
    expect(JSON.parse(st.stdout).sources).toEqual([expect.objectContaining({ source: 'ftp', system: 'r1', state: 'stopped', lagBytes: 0 })]);
  });

  it('unknown host keys are refused with a hint; a changed one is refused with MON0003', () => {
    const dir = remoteDir();
    fs.writeFileSync(path.join(dir, 'a.log'), connectLine(1), { mode: 0o644 });
    const { home, run } = setup();
    run('hosts', 'add', 'r1', '--host', '127.0.0.1', '--port', String(h.srv.port), '--user', USER.user, '--identity', h.srv.identityFile);
    run('sources', 'add', 'a', '--system', 'r1', '--format', 'vsftpd', '--path', path.join(dir, 'a.log'));
    const unknown = run('collect', '--once');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout + unknown.stderr).toContain('msgmon hosts trust r1');
    expect(unknown.stdout + unknown.stderr).toContain(h.srv.hostKeyFingerprint);
    // The collector has stopped, its last attempt was refused: CRITICAL, never OK.
    const st = run('status', '--json');
    expect(st.code).toBe(2);
    expect(JSON.parse(st.stdout).sources[0]).toMatchObject({ source: 'a', state: 'stopped', verdict: 'CRITICAL' });
    expect(JSON.parse(st.stdout).sources[0].why).toMatch(/^collector stopped after a failed attempt: .*msgmon hosts trust r1/);
    const other = fs.readFileSync(`${h.srv.wrongIdentityFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(home, 'known_hosts'), `[127.0.0.1]:${h.srv.port} ${other}\n`);
    const changed = run('collect', '--once');
    expect(changed.code).toBe(1);
    const log = JSON.parse(run('log', '--json').stdout);
    expect(log.filter((m: any) => m.msgId === 'MON0003')).toEqual([expect.objectContaining({ system: 'r1', severity: 90 })]);
    expect(log.some((m: any) => m.source === 'a')).toBe(false);
  });

  it('a running collector keeps a host with a changed key refused (MON0003 once) until hosts trust', async () => {
    const dir = remoteDir();
    fs.writeFileSync(path.join(dir, 'k.log'), connectLine(0), { mode: 0o644 });
    const { home, env, run } = setup();
    run('hosts', 'add', 'k1', '--host', '127.0.0.1', '--port', String(h.srv.port), '--user', USER.user, '--identity', h.srv.identityFile);
    run('sources', 'add', 'k', '--system', 'k1', '--format', 'vsftpd', '--path', path.join(dir, 'k.log'));
    const other = fs.readFileSync(`${h.srv.wrongIdentityFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(home, 'known_hosts'), `[127.0.0.1]:${h.srv.port} ${other}\n`);
    const d = daemon(home, env, '--retry-max', '1');
    const n = (id: string) => query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE msg_id = '${id}'`)[0]?.n ?? 0;
    await waitFor(() => n('MON0003') === 1, 10_000, 'MON0003');
    await sleep(2500); // refused again at every attempt, reported once
    expect(n('MON0003')).toBe(1);
    const st = run('status');
    expect(st.code).toBe(2);
    expect(st.stdout).toMatch(/k\s+k1\s+refused: host key/);
    expect(run('hosts', 'trust', 'k1').code).toBe(0);
    await waitFor(() => n('FTP0001') === 1, 10_000, 'the source read once the key is trusted');
    expect(n('MON0001')).toBe(1);
    expect(run('status').code).toBe(0);
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
  });

  it('a file rotated while no collector ran is finished from the rotated file (found by inode), then the new one', () => {
    const dir = remoteDir();
    const file = path.join(dir, 'x.log');
    fs.writeFileSync(file, connectLine(0) + connectLine(1), { mode: 0o644 });
    const { home, run } = setup();
    addHost(run, 'r1');
    run('sources', 'add', 'x', '--system', 'r1', '--format', 'vsftpd', '--path', file);
    expect(run('collect', '--once').code).toBe(0);
    fs.appendFileSync(file, connectLine(2) + 'Tue Nov 24 10:15:02 2026 [pid 7] CONNECT: Client "10.9.9.9"'); // no newline yet
    fs.renameSync(file, path.join(dir, 'x.log-20261124'));
    fs.writeFileSync(file, connectLine(3), { mode: 0o644 });
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain('x.log was rotated: read the rest of the old file, now reading the new one');
    const raws = query<{ raw: string }>(home, `SELECT raw FROM messages WHERE source = 'x' AND ${NOT_SESSION_END} ORDER BY id`).map((r) => r.raw);
    expect(raws).toEqual(
      [connectLine(0), connectLine(1), connectLine(2), 'Tue Nov 24 10:15:02 2026 [pid 7] CONNECT: Client "10.9.9.9"\n', connectLine(3)].map((l) => l.trimEnd()),
    );
    const short = 'Tue Nov 24 10:15:02 2026 [pid 8] CONNECT: Client "10.0.0.8"';
    fs.writeFileSync(file, short + '\n'); // truncated and rewritten shorter (copytruncate)
    const t = run('collect', '--once');
    expect(t.stderr).toContain('x.log is shorter than the saved offset');
    expect(query<{ raw: string }>(home, `SELECT raw FROM messages WHERE source = 'x' AND ${NOT_SESSION_END} ORDER BY id DESC LIMIT 1`)[0]!.raw).toBe(short);
  });

  it('--transport openssh: the system ssh client reads the same, with the host key checked and pinned', async () => {
    const dir = remoteDir();
    const file = path.join(dir, 'o.log');
    fs.writeFileSync(file, connectLine(0) + connectLine(1), { mode: 0o644 });
    const { home, env, run } = setup();
    expect(
      run(
        'hosts',
        'add',
        'o1',
        '--host',
        '127.0.0.1',
        '--port',
        String(h.srv.port),
        '--user',
        USER.user,
        '--identity',
        h.srv.identityFile,
        '--transport',
        'openssh',
      ).code,
    ).toBe(0);
    expect(run('hosts', 'add', 'o2', '--host', 'x', '--transport', 'telnet').code).toBe(2);
    const unknown = run('hosts', 'test', 'o1');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('msgmon hosts trust o1');
    expect(run('hosts', 'trust', 'o1').code).toBe(0);
    const t = run('hosts', 'test', 'o1', '--json');
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ fingerprint: h.srv.hostKeyFingerprint, auth: 'openssh', transport: 'openssh' });
    expect(JSON.parse(t.stdout).os).toMatch(/^Linux /);
    run('sources', 'add', 'o', '--system', 'o1', '--format', 'vsftpd', '--path', file);
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    fs.appendFileSync(file, connectLine(2));
    expect(run('collect', '--once').code).toBe(0);
    expect(query<{ raw: string }>(home, `SELECT raw FROM messages WHERE source = 'o' AND ${NOT_SESSION_END} ORDER BY id`).map((r) => r.raw)).toEqual(
      [0, 1, 2].map((i) => connectLine(i).trimEnd()),
    );
    expect(query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE source = 'o' AND ${NOT_SESSION_END}`)[0]!.n).toBe(3);
    // No control socket or pinned key file is left behind.
    expect(fs.readdirSync(home).filter((f) => f.startsWith('ssh-'))).toEqual([]);
    // A collector killed with -9 leaves no ssh master running.
    const d = daemon(home, env);
    await waitFor(() => d.err().includes('o1: connected'), 10_000, 'the openssh collector to connect');
    fs.appendFileSync(file, connectLine(3));
    await waitFor(
      () => query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE source = 'o' AND ${NOT_SESSION_END}`)[0]!.n === 4,
      10_000,
      'a followed line',
    );
    const masters = () =>
      processTree(1)
        .filter((p) => p !== d.pid)
        .filter((p) => {
          try {
            return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(home);
          } catch {
            return false;
          }
        });
    expect(masters().length).toBeGreaterThan(0);
    d.kill('SIGKILL');
    await exited(d);
    await waitFor(() => masters().length === 0, 5_000, 'the ssh master to end');
    const other = fs.readFileSync(`${h.srv.wrongIdentityFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(home, 'known_hosts'), `[127.0.0.1]:${h.srv.port} ${other}\n`);
    expect(run('collect', '--once').code).toBe(1);
    expect(query<{ n: number }>(home, "SELECT count(*) AS n FROM messages WHERE msg_id = 'MON0003' AND system = 'o1'")[0]!.n).toBe(1);
  });

  it('more sources than one connection may carry (sshd MaxSessions 10) are spread over several connections', async () => {
    const dir = remoteDir();
    const { home, env, run } = setup();
    addHost(run, 'many');
    for (let i = 0; i < 11; i++) {
      fs.writeFileSync(path.join(dir, `f${i}.log`), connectLine(i), { mode: 0o644 });
      expect(run('sources', 'add', `f${i}`, '--system', 'many', '--format', 'vsftpd', '--path', path.join(dir, `f${i}.log`)).code).toBe(0);
    }
    const once = run('collect', '--once');
    expect(once.code, once.stderr).toBe(0);
    const count = (where: string) => query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE ${where}`)[0]!.n;
    expect(count("msg_id = 'FTP0001'")).toBe(11);
    expect(count("msg_id = 'MON0001'")).toBe(2); // 8 + 3 sources
    // Following all of them at once (control shell + 8 tails on the first connection) works too.
    const d = daemon(home, env);
    await waitFor(() => d.err().split('many: connected').length === 3, 10_000, 'both connections');
    for (let i = 0; i < 11; i++) fs.appendFileSync(path.join(dir, `f${i}.log`), connectLine(100 + i));
    await waitFor(() => count("msg_id = 'FTP0001'") === 22, 10_000, 'a line from every file');
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    expect(d.err()).not.toMatch(/Channel open failure|open failed/i);
  }, 120_000);

  it('collected messages, MON messages included, go through the rules before they are stored', () => {
    const dir = remoteDir();
    const file = path.join(dir, 'r.log');
    fs.writeFileSync(file, connectLine(0), { mode: 0o644 });
    const { home, run } = setup();
    addHost(run, 'r1');
    run('sources', 'add', 'r', '--system', 'r1', '--format', 'vsftpd', '--path', file);
    const rule = path.join(home, 'rule.json');
    fs.writeFileSync(
      rule,
      JSON.stringify([
        { description: 'collected connects', match: { msgId: 'FTP0001', system: 'r1' }, actions: { severity: 77, tags: ['remote'] } },
        { description: 'quiet connect notes', match: { msgId: 'MON0001' }, actions: { log: 'L' } },
      ]),
    );
    const add = run('rules', 'add', '--file', rule);
    expect(add.code, add.stderr).toBe(0);
    expect(run('collect', '--once').code).toBe(0);
    const log = JSON.parse(run('log', '--json').stdout);
    expect(log.find((m: any) => m.msgId === 'FTP0001')).toMatchObject({ severity: 77, tags: ['remote'] });
    expect(log.find((m: any) => m.msgId === 'MON0001')).toMatchObject({ console: 'logonly' });
  });

  it('a hung host (SIGSTOP) is noticed by keepalives: MON0002, then MON0001 once it answers again', async () => {
    const dir = remoteDir();
    const file = path.join(dir, 'h.log');
    fs.writeFileSync(file, connectLine(0), { mode: 0o644 });
    const { home, env, run } = setup();
    addHost(run, 'hung');
    run('sources', 'add', 'h', '--system', 'hung', '--format', 'vsftpd', '--path', file);
    const d = daemon(home, env, '--keepalive', '1', '--retry-max', '1');
    const n = (id: string) => query<{ n: number }>(home, `SELECT count(*) AS n FROM messages WHERE system = 'hung' AND msg_id = '${id}'`)[0]?.n ?? 0;
    await waitFor(() => n('FTP0001') === 1, 10_000, 'the first line');
    const sessions = processTree(h.srv.pid).filter((p) => p !== h.srv.pid);
    for (const p of sessions) process.kill(p, 'SIGSTOP');
    try {
      await waitFor(() => n('MON0002') === 1, 15_000, 'MON0002 by keepalive timeout');
    } finally {
      for (const p of sessions) {
        try {
          process.kill(p, 'SIGCONT');
        } catch {
          /* gone */
        }
      }
    }
    // MON0002 is committed before the collector writes its note, and the pipe delivers that a moment later.
    await waitFor(() => /hung: connection closed/.test(d.err()), 5_000, 'the note on stderr');
    await waitFor(() => n('MON0001') === 2, 15_000, 'MON0001 after the host answers again');
    fs.appendFileSync(file, connectLine(1));
    await waitFor(() => n('FTP0001') === 2, 10_000, 'a line after reconnecting');
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
  });

  it('a dead host gives MON0002 and is retried without blocking a live one; a lost connection comes back with MON0001', async () => {
    const dir = remoteDir();
    const file = path.join(dir, 'a.log');
    fs.writeFileSync(file, connectLine(0), { mode: 0o644 });
    const { home, env, run } = setup();
    addHost(run, 'live');
    const closed = await freePort();
    run('hosts', 'add', 'dead', '--host', '127.0.0.1', '--port', String(closed), '--user', USER.user, '--identity', h.srv.identityFile);
    run('sources', 'add', 'a', '--system', 'live', '--format', 'vsftpd', '--path', file);
    run('sources', 'add', 'b', '--system', 'dead', '--format', 'vsftpd', '--path', '/var/log/vsftpd.log');
    const d = daemon(home, env, '--retry-max', '1');
    const msgs = (where: string) =>
      query<{ system: string; msg_id: string; text: string }>(home, `SELECT system, msg_id, text FROM messages WHERE ${where} ORDER BY id`);
    await waitFor(() => msgs(`source = 'a' AND ${NOT_SESSION_END}`).length === 1, 10_000, 'the first line of the live host');
    fs.appendFileSync(file, connectLine(1) + connectLine(2));
    await waitFor(() => msgs(`source = 'a' AND ${NOT_SESSION_END}`).length === 3, 5_000, 'appended lines of the live host');
    await sleep(2500); // several retries of the dead host
    const dead = msgs("system = 'dead'");
    expect(dead).toEqual([
      { system: 'dead', msg_id: 'MON0002', text: `Collector lost connection to dead: cannot connect to dead (127.0.0.1:${closed}): connection refused` },
    ]);
    expect(d.err()).toMatch(/dead: cannot connect .*connection refused/);

    const st = run('status', '--json');
    expect(st.code).toBe(1); // WARNING: a host is retrying
    const srcs = JSON.parse(st.stdout).sources;
    expect(srcs.find((s: any) => s.source === 'a')).toMatchObject({ state: 'connected', lagBytes: 0 });
    expect(srcs.find((s: any) => s.source === 'b')).toMatchObject({ state: 'retrying' });
    expect(run('status').stdout).toMatch(/b\s+dead\s+retrying in \d+s/);

    const second = run('collect', '--once');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another collector \\(pid ${d.pid}\\) runs on this home`));

    // Kill the live host's session processes (not the listener): the connection drops, comes back.
    for (const p of processTree(h.srv.pid).filter((p) => p !== h.srv.pid)) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await waitFor(() => msgs("system = 'live' AND msg_id = 'MON0002'").length === 1, 10_000, 'MON0002 for the live host');
    await waitFor(() => msgs("system = 'live' AND msg_id = 'MON0001'").length === 2, 10_000, 'MON0001 again');
    fs.appendFileSync(file, connectLine(3));
    await waitFor(() => msgs(`source = 'a' AND ${NOT_SESSION_END}`).length === 4, 5_000, 'a line after the reconnection');

    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
    expect(msgs(`source = 'a' AND ${NOT_SESSION_END}`).length).toBe(4);
    const stopped = run('status', '--json');
    expect(JSON.parse(stopped.stdout).collectorPid).toBe(null);
    expect(JSON.parse(stopped.stdout).sources.every((s: any) => s.state === 'stopped')).toBe(true);
    // The dead host's last attempt failed: CRITICAL once nobody retries it; the live host's source is WARNING (not collected).
    expect(stopped.code).toBe(2);
    expect(JSON.parse(stopped.stdout).sources.map((s: any) => [s.source, s.verdict])).toEqual([
      ['a', 'WARNING'],
      ['b', 'CRITICAL'],
    ]);
  });
});
