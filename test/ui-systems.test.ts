// Work with Systems and Display System through the navigator, over the real overview logic with the configuration
// and collector rows kept in memory: states, lag, live refresh, 8=Test connection in the background, 9=Restart.
import { describe, expect, it } from 'vitest';
import { Navigator } from '../src/ui/navigator.js';
import { humanBytes } from '../src/ui/render-systems.js';
import { systemsOverview } from '../src/services/systems-overview.js';
import type { SourceStatus } from '../src/store/collector-status.js';
import { memoryServices, NOW, sampleMessages } from './support/memory-services.js';
import { sampleHosts, sampleSources, sampleStatus } from './support/memory-systems.js';

function setup(opts: { readOnly?: boolean } = {}) {
  const services = memoryServices(opts);
  const nav = Navigator.console(services, { cols: 80, rows: 24 });
  const keys = (...names: string[]) => names.forEach((k) => nav.key(k));
  const line = (r: number) => nav.render().line(r);
  const text = () => nav.render().toText();
  return { services, nav, keys, line, text, sys: services.systems };
}

/** Lets a background connection test finish, then gives the screen its live tick. */
async function settle(nav: Navigator): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  nav.tick();
}

describe('Work with Systems', () => {
  it('opens from the console with F14 (or s): one row per system with state, sources, lag and last message', () => {
    const { nav, keys, line } = setup();
    expect(line(21)).toContain('F14=Systems');
    keys('f14');
    expect(nav.current.id).toBe('work-with-systems');
    expect(line(0)).toContain('Work with Systems');
    expect(line(2)).toBe(' Collector . . : msgmon collect, pid 4242');
    expect(line(5)).toBe('   5=Display   8=Test connection   9=Restart collector');
    expect(line(7)).toBe(' Opt System       State                Sources Lag      Last message');
    expect(line(8)).toBe('  _  bastion      not collecting             0');
    expect(line(9)).toBe('  _  db2          refused: host key          1          25/11/26 11:02:44');
    expect(line(10)).toBe('  _  ftp3         retrying in 12s            3   3.4 MB 25/11/26 10:58:30');
    expect(line(11)).toBe('  _  web1         connected                  2    12 KB 25/11/26 11:18:21');
    expect(line(20)).toContain('Bottom');
    expect(line(21)).toBe(' F1=Help   F3=Exit   F5=Refresh   F12=Cancel   F24=More keys');
    const g = nav.render();
    expect(g.at(9, 18).attr.fg).toBe('red');
    expect(g.at(10, 18).attr.fg).toBe('yellow');
    expect(g.at(11, 18).attr.fg).toBe('green');
    keys('f12', 's');
    expect(nav.current.id).toBe('work-with-systems');
    keys('escape');
    expect(nav.current.id).toBe('work-with-messages');
  });

  it('shows address, transport and detail on wide terminals', () => {
    const services = memoryServices();
    const nav = Navigator.console(services, { cols: 132, rows: 27 });
    nav.key('s');
    const g = nav.render();
    expect(g.line(7)).toMatch(/Last message +Address +Via +Detail$/);
    expect(g.line(10)).toMatch(/ftp3 +retrying in 12s .* 192\.168\.1\.9:2222 +ssh2 +connect ECONNREFUSED 192\./);
    expect(g.line(8)).toMatch(/bastion .* no sources: jump host for$/);
  });

  it('refreshes by itself every second: a reconnected host turns connected, the countdown runs', () => {
    const { nav, keys, line, sys } = setup();
    keys('s');
    for (const r of sys.status) if (r.system === 'ftp3') Object.assign(r, { state: 'connected', detail: null, retryAt: null });
    nav.tick();
    expect(line(10)).toContain('retrying in 12s'); // not yet: every second tick reads again
    nav.tick();
    expect(line(10)).toMatch(/ftp3 +connected +3/);
    keys('f5');
    expect(line(10)).toMatch(/ftp3 +connected/);
  });

  it('8=Test connection runs in the background and puts the result on the message line; 5=Display shows it all', async () => {
    const { nav, keys, line, sys } = setup();
    keys('s', 'down', 'down', 'down', '8', 'enter');
    expect(line(23)).toBe(' Testing the connection to web1...');
    expect(sys.tested).toEqual(['web1']);
    await settle(nav);
    expect(line(23)).toBe(' Test of web1 OK: 41 ms, ssh-ed25519 key trusted, Linux 6.1.0-28-amd64');
    keys('5', 'enter');
    expect(nav.current.id).toBe('system-details');
    const t = nav.render().toText();
    expect(t).toContain('Connection test  :  OK at 25/11/26 11:18:21: ssh-ed25519');
    expect(t).toContain('SHA256:Uu2a0yZ3KmhH0jAvxSkqJ3qAbF3mIYcZ9fEhO4oFcx4');
    keys('f12');
    // A failure comes in white on red.
    keys('up', '8', 'enter');
    await settle(nav);
    expect(line(23)).toBe(' Test of ftp3 failed: connect ECONNREFUSED ftp3:22');
    expect(nav.render().at(23, 1).attr.bg).toBe('red');
    keys('down');
    expect(line(23)).toBe('');
  });

  it('9=Restart collector asks the running collector; says why not when none runs, read-only, no sources, local', () => {
    const { nav, keys, line, sys } = setup();
    keys('s', 'down', 'down', 'down', '9', 'enter');
    expect(line(23)).toBe(' Restart of web1 asked of the collector (pid 4242).');
    expect(sys.restarted).toEqual(['web1']);
    keys('up', 'up', 'up', '9', 'enter');
    expect(line(23)).toBe(' Option 9 not allowed: the system has no sources to collect');
    expect(nav.render().line(8)).toContain('9  bastion'); // the option stays typed to be changed
    keys('space');
    sys.collectorPid = null;
    keys('f5');
    expect(line(2)).toBe(' Collector . . : not running (start it with msgmon collect)');
    expect(line(11)).toMatch(/web1 +stopped/);
    keys('down', 'down', 'down', '9', 'enter');
    expect(line(23)).toBe(' Cannot restart web1: no collector runs: start it with msgmon collect');
    expect(sys.restarted).toEqual(['web1']);

    const ro = setup({ readOnly: true });
    ro.keys('s', '9', 'enter');
    expect(ro.line(23)).toBe(' Option 9 not allowed: msgmon runs read-only');
    ro.keys('space', '8', 'enter');
    expect(ro.line(23)).toBe(' Testing the connection to bastion...');
  });

  it("lists local (this machine's files) with its sources and systems known only from their messages; 8 and 9 say why not", () => {
    const services = memoryServices({ messages: sampleMessages().map((m) => ({ ...m, system: m.system === 'web1' ? 'web9' : m.system })) });
    const sys = services.systems;
    sys.sources.push({ name: 'app-ftp', system: 'local', kind: 'file', formats: ['vsftpd'], fromEnd: false, path: '/srv/app/vsftpd.log' });
    sys.status.push({ ...sys.status[0]!, source: 'app-ftp', system: 'local', lagBytes: 1536 });
    const nav = Navigator.console(services, { cols: 80, rows: 24 });
    const keys = (...k: string[]) => k.forEach((x) => nav.key(x));
    const line = (r: number) => nav.render().line(r);
    keys('s');
    expect(line(11)).toBe('  _  local        connected                  1   1.5 KB 25/11/26 11:18:21');
    expect(line(13)).toBe('  _  web9         not collecting             0          25/11/26 11:18:21');
    keys('down', 'down', 'down', '8', 'enter');
    expect(line(23)).toBe(' Option 8 not allowed: only a host reached over SSH has a connection to test');
    keys('9', 'enter');
    expect(line(23)).toBe(' Restart of local asked of the collector (pid 4242).');
    expect(sys.restarted).toEqual(['local']);
    keys('5', 'enter');
    expect(nav.render().toText()).toContain('Transport  . . . :  local: files of this machine, read by msgmon collect');
    keys('f12', 'down', 'down', '9', 'enter');
    expect(line(23)).toBe(' Option 9 not allowed: the system has no sources to collect');
    keys('space', '5', 'enter');
    const t = nav.render().toText();
    expect(t).toContain('Transport  . . . :  none: its messages came from msgmon ingest or the demo');
    expect(t).toContain('Sources  . . . . :  none');
  });

  it('says what to do when there are no systems, and names a broken configuration', () => {
    const { services, keys, line, sys } = setup();
    sys.hosts = [];
    sys.sources = [];
    sys.status = [];
    services.messages.messages.length = 0;
    keys('s');
    expect(line(8)).toBe(' (No systems yet. To add one:');
    expect(line(9)).toBe('  msgmon hosts add NAME --host H [--user U] [--identity KEYFILE]');
    expect(line(12)).toBe('  then start the collector: msgmon collect)');
    sys.overview = () => {
      throw new Error('configuration /h/config.json: hosts.0.port: expected number; nothing was changed');
    };
    keys('f5');
    expect(line(8)).toBe(' Systems cannot be read: configuration /h/config.json: hosts.0.port: expected');
    expect(line(9)).toBe(' number; nothing was changed');
  });

  it('5=Display shows the host and each source: state, lag, read position, last message, last error', () => {
    const { nav, keys, text } = setup();
    keys('s', 'down', 'down', '5', 'enter');
    expect(nav.current.id).toBe('system-details');
    let t = text();
    expect(t).toContain('Display System');
    expect(t).toContain('System . . . . . :  ftp3');
    expect(t).toContain('State  . . . . . :  retrying in 12s');
    expect(t).toContain('Address  . . . . :  192.168.1.9:2222');
    expect(t).toContain('Jump host  . . . :  bastion');
    expect(t).toContain('Source ftp3-ftp');
    expect(t).toContain('Lag  . . . . . :  3.4 MB (3,565,158 bytes not read yet)');
    expect(t).toContain('Read position  :  inode 1311, byte 48,213');
    expect(t).toContain('More...');
    keys('pagedown');
    t = text();
    expect(t).toContain('Source ftp3-xfer');
    expect(t).toContain('Last error . . :  connect ECONNREFUSED 192.168.1.9:2222');
    keys('enter');
    expect(nav.current.id).toBe('work-with-systems');
  });

  it('F1 lists the options and keys of the screen', () => {
    const { keys, text } = setup();
    keys('s', 'f1');
    let t = text();
    expect(t).toContain('Work with Systems - Help');
    for (let page = 0; page < 5 && !t.includes(' 9 '); page++) keys('pagedown'), (t += text());
    expect(t).toMatch(/ 9 +Restart collector: Ask the running msgmon collect/);
  });
});

describe('systems overview', () => {
  const base = {
    hosts: sampleHosts(),
    sources: sampleSources(),
    seenSystems: [],
    target: () => ({ address: 'h:22', user: 'u' }),
    cursor: () => null,
    lastMessage: () => null,
  };
  const state = (status: SourceStatus[], pid: number | null, name = 'web1') =>
    systemsOverview({ ...base, status, collectorPid: pid }).systems.find((s) => s.name === name)!;

  it('trusts only rows of the running collector: stopped without one, not collecting when it reads other systems', () => {
    expect(state(sampleStatus(), 4242).state).toBe('connected');
    expect(state(sampleStatus(), null)).toMatchObject({ state: 'stopped', detail: 'no collector runs: start it with msgmon collect' });
    expect(state(sampleStatus(), 999)).toMatchObject({ state: 'not collecting', detail: 'the running collector (pid 999) does not read this system' });
    expect(state([], null, 'bastion')).toMatchObject({ state: 'not collecting', sources: [], detail: 'no sources: jump host for ftp3' });
    // The collector stopped while the host refused it or could not be reached: the screen says so, as msgmon status does.
    const lost = 'connect ECONNREFUSED 192.168.1.9:2222';
    expect(state(sampleStatus(), null, 'ftp3')).toMatchObject({ state: 'stopped', detail: `no collector runs; last attempt failed: ${lost}` });
    expect(state(sampleStatus(), null, 'ftp3').sources[0]).toMatchObject({ state: 'stopped', detail: `last attempt failed: ${lost}` });
  });

  it("shows the worst state of a system's sources, the sum of their lag, the soonest retry", () => {
    const rows = sampleStatus().map((r) => (r.source === 'ftp3-auth' ? { ...r, state: 'connected' as const, retryAt: null } : r));
    expect(state(rows, 4242, 'ftp3')).toMatchObject({ state: 'retrying', retryAt: NOW + 12_000, lagBytes: 3_566_658 });
  });

  it('names what a source reads: its file, or its journal selection', () => {
    const journal = { name: 'web1-sshd', system: 'web1', kind: 'journal' as const, formats: ['sshd'], journal: { unit: 'ssh' }, fromEnd: false };
    const o = systemsOverview({ ...base, sources: [...sampleSources(), journal], status: [], collectorPid: null });
    expect(o.systems.find((s) => s.name === 'web1')!.sources.map((s) => s.reads)).toEqual(['/var/log/vsftpd.log', '/var/log/auth.log', 'journal unit ssh']);
  });

  it('writes bytes as people read them', () => {
    expect([0, 512, 1536, 12_288, 3_565_158, 2 * 1024 ** 3].map(humanBytes)).toEqual(['0', '512 B', '1.5 KB', '12 KB', '3.4 MB', '2.0 GB']);
  });
});
