// Work with Systems in a real terminal (tmux) over a real `msgmon collect` reading a real sshd on 127.0.0.1 and
// a local file: both show connected with their source, 9 makes the collector reconnect (a new MON0001, nothing
// lost or repeated), 8 tests the connection, a stopped sshd shows as retrying, a stopped collector as stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startSshd, type SshdServer } from './support/sshd.js';
import { killTree, mustRun, waitFor } from './support/system.js';
import { CLI, msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_wws1' };
const session = `msgmon-systems-${process.pid}`;
const demoSession = `msgmon-systems-demo-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
let srv: SshdServer;
let userHome: string;
let logDir: string;
let collector: ChildProcess | null = null;

beforeAll(async () => {
  srv = await startSshd({ users: [USER] });
  const remoteHome = (await mustRun('getent', ['passwd', USER.user])).trim().split(':')[5]!;
  logDir = fs.mkdtempSync(path.join(remoteHome, 'logs-'));
  fs.chmodSync(logDir, 0o755);
  userHome = fs.mkdtempSync('/tmp/msgmon-systems-home-');
});

afterAll(async () => {
  for (const name of [session, demoSession]) {
    try {
      tmux('kill-session', '-t', name);
    } catch {
      /* already gone */
    }
  }
  if (collector?.pid && collector.exitCode === null) await killTree(collector.pid, 'SIGKILL');
  await srv?.stop();
  for (const d of [userHome, logDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

async function waitScreen(name: string, pred: (s: string) => boolean, what: string, ms = 20_000): Promise<string> {
  let s = '';
  try {
    return await waitFor(() => (pred((s = tmux('capture-pane', '-p', '-t', name))) ? s : false), ms, what);
  } catch (err) {
    throw new Error(`${(err as Error).message}; screen:\n${s}`);
  }
}

/** A vsftpd CONNECT line: exactly one FTP0001 message, told apart by its pid. */
const connectLine = (i: number) => `Tue Nov 24 10:15:02 2026 [pid ${200000 + i}] CONNECT: Client "10.0.0.${i}"\n`;

describe('Work with Systems (real sshd, real collector, tmux)', () => {
  it('shows the collected systems connected; 9 reconnects one, 8 tests it, a stopped sshd shows retrying', async () => {
    const home = tempHome();
    const env = { HOME: userHome, SSH_AUTH_SOCK: '' };
    const cli = (...args: string[]) => {
      const r = msgmon(['--home', home, ...args], { env });
      if (r.code !== 0) throw new Error(`msgmon ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const file = path.join(logDir, 'vsftpd.log');
    fs.writeFileSync(file, connectLine(0), { mode: 0o644 });
    cli('hosts', 'add', 'r1', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user, '--identity', srv.identityFile);
    cli('hosts', 'trust', 'r1');
    cli('sources', 'add', 'ftp', '--system', 'r1', '--format', 'vsftpd', '--path', file);
    // A file of this machine too: system local, listed before r1.
    const localFile = path.join(home, 'app-vsftpd.log');
    fs.writeFileSync(localFile, connectLine(50));
    cli('sources', 'add', 'app', '--system', 'local', '--format', 'vsftpd', '--path', localFile);
    const count = (msgId: string, system = 'r1') =>
      (JSON.parse(cli('log', '--msgid', msgId, '--system', system, '--limit', '1000', '--json')) as unknown[]).length;

    let err = '';
    collector = spawn(process.execPath, [CLI, '--home', home, 'collect', '--poll', '0.3', '--retry-max', '2'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    collector.stderr!.on('data', (d) => {
      err += d;
    });
    await waitFor(() => count('FTP0001') === 1 && count('FTP0001', 'local') === 1, 20_000, 'the first lines collected');

    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      'NCURSES_NO_UTF8_ACS=1',
      '-e',
      'TERM=xterm-256color',
      '-e',
      `HOME=${userHome}`,
      '-e',
      'SSH_AUTH_SOCK=',
      `${process.execPath} ${CLI} --home ${home}; sleep 60`,
    );
    const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
    await waitScreen(session, (s) => s.includes('Work with Messages'), 'the console');
    keys('S-F2'); // F14
    let s = await waitScreen(session, (x) => x.includes('Work with Systems') && /r1 +connected +1 +0 /.test(x), 'r1 connected');
    expect(s).toContain(`Collector . . : msgmon collect, pid ${collector.pid}`);
    expect(s).toMatch(/ {2}_ {2}r1 +connected +1 +0 \d\d\/\d\d\/\d\d \d\d:\d\d:\d\d/);
    expect(s).toMatch(/ {2}_ {2}local +connected +1 +0 \d\d\/\d\d\/\d\d \d\d:\d\d:\d\d/);

    // 9 on local re-opens its files from their positions.
    keys('9', 'Enter');
    await waitScreen(session, (x) => x.includes(`Restart of local asked of the collector (pid ${collector!.pid}).`), 'the local restart asked');
    await waitFor(() => err.includes('local: restart asked (Work with Systems)'), 10_000, 'the collector to restart local');
    fs.appendFileSync(localFile, connectLine(51));
    await waitFor(() => count('FTP0001', 'local') === 2, 20_000, 'the local line appended after the restart');

    // 9 on r1: the collector drops the connection and connects again at once: a new MON0001, no MON0002.
    expect(count('MON0001')).toBe(1);
    keys('Down', '9', 'Enter');
    await waitScreen(session, (x) => x.includes(`Restart of r1 asked of the collector (pid ${collector!.pid}).`), 'the restart asked');
    await waitFor(() => count('MON0001') === 2, 20_000, 'a new MON0001');
    expect(count('MON0002')).toBe(0);
    await waitFor(() => /r1: restart asked \(Work with Systems\)[\s\S]*r1: connected/.test(err), 10_000, 'the collector to tell of the restart');
    await waitScreen(session, (x) => /r1 +connected/.test(x), 'r1 connected again');
    // Reading resumed at the cursor: the next line once, the first not again.
    fs.appendFileSync(file, connectLine(1));
    await waitFor(() => count('FTP0001') === 2, 20_000, 'the line appended after the restart');
    expect(count('FTP0001')).toBe(2);

    // 8: the same test as msgmon hosts test, on the message line, then in full on 5=Display.
    keys('8', 'Enter');
    s = await waitScreen(session, (x) => x.includes('Test of r1 OK:'), 'the test result');
    expect(s).toMatch(/Test of r1 OK: \d+ ms, ssh-ed25519 key trusted, Linux /);
    keys('5', 'Enter');
    s = await waitScreen(session, (x) => x.includes('Display System') && x.includes('Source ftp'), 'Display System');
    expect(s).toContain(srv.hostKeyFingerprint);
    expect(s).toContain(`Address  . . . . :  127.0.0.1:${srv.port}`);
    expect(s).toContain('State  . . . . . :  connected');
    keys('PageDown');
    s = await waitScreen(session, (x) => x.includes('Read position'), 'the source on the next page');
    expect(s).toMatch(/ {3}State {2}\. \. \. \. : {2}connected/);
    expect(s).toMatch(/Read position {2}: {2}inode \S+, byte \d+/);
    expect(s).toContain('Lag  . . . . . :  0 (read to the end)');
    expect(s).toContain('Last error . . :  none');
    keys('F12');
    await waitScreen(session, (x) => x.includes('Work with Systems'), 'back on Work with Systems');

    // sshd gone: the row turns to retrying by itself, with the countdown to the next attempt.
    await srv.stop();
    s = await waitScreen(session, (x) => /r1 +retrying in \d+s/.test(x), 'r1 retrying');
    expect(count('MON0002')).toBe(1);

    // No collector: the row says stopped and 9 says why it cannot restart.
    collector.kill('SIGTERM');
    await waitFor(() => collector!.exitCode !== null, 10_000, 'the collector to stop');
    await waitScreen(session, (x) => /r1 +stopped/.test(x) && /local +stopped/.test(x) && x.includes('Collector . . : not running'), 'r1 and local stopped');
    keys('9', 'Enter');
    await waitScreen(session, (x) => x.includes('Cannot restart r1: no collector runs: start it with msgmon collect'), 'the refusal');
    keys('F3');
  }, 180_000);

  it('the demo console shows its systems as not collecting (no sources), and says no collector runs', async () => {
    const home = tempHome();
    tmux(
      'new-session',
      '-d',
      '-s',
      demoSession,
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      'NCURSES_NO_UTF8_ACS=1',
      '-e',
      'TERM=xterm-256color',
      `${process.execPath} ${CLI} --home ${home}/demo demo --speed 0; sleep 60`,
    );
    await waitScreen(demoSession, (s) => /Messages \. \. :\s+[1-9]/.test(s), 'the demo console');
    tmux('send-keys', '-t', demoSession, 's');
    // Both demo systems: the replay may still be storing the second file's first messages when the screen opens.
    const s = await waitScreen(
      demoSession,
      (x) => x.includes('Work with Systems') && /web1 +not collecting/.test(x) && /web2 +not collecting/.test(x),
      'the demo systems',
    );
    expect(s).toContain('Collector . . : not running (start it with msgmon collect)');
    expect(s).toMatch(/web1 +not collecting +0 +\d\d\/\d\d\/\d\d/);
    tmux('send-keys', '-t', demoSession, '9', 'Enter');
    await waitScreen(demoSession, (x) => x.includes('Option 9 not allowed: the system has no sources to collect'), 'the refusal');
    tmux('send-keys', '-t', demoSession, 'F3');
  }, 120_000);
});
