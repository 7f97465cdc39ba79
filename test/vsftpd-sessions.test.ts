// Session tracking against a REAL vsftpd on 127.0.0.1, driven by real clients (basic-ftp, curl), its log read by a
// real `msgmon collect` over a REAL sshd: a normal logout, a failed logon, a client killed mid-download (vsftpd logs
// nothing for the drop: the collector's process check over SSH finds the session's processes gone) and a collector
// killed mid-session give the exact message sequences, session boundaries and end reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startVsftpd, type VsftpdServer } from './support/vsftpd.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { connectFtp, curlFailedLogin, getText, putText, quit } from './support/ftp-client.js';
import { alive, processTree, sleep, waitFor } from './support/system.js';
import { collectHarness, exited, type CollectHarness, type Daemon, type HomeRun } from './support/collect-harness.js';

const SSH_USER = { user: 'msgmon_sess1' };
const BIG = 16 * 1024 * 1024;

let ftp: VsftpdServer;
let sshd: SshdServer;
let h: CollectHarness;
let home: string;
let env: Record<string, string>;
let run: HomeRun;
let collector: Daemon;

interface Session {
  id: string;
  user: string | null;
  client: string | null;
  protocol: string;
  end: string | null;
  endedBy: string | null;
  commands: number;
  filesUp: number;
  filesDown: number;
  bytesUp: number;
  bytesDown: number;
  pids: number[];
}

/** Runs msgmon with --json and parses its output (failing with msgmon's error when it failed). */
function json(...args: string[]): any {
  const r = run(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
const sessions = (): Session[] => json('sessions');
const show = (id: string): { session: Session; messages: any[] } => json('sessions', 'show', id);
const startCollector = () => (collector = h.daemon(home, env, '--session-check', '1'));

/** Waits until the store has `n` sessions and all have ended; returns the newest. */
async function ended(n: number, what: string): Promise<Session> {
  const all = await waitFor(
    () => {
      const s = sessions();
      return s.length === n && s.every((x) => x.end !== null) && s;
    },
    30_000,
    what,
  );
  return all[0]!;
}

beforeAll(async () => {
  ftp = await startVsftpd();
  // The collector reads the log as an unprivileged SSH user, as it would on a real server with a readable log.
  fs.writeFileSync(ftp.logFile, '', { mode: 0o644 });
  fs.chmodSync(ftp.logFile, 0o644);
  fs.writeFileSync(path.join(ftp.home, 'big.bin'), Buffer.alloc(BIG, 0x42), { mode: 0o644 });
  sshd = await startSshd({ users: [SSH_USER] });
  h = await collectHarness(sshd, SSH_USER);
  ({ home, env, run } = h.setup());
  h.addHost(run, 'ftp1');
  expect(run('sources', 'add', 'vsftpd', '--system', 'ftp1', '--format', 'vsftpd', '--path', ftp.logFile).code).toBe(0);
  startCollector();
}, 60_000);
afterAll(async () => {
  await h?.close();
  await sshd?.stop();
  await ftp?.stop();
});

describe('vsftpd sessions, real server, clients and collector', () => {
  it('a normal logout ends the session with FTP0040; the summary counts its commands, files and bytes', async () => {
    const c = await connectFtp(ftp);
    await c.pwd(); // as curl, lftp and FileZilla do after logon: the session learns its directory
    await c.list();
    await putText(c, 'a.csv', 'id;amount\n1;100\n');
    expect(await getText(c, 'a.csv')).toBe('id;amount\n1;100\n');
    await quit(c);
    const s = await ended(1, 'the logged-out session');
    const { session, messages } = show(s.id);
    const u = ftp.user;
    expect(messages.map((m) => [m.msgId, m.text])).toEqual([
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0002', `FTP: User ${u} logged on from 127.0.0.1`],
      ['FTP0011', `FTP: User ${u} listing directory ${ftp.home}`],
      ['FTP0020', `FTP: User ${u} uploaded file ${ftp.home}/a.csv (16 bytes)`],
      ['FTP0021', `FTP: User ${u} downloaded file ${ftp.home}/a.csv (16 bytes)`],
      ['FTP0040', `FTP: User ${u} ended the session`],
    ]);
    expect(messages.every((m) => m.session === s.id)).toBe(true);
    expect(messages.at(-1).fields.session_end).toBe('logout');
    expect(session).toMatchObject({
      user: u,
      client: '127.0.0.1',
      protocol: 'ftp',
      endedBy: 'logout',
      commands: 3,
      filesUp: 1,
      filesDown: 1,
      bytesUp: 16,
      bytesDown: 16,
    });
    // connect (pre-login), OK LOGIN (privileged parent) and the post-login process: vsftpd's three pids.
    expect(session.pids).toHaveLength(3);
    expect(session.end).toBe(messages.at(-1).time);
  });

  it('a failed logon is a session of its own; it ends when its server processes are gone (FTP0041 process)', async () => {
    expect((await curlFailedLogin(ftp)).code).toBe(67);
    const s = await ended(2, 'the failed logon session');
    const { session, messages } = show(s.id);
    expect(messages.map((m) => [m.msgId, m.text])).toEqual([
      ['FTP0001', 'FTP: Connection from client 127.0.0.1'],
      ['FTP0003', `FTP: Logon failed for user ${ftp.user} from 127.0.0.1`],
      ['FTP0041', `FTP: Session of user ${ftp.user} from 127.0.0.1 ended without logout: server process ended`],
    ]);
    expect(messages.at(-1).fields).toMatchObject({ session_end: 'process', reason: 'server process ended', user: ftp.user, client: '127.0.0.1' });
    expect(session).toMatchObject({ endedBy: 'process', commands: 0, filesUp: 0, filesDown: 0 });
    expect(session.pids.every((p) => !alive(p))).toBe(true);
  });

  it('a client stopped and killed mid-download: vsftpd logs the broken transfer, the process check ends the session', async () => {
    const curl = spawn(
      'curl',
      ['-sS', '--limit-rate', '200k', '--user', `${ftp.user}:${ftp.password}`, `ftp://127.0.0.1:${ftp.port}/big.bin`, '-o', '/dev/null'],
      { stdio: 'ignore' },
    );
    const gone = exited(curl);
    await waitFor(() => sessions().length === 3 && sessions()[0]!.commands === 0 && sessions()[0]!.user === ftp.user, 15_000, 'the download session logged on');
    await sleep(1500);
    for (const p of processTree(curl.pid!)) process.kill(p, 'SIGSTOP');
    await sleep(1000);
    for (const p of processTree(curl.pid!)) process.kill(p, 'SIGKILL');
    await gone;
    const s = await ended(3, 'the dropped session');
    const { session, messages } = show(s.id);
    expect(messages.map((m) => m.msgId)).toEqual(['FTP0001', 'FTP0002', 'FTP0050', 'FTP0041']);
    expect(messages[2].text).toBe(`FTP: User ${ftp.user}: RETR ${ftp.home}/big.bin failed: 426 Failure writing network stream.`);
    expect(messages[2].fields).toMatchObject({ arg: 'big.bin', path: `${ftp.home}/big.bin` });
    expect(messages[3].text).toBe(`FTP: Session of user ${ftp.user} from 127.0.0.1 ended without logout: server process ended`);
    expect(session).toMatchObject({ endedBy: 'process', commands: 1, filesDown: 0, bytesDown: 0 });
  });

  it('a collector killed mid-session: the restarted one continues the same session from the sessions table', async () => {
    const c = await connectFtp(ftp);
    await c.list();
    await waitFor(() => sessions().length === 4 && sessions()[0]!.commands === 1, 15_000, 'the listing stored');
    collector.kill('SIGKILL');
    await exited(collector);
    await putText(c, 'b.csv', 'x\n');
    await quit(c);
    startCollector();
    const s = await ended(4, 'the session across the restart');
    const { messages } = show(s.id);
    expect(messages.map((m) => m.msgId)).toEqual(['FTP0001', 'FTP0002', 'FTP0011', 'FTP0020', 'FTP0040']);
    expect(sessions().map((x) => x.endedBy)).toEqual(['logout', 'process', 'process', 'logout']);
    // Every message of the store is in exactly one of the four sessions, each session's messages stored one after the
    // other (by id: the log's time order has vsftpd's whole seconds, so a process-check end stamped at 12:00:05.300
    // sorts after the next session's lines logged at 12:00:05).
    const log = json('log', '--system', 'ftp1', '--limit', '1000')
      .filter((m: any) => m.source === 'vsftpd')
      .sort((a: any, b: any) => a.id - b.id);
    expect(log.every((m: any) => m.session !== null)).toBe(true);
    expect(log.map((m: any) => m.session).filter((x: string, i: number, a: string[]) => i === 0 || a[i - 1] !== x)).toEqual(
      sessions()
        .map((x) => x.id)
        .reverse(),
    );
  });

  it('a local source (no SSH): the process check runs on this machine', async () => {
    const local = h.setup();
    expect(local.run('sources', 'add', 'v', '--system', 'local', '--format', 'vsftpd', '--path', ftp.logFile, '--from-end').code).toBe(0);
    const d = h.daemon(local.home, local.env, '--session-check', '1');
    const localSessions = (): Session[] => JSON.parse(local.run('sessions', '--json').stdout || '[]');
    await waitFor(() => JSON.parse(local.run('status', '--json').stdout || '{}').sources?.[0]?.state === 'connected', 15_000, 'the local source read');
    const c = await connectFtp(ftp);
    await c.list();
    await waitFor(() => localSessions()[0]?.commands === 1, 15_000, 'the listing stored');
    c.ftp.socket.resetAndDestroy(); // the client vanishes: vsftpd logs nothing, its processes end
    c.close();
    const s = await waitFor(() => localSessions().find((x) => x.end !== null), 30_000, 'the session ended');
    expect(s).toMatchObject({ endedBy: 'process', user: ftp.user, commands: 1 });
    expect(JSON.parse(local.run('sessions', 'show', s.id, '--json').stdout).messages.map((m: any) => m.msgId)).toEqual([
      'FTP0001',
      'FTP0002',
      'FTP0011',
      'FTP0041',
    ]);
    expect(s.id).toMatch(/^local:\d+:/);
    d.kill('SIGTERM');
    expect(await exited(d)).toBe(0);
  });
});
