// `msgmon collect [--once]` runs the SSH collectors (`msgmon status` shows what they are doing): the options are
// checked here, the daemon's lifecycle (lock, start, restart requests, stop) is services/collect-daemon.ts.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { DEFAULT_BACKOFF } from '../collectors/backoff.js';
import { CollectDaemon, untilStopSignal } from '../services/collect-daemon.js';
import { notifyRuntime } from './notify-wiring.js';
import type { CliContext } from './context.js';
import { backgroundRetention } from './log-prune.js';
import { knownHostsOf } from '../services/host-connection.js';
import { print, printJson } from './output.js';
import { thresholdsFile } from './status-history.js';
import { loadThresholds } from '../status/thresholds.js';

function seconds(s: string, opt: string): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${opt} '${s}' must be a number of seconds above 0`);
  return n;
}

function minutes(s: string, opt: string): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${opt} '${s}' must be a number of minutes above 0`);
  return n;
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

/** Registers collect. */
export function registerCollect(program: Command, ctx: () => CliContext): void {
  program
    .command('collect')
    .description('read the sources of every host over SSH, and the local files of system local, into the store (a foreground daemon; --once drains and exits)')
    .option('--once', 'read every source to its current end, then exit')
    .option('--system <name>', 'only the sources of this host')
    .option('--poll <seconds>', 'how often files are checked for rotation and truncation', '1')
    .option('--retry-max <seconds>', 'longest wait between reconnection attempts', String(DEFAULT_BACKOFF.maxMs / 1000))
    .option('--keepalive <seconds>', 'SSH keepalive interval; 3 unanswered mean the host is gone', '15')
    .option(
      '--session-idle <minutes>',
      "a session with no line for this long ends (FTP0041 idle); default: the server's timeout of each format (vsftpd 5 min) or the source's --session-idle",
    )
    .option('--session-check <seconds>', 'how often the server processes of open sessions are checked (FTP0041 process)', '30')
    .option('--probe <seconds>', 'status probe interval (CPU, memory, file systems, disks, FTP processes; thresholds); 0: no probe', '15')
    .option('--json', 'with --once: print the result per host as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon collect                      follow every source until Ctrl+C (SIGINT) or SIGTERM
  msgmon collect --once               catch up and exit (for cron)
  msgmon collect --system web1 --once
Sources and hosts added, changed or removed (msgmon sources/hosts) while it runs are picked up within
a second; other systems read on undisturbed.
A lost connection gives MON0002 and is retried (1 s doubling to --retry-max, with jitter); MON0001
when connected again. An unknown host key is refused (run msgmon hosts trust NAME); a changed one is
refused and gives MON0003. Only one collector runs per home. Work with Systems (msgmon, F14) shows
each system's state; its option 9 makes this collector reconnect a system at once.
Every --probe seconds (default 15) one small shell command over the same connection samples the host's
CPU, load, memory, swap, file systems, disk I/O and its FTP/SFTP server processes (msgmon status,
System Status) of every host, with sources or without (a host added only to be watched); thresholds
(msgmon status thresholds; the home's thresholds.json, edits apply from the next probe on) give MON0020
and, back to normal, MON0021. --once reads sources only: rates need two probes, so it takes none.`,
    )
    .action(
      async (o: {
        once?: boolean;
        system?: string;
        poll: string;
        retryMax: string;
        keepalive: string;
        sessionIdle?: string;
        sessionCheck: string;
        probe: string;
        json?: boolean;
      }) => {
        const options = {
          system: o.system,
          pollMs: seconds(o.poll, '--poll') * 1000,
          retryMaxMs: seconds(o.retryMax, '--retry-max') * 1000,
          keepaliveMs: seconds(o.keepalive, '--keepalive') * 1000,
          sessionIdleMs: o.sessionIdle === undefined ? undefined : minutes(o.sessionIdle, '--session-idle') * 60_000,
          sessionCheckMs: seconds(o.sessionCheck, '--session-check') * 1000,
          probeMs: o.probe === '0' ? 0 : seconds(o.probe, '--probe') * 1000,
        };
        const c = ctx();
        const thresholds = loadThresholds(thresholdsFile(c)).thresholds;
        // --once --json prints only the results: the notes of the run are not needed on a cron job's stderr then.
        const note = o.once && o.json ? () => {} : (t: string) => process.stderr.write(`${stamp()} ${t}\n`);
        const daemon = new CollectDaemon(
          c,
          { ...options, thresholds, thresholdsFile: thresholdsFile(c) },
          {
            knownHosts: knownHostsOf(c.home),
            notify: notifyRuntime(c, note),
            retention: backgroundRetention(c, note, false),
            note,
          },
        );
        if (!o.once) return daemon.run(untilStopSignal());
        const results = await daemon.once();
        if (o.json) printJson(results);
        else for (const r of results) print(r.ok ? `${r.host}: read to the end\n` : `${r.host}: FAILED: ${r.error}\n`);
        if (results.some((r) => !r.ok)) process.exitCode = 1;
      },
    );
}
