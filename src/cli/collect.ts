// `msgmon collect [--once]` runs the SSH collectors; `msgmon status` shows what they are doing.
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { acquireLock, lockHolder } from '../store/collector-lock.js';
import { CollectorStatusTable, type SourceStatus } from '../store/collector-status.js';
import { takeRestartRequests } from '../store/restart-requests.js';
import { sourceLocation } from '../store/config-store.js';
import { DEFAULT_BACKOFF } from '../collectors/backoff.js';
import { Collector } from '../pipeline/collector.js';
import { followConfig } from '../pipeline/live-config.js';
import { RuleStep } from '../pipeline/rule-step.js';
import type { CliContext } from './context.js';
import { knownHostsOf } from './hosts.js';
import { print, printJson, printTable } from './output.js';

/** The collector's lock file in the home: it holds the running collector's pid. */
export function lockFile(c: CliContext): string {
  return path.join(c.home.runDir, 'collect.lock');
}

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

/** Registers collect and status. */
export function registerCollect(program: Command, ctx: () => CliContext): void {
  program.command('collect')
    .description('read the sources of every host over SSH, and the local files of system local, into the store (a foreground daemon; --once drains and exits)')
    .option('--once', 'read every source to its current end, then exit')
    .option('--system <name>', 'only the sources of this host')
    .option('--poll <seconds>', 'how often files are checked for rotation and truncation', '1')
    .option('--retry-max <seconds>', 'longest wait between reconnection attempts', String(DEFAULT_BACKOFF.maxMs / 1000))
    .option('--keepalive <seconds>', 'SSH keepalive interval; 3 unanswered mean the host is gone', '15')
    .option('--session-idle <minutes>', "a session with no line for this long ends (FTP0041 idle); default: the server's timeout of each format (vsftpd 5 min) or the source's --session-idle")
    .option('--session-check <seconds>', 'how often the server processes of open sessions are checked (FTP0041 process)', '30')
    .option('--json', 'with --once: print the result per host as JSON')
    .addHelpText('after', `
Examples:
  msgmon collect                      follow every source until Ctrl+C (SIGINT) or SIGTERM
  msgmon collect --once               catch up and exit (for cron)
  msgmon collect --system web1 --once
Sources and hosts added, changed or removed (msgmon sources/hosts) while it runs are picked up within
a second; other systems read on undisturbed.
A lost connection gives MON0002 and is retried (1 s doubling to --retry-max, with jitter); MON0001
when connected again. An unknown host key is refused (run msgmon hosts trust NAME); a changed one is
refused and gives MON0003. Only one collector runs per home. Work with Systems (msgmon, F14) shows
each system's state; its option 9 makes this collector reconnect a system at once.`)
    .action(async (o: { once?: boolean; system?: string; poll: string; retryMax: string; keepalive: string; sessionIdle?: string; sessionCheck: string; json?: boolean }) => {
      const c = ctx();
      const release = acquireLock(lockFile(c));
      const note = (t: string) => process.stderr.write(`${stamp()} ${t}\n`);
      try {
        const cfg = c.config.data;
        const collector = new Collector({
          store: c.store, status: new CollectorStatusTable(c.store.db), catalog: c.catalog, formats: c.formats, knownHosts: knownHostsOf(c),
          hosts: cfg.hosts, backoff: { baseMs: DEFAULT_BACKOFF.baseMs, maxMs: seconds(o.retryMax, '--retry-max') * 1000 },
          pollMs: seconds(o.poll, '--poll') * 1000, keepaliveMs: seconds(o.keepalive, '--keepalive') * 1000, readyTimeoutMs: 20_000, runDir: c.home.runDir,
          note: o.json ? () => {} : note,
          sessionIdleMs: o.sessionIdle === undefined ? undefined : minutes(o.sessionIdle, '--session-idle') * 60_000, sessionCheckMs: seconds(o.sessionCheck, '--session-check') * 1000,
          rules: RuleStep.fromConfig(c.catalog, c.home.configFile, note),
        }, cfg.sources, o.system);
        if (o.once) {
          const results = await collector.once();
          if (o.json) printJson(results);
          else for (const r of results) print(r.ok ? `${r.host}: read to the end\n` : `${r.host}: FAILED: ${r.error}\n`);
          if (results.some((r) => !r.ok)) process.exitCode = 1;
          return;
        }
        takeRestartRequests(c.home.runDir); // left for a collector that is gone: void
        collector.start();
        const stopFollowing = followConfig(c.home.configFile, collector, note);
        note(`collecting (pid ${process.pid}); Ctrl+C or SIGTERM stops`);
        // Restart requests of Work with Systems (9), taken once a second.
        const restarts = setInterval(() => {
          for (const system of takeRestartRequests(c.home.runDir)) {
            if (!collector.restart(system)) note(`${system}: restart asked, but this collector does not read it`);
          }
        }, 1000);
        await new Promise<void>((resolve) => {
          const stop = (sig: string) => {
            clearInterval(restarts);
            note(`${sig}: stopping`);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            resolve();
          };
          const onInt = () => stop('SIGINT');
          const onTerm = () => stop('SIGTERM');
          process.on('SIGINT', onInt);
          process.on('SIGTERM', onTerm);
        });
        await stopFollowing();
        await collector.stop();
        note('stopped');
      } finally {
        release();
      }
    });

  program.command('status')
    .description('what the collectors do: per source its state, lag and newest message (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)')
    .option('--system <name>', 'only the sources of this host')
    .option('--json', 'print JSON')
    .addHelpText('after', `
Examples:
  msgmon status
  msgmon status --system web1 --json
States: connected · retrying (next attempt in N s) · refused (host key unknown or changed) · connecting ·
stopped (no collector runs). Detail: the last error of the source (a missing or unreadable file).
Exit: 2 when a host is refused, 1 when one is retrying or a source has an error, 3 when nothing was
ever collected, else 0.`)
    .action((o: { system?: string; json?: boolean }) => {
      const c = ctx();
      const running = lockHolder(lockFile(c));
      const rows = new CollectorStatusTable(c.store.db).all();
      const now = Date.now();
      const list = c.config.data.sources.filter((s) => !o.system || s.system === o.system).map((s) => {
        const r: SourceStatus | undefined = rows.find((x) => x.source === s.name);
        // A row left by a collector that is gone (killed) is not a live state.
        const live = r && running !== null && r.pid === running;
        const state = !r ? 'never collected' : live ? r.state : 'stopped';
        return {
          source: s.name, system: s.system, reads: sourceLocation(s), path: s.path ?? null, state,
          retryInSeconds: live && r!.state === 'retrying' && r!.retryAt ? Math.max(0, Math.round((r!.retryAt - now) / 1000)) : null,
          detail: r?.detail ?? null, lagBytes: r?.lagBytes ?? null,
          lastMessage: r?.lastMessage ? new Date(r.lastMessage).toISOString() : null,
          updated: r ? new Date(r.updated).toISOString() : null, collectorPid: running,
        };
      });
      const code = list.some((l) => l.state === 'refused') ? 2 : list.some((l) => l.state === 'retrying' || l.detail) ? 1 : !list.length || list.every((l) => l.state === 'never collected') ? 3 : 0;
      process.exitCode = code;
      if (o.json) return printJson({ collectorPid: running, sources: list });
      print(running ? `Collector running (pid ${running}).\n` : 'No collector running.\n');
      if (!list.length) return void print('No sources configured.\n');
      printTable(['Source', 'System', 'State', 'Lag', 'Last message (UTC)', 'Detail'], list.map((l) => [
        l.source, l.system, l.state === 'retrying' && l.retryInSeconds !== null ? `retrying in ${l.retryInSeconds}s` : l.state === 'refused' ? 'refused: host key' : l.state,
        l.lagBytes === null ? '-' : `${l.lagBytes} B`, l.lastMessage ? l.lastMessage.slice(0, 19).replace('T', ' ') : '-', l.detail ?? '',
      ]));
    });
}
