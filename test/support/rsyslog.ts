// Starts a private rsyslogd (Debian 12: 8.2302) that owns its own Unix socket and writes RFC3164 "traditional" files
// (and every line once more in RFC 5424).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, killTree, sleep } from './system.js';

/** Options for startRsyslog. */
export interface RsyslogOptions {
  /** Host name written in every line (rsyslog's localHostName); default: the machine's. */
  hostname?: string;
  /** Keep the temp dir after stop(). */
  keep?: boolean;
}

/** A running private rsyslogd. */
export interface Rsyslog {
  /** Datagram socket to send to (give it to startSshd({ syslogSocket }) or `logger -u`). */
  socket: string;
  /** auth,authpriv.* lines, like Debian's /var/log/auth.log. */
  logFile: string;
  /** Every line received, in RFC 5424 (RSYSLOG_SyslogProtocol23Format). */
  rfc5424Log: string;
  /** Every line received. */
  allLog: string;
  dir: string; pid: number;
  /** Stops rsyslogd (it flushes on SIGTERM), waits, removes the dir unless keep. */
  stop(): Promise<void>;
}

/**
 * Starts rsyslogd -n with a private config: no system socket (/dev/log is left alone), one imuxsock input on
 * <dir>/log.sock without rate limiting, files in RSYSLOG_TraditionalFileFormat ("Nov 25 11:18:18 host tag[pid]: msg").
 */
export async function startRsyslog(opts: RsyslogOptions = {}): Promise<Rsyslog> {
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-rsyslog-'));
  chmodSync(dir, 0o755);
  const socket = join(dir, 'log.sock'), logFile = join(dir, 'auth.log'), allLog = join(dir, 'all.log'), rfc5424Log = join(dir, 'all-5424.log');
  const host = opts.hostname ? ` localHostName="${opts.hostname}"` : '';
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(conf, [
    `global(workDirectory="${dir}"${host})`,
    'module(load="imuxsock" SysSock.Use="off")',
    `input(type="imuxsock" Socket="${socket}" CreatePath="on" RateLimit.Interval="0")`,
    'module(load="builtin:omfile" Template="RSYSLOG_TraditionalFileFormat")',
    `auth,authpriv.* action(type="omfile" file="${logFile}")`,
    `*.* action(type="omfile" file="${rfc5424Log}" template="RSYSLOG_SyslogProtocol23Format")`,
    `*.* action(type="omfile" file="${allLog}")`,
    '',
  ].join('\n'));
  const child = spawn('/usr/sbin/rsyslogd', ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const end = Date.now() + 5000;
  while (!existsSync(socket) && alive(child.pid!) && Date.now() < end) await sleep(20);
  if (!existsSync(socket)) {
    await killTree(child.pid!, 'SIGKILL');
    throw new Error(`rsyslogd did not create ${socket}: ${out.trim()}`);
  }
  const pid = child.pid!;
  return {
    socket, logFile, rfc5424Log, allLog, dir, pid,
    async stop() {
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
