// The status probe against REAL servers (issue 16): a collector follows a real sshd on 127.0.0.1 (logged on as root,
// the one account that may read other users' /proc/PID/io) with a vsftpd log and an rsyslog auth.log as sources.
// A real curl upload to vsftpd and a real sftp upload (internal-sftp), both rate-limited, are seen by the probe as
// server processes whose storage write bytes grow, linked to their sessions' user and client.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcSample, SystemSample } from '../src/core/status-types.js';
import { spawnCollector, type Daemon, query } from './support/collect-harness.js';
import { msgmon, tempHome } from './support/cli.js';
import { startRsyslog, type Rsyslog } from './support/rsyslog.js';
import { sftpArgs } from './support/sftp-client.js';
import { startSshd, type SshdServer } from './support/sshd.js';
import { killTree, waitFor } from './support/system.js';
import { startVsftpd, type VsftpdServer } from './support/vsftpd.js';

const SFTP_USER = 'msgmon_stat1';
const FTP_USER = 'msgmon_stat2';
let syslog: Rsyslog;
let srv: SshdServer;
let ftp: VsftpdServer;
let local: string;
const daemons: Daemon[] = [];
const clients: number[] = [];

beforeAll(async () => {
  syslog = await startRsyslog({ hostname: 'statushost' });
  srv = await startSshd({ users: [{ user: SFTP_USER }], syslogSocket: syslog.socket, logLevel: 'VERBOSE' });
  // The probe logs on as root: /proc/PID/io and fd of the FTP users' processes are readable by root only.
  fs.copyFileSync(`${srv.identityFile}.pub`, path.join(srv.dir, 'authorized_keys', 'root'));
  ftp = await startVsftpd({ users: [{ user: FTP_USER }] });
  local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-status-'));
  fs.writeFileSync(path.join(local, 'big.bin'), Buffer.alloc(16 * 1024 * 1024, 0x41));
}, 60_000);

afterAll(async () => {
  for (const pid of clients) await killTree(pid, 'SIGKILL').catch(() => {});
  for (const d of daemons) if (d.pid && d.exitCode === null && d.signalCode === null) await killTree(d.pid, 'SIGKILL');
  await ftp?.stop();
  await srv?.stop();
  await syslog?.stop();
  if (local) fs.rmSync(local, { recursive: true, force: true });
  fs.rmSync(`/home/${SFTP_USER}/status-up.bin`, { force: true });
});

function latest(home: string): SystemSample | null {
  const r = query<{ sample: string }>(home, "SELECT sample FROM status_latest WHERE system = 'web'")[0];
  return r ? (JSON.parse(r.sample) as SystemSample) : null;
}

/** Waits for two samples of a process (by predicate) whose storage write bytes grew in between. */
async function growingWriter(home: string, what: string, pick: (p: ProcSample) => boolean): Promise<[ProcSample, ProcSample]> {
  const first = await waitFor(() => latest(home)?.procs.find((p) => pick(p) && (p.writeBytes ?? 0) > 0), 60_000, `${what} writing`, 200).catch((err) => {
    const procs = latest(home)?.procs.map(({ pid, ppid, name, cmdline, user, writeBytes }) => ({ pid, ppid, name, cmdline, user, writeBytes }));
    const sessions = query(home, 'SELECT id, user, client, pids, end FROM sessions');
    const msgs = query(home, 'SELECT msg_id, text FROM messages');
    throw new Error(
      `${(err as Error).message}: sample age ${Date.now() - (latest(home)?.time ?? 0)} ms; messages ${JSON.stringify(msgs).slice(0, 1500)}; processes ${JSON.stringify(procs)}; sessions ${JSON.stringify(sessions)}`,
    );
  });
  const later = await waitFor(
    () => latest(home)?.procs.find((p) => p.pid === first.pid && (p.writeBytes ?? 0) > first.writeBytes! && p.writeBps !== null),
    60_000,
    `${what}'s write bytes growing`,
    200,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}: first ${JSON.stringify(first)}, now ${JSON.stringify(latest(home)?.procs.filter(pick))}`);
  });
  return [first, later];
}

describe('status probe over the collector connection (real sshd, vsftpd, sftp)', () => {
  it('sees the vsftpd and internal-sftp session processes of rate-limited uploads, their write bytes growing, linked to user and client', async () => {
    const home = tempHome();
    const env = { HOME: local, SSH_AUTH_SOCK: '' };
    const run = (...args: string[]) => {
      const r = msgmon(['--home', home, ...args], { env });
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    run('hosts', 'add', 'web', '--host', '127.0.0.1', '--port', String(srv.port), '--user', 'root', '--identity', srv.identityFile);
    run('hosts', 'trust', 'web');
    // Both servers create their log at the first line: the sources are read from the start.
    for (const f of [ftp.logFile, syslog.logFile]) fs.appendFileSync(f, '');
    run('sources', 'add', 'web-ftp', '--system', 'web', '--format', 'vsftpd', '--path', ftp.logFile);
    run('sources', 'add', 'web-auth', '--system', 'web', '--format', 'sshd,sftp', '--path', syslog.logFile);
    const d = spawnCollector(home, env, '--probe', '1');
    daemons.push(d);

    // The host itself: CPU needs two samples, memory and the root file system are there from the first.
    const host = await waitFor(() => (latest(home)?.cpu != null ? latest(home) : null), 90_000, `a second sample (${d.err()})`, 200);
    expect(host!.memTotalKb).toBeGreaterThan(0);
    expect(host!.fs.some((f) => f.mount === '/')).toBe(true);
    expect(host!.load1).toBeGreaterThanOrEqual(0);

    // FTP: 16 MiB at 256 KiB/s would take a minute; the client is killed once the probe has seen enough.
    const curl = spawn(
      'curl',
      [
        '-sS',
        '--limit-rate',
        '256k',
        '--user',
        `${FTP_USER}:${ftp.passwordOf(FTP_USER)}`,
        '-T',
        path.join(local, 'big.bin'),
        `ftp://127.0.0.1:${ftp.port}/status-up.bin`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    clients.push(curl.pid!);
    let curlErr = '';
    curl.stderr!.on('data', (b) => {
      curlErr += b;
    });
    curl.once('exit', (code) => {
      if (code) curlErr += ` (curl exited ${code})`;
    });
    const [f1, f2] = await growingWriter(
      home,
      'the vsftpd session process',
      (p) => p.name === 'vsftpd' && p.user === FTP_USER && p.files.some((f) => f.endsWith('/status-up.bin')),
    ).catch((err) => {
      throw new Error(
        `${(err as Error).message}; collector: ${d.err()}; curl: ${curlErr}; log: ${fs.readFileSync(ftp.logFile, 'utf8').slice(-3000)}; ps: ${require('node:child_process').execSync('ps -eo pid,ppid,user,comm,args | grep -E "vsftpd|curl"').toString()}`,
      );
    });
    expect(f2).toMatchObject({ name: 'vsftpd', user: FTP_USER, client: '127.0.0.1' });
    expect(f2.session).toMatch(/^web:/);
    expect(f2.writeBytes!).toBeGreaterThan(f1.writeBytes!);
    expect(f2.writeBps!).toBeGreaterThan(0);
    expect(f2.files.some((f) => f.endsWith('/status-up.bin'))).toBe(true);
    const sessions = JSON.parse(run('sessions', '--active', '--json').stdout) as Array<{ id: string; user: string }>;
    expect(sessions.find((s) => s.id === f2.session)?.user).toBe(FTP_USER);
    curl.kill('SIGKILL');

    // SFTP: 16 MiB at 2000 kbit/s would take a minute too.
    const sftp = spawn('sftp', [...sftpArgs(srv, { user: SFTP_USER, limitKbit: 2000 }), '-b', '-', `${SFTP_USER}@127.0.0.1`], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    clients.push(sftp.pid!);
    sftp.stdin.end(`put ${path.join(local, 'big.bin')} status-up.bin\nbye\n`);
    const [s1, s2] = await growingWriter(
      home,
      'the internal-sftp session process',
      (p) => p.name === 'sshd' && p.user === SFTP_USER && p.files.some((f) => f.endsWith('/status-up.bin')),
    );
    expect(s2).toMatchObject({ user: SFTP_USER, client: '127.0.0.1' });
    expect(s2.session).toMatch(/^web:/);
    expect(s2.cmdline).toBe(`sshd: ${SFTP_USER}@internal-sftp`);
    expect(s2.writeBytes!).toBeGreaterThan(s1.writeBytes!);
    expect(s2.files).toContain(`/home/${SFTP_USER}/status-up.bin`);
    sftp.kill('SIGKILL');

    // The samples are queryable: per-process write rates and the host's CPU over the last minutes.
    const hist = JSON.parse(run('status', 'history', '--system', 'web', '--metric', 'proc.write', '--key', String(s2.pid), '--since', '5m', '--json').stdout);
    expect(hist.resolution).toBe('raw');
    expect(hist.points.some((p: { value: number }) => p.value > 0)).toBe(true);
    const cpu = JSON.parse(run('status', 'history', '--system', 'web', '--metric', 'cpu', '--since', '5m', '--json').stdout);
    expect(cpu.points.length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
