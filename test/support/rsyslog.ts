// Starts a private rsyslogd (Debian 12: 8.2302) that owns its own Unix socket and writes RFC3164 "traditional" files
// (and every line once more in RFC 5424); or one with Debian's shipped /etc/rsyslog.conf (RSYSLOG_FileFormat).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  dir: string;
  pid: number;
  /** Stops rsyslogd (it flushes on SIGTERM), waits, removes the dir unless keep. */
  stop(): Promise<void>;
}

/** Runs rsyslogd -n on a config; resolves with its pid once it has created its socket. */
async function spawnRsyslogd(conf: string, dir: string, socket: string, tz?: string): Promise<number> {
  const child = spawn('/usr/sbin/rsyslogd', ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: tz ? { ...process.env, TZ: tz } : process.env,
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const end = Date.now() + 5000;
  while (!existsSync(socket) && alive(child.pid!) && Date.now() < end) await sleep(20);
  if (!existsSync(socket)) {
    await killTree(child.pid!, 'SIGKILL');
    throw new Error(`rsyslogd did not create ${socket}: ${out.trim()}`);
  }
  return child.pid!;
}

/**
 * Starts rsyslogd -n with a private config: no system socket (/dev/log is left alone), one imuxsock input on
 * <dir>/log.sock without rate limiting, files in RSYSLOG_TraditionalFileFormat ("Nov 25 11:18:18 host tag[pid]: msg").
 */
export async function startRsyslog(opts: RsyslogOptions = {}): Promise<Rsyslog> {
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-rsyslog-'));
  chmodSync(dir, 0o755);
  const socket = join(dir, 'log.sock'),
    logFile = join(dir, 'auth.log'),
    allLog = join(dir, 'all.log'),
    rfc5424Log = join(dir, 'all-5424.log');
  const host = opts.hostname ? ` localHostName="${opts.hostname}"` : '';
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}"${host})`,
      'module(load="imuxsock" SysSock.Use="off")',
      `input(type="imuxsock" Socket="${socket}" CreatePath="on" RateLimit.Interval="0")`,
      'module(load="builtin:omfile" Template="RSYSLOG_TraditionalFileFormat")',
      `auth,authpriv.* action(type="omfile" file="${logFile}")`,
      `*.* action(type="omfile" file="${rfc5424Log}" template="RSYSLOG_SyslogProtocol23Format")`,
      `*.* action(type="omfile" file="${allLog}")`,
      '',
    ].join('\n'),
  );
  const pid = await spawnRsyslogd(conf, dir, socket);
  return {
    socket,
    logFile,
    rfc5424Log,
    allLog,
    dir,
    pid,
    async stop() {
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A running rsyslogd with Debian's shipped configuration: its files, and the same auth lines in RFC 3164. */
export interface DebianRsyslog {
  socket: string;
  dir: string;
  /** auth,authpriv.* as Debian's rules write /var/log/auth.log (default template: RSYSLOG_FileFormat). */
  authLog: string;
  /** The same lines in RSYSLOG_TraditionalFileFormat (RFC 3164), written by a file in the included rsyslog.d. */
  authLog3164: string;
  /** The same lines as syslog-ng's file destination writes them with ts-format(iso): `2026-12-02T08:10:39+01:00 host tag[pid]: msg`. */
  authLogIso: string;
  stop(): Promise<void>;
}

/** What must change in the shipped /etc/rsyslog.conf to run privately, each found exactly once. */
function privateDebianConf(shipped: string, dir: string, socket: string): string {
  const edits: Array<[RegExp, string, string]> = [
    // Our own socket instead of /dev/log (the machine's is not ours).
    [/^module\(load="imuxsock"\).*$/m, `module(load="imuxsock" SysSock.Name="${socket}")`, 'imuxsock'],
    // No kernel log: not ours to read, and a container has none.
    [/^module\(load="imklog"\).*$/m, '', 'imklog'],
    [/^\$WorkDirectory \/var\/spool\/rsyslog$/m, `$WorkDirectory ${dir}`, '$WorkDirectory'],
    [/^\$IncludeConfig \/etc\/rsyslog\.d\/\*\.conf$/m, `$IncludeConfig ${dir}/rsyslog.d/*.conf`, '$IncludeConfig'],
  ];
  let conf = shipped;
  for (const [re, to, what] of edits) {
    if (conf.match(new RegExp(re.source, 'gm'))?.length !== 1) throw new Error(`/etc/rsyslog.conf: expected one ${what} line as Debian 12 ships it`);
    conf = conf.replace(re, to);
  }
  if (!/\/var\/log\/auth\.log$/m.test(conf)) throw new Error('/etc/rsyslog.conf: no /var/log/auth.log rule');
  return conf.replace(/\/var\/log\//g, `${dir}/`);
}

/**
 * Starts rsyslogd -n with the package's /etc/rsyslog.conf as shipped, changing only the socket, the work and
 * output paths, and dropping imklog. Its rsyslog.d adds two files: the auth lines again in RFC 3164 and as syslog-ng
 * writes them with ISO dates. `tz`: rsyslogd's TZ (the local time RFC 3164 writes, the offset RFC 3339 writes).
 */
export async function startDebianRsyslog(opts: { keep?: boolean; tz?: string } = {}): Promise<DebianRsyslog> {
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-rsyslog-debian-'));
  chmodSync(dir, 0o755);
  const socket = join(dir, 'log.sock'),
    authLog = join(dir, 'auth.log'),
    authLog3164 = join(dir, 'auth-3164.log'),
    authLogIso = join(dir, 'auth-iso.log');
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(conf, privateDebianConf(readFileSync('/etc/rsyslog.conf', 'utf8'), dir, socket));
  mkdirSync(join(dir, 'rsyslog.d'));
  writeFileSync(
    join(dir, 'rsyslog.d', 'msgmon-copies.conf'),
    [
      `auth,authpriv.* action(type="omfile" file="${authLog3164}" template="RSYSLOG_TraditionalFileFormat")`,
      // syslog-ng's ${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}: RFC 3339 time to the second with the zone offset.
      'template(name="SyslogNgIso" type="string" string="%timereported:1:19:date-rfc3339%%timereported:::date-tzoffsdirection%' +
        '%timereported:::date-tzoffshour%:%timereported:::date-tzoffsmin% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\\n")',
      `auth,authpriv.* action(type="omfile" file="${authLogIso}" template="SyslogNgIso")`,
      '',
    ].join('\n'),
  );
  const pid = await spawnRsyslogd(conf, dir, socket, opts.tz);
  return {
    socket,
    dir,
    authLog,
    authLog3164,
    authLogIso,
    async stop() {
      if (alive(pid)) await killTree(pid, 'SIGTERM');
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
