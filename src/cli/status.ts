// `msgmon status`: per source what the collector does, per system its unacknowledged messages, open sessions, the
// status probe's newest sample and raised thresholds, as a monitoring-plugin check: the first line is the verdict
// with perfdata after `|`, the exit code 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. It reads only the store and the
// configuration, so it answers when no collector runs (`ssh jumphost msgmon status`). Whether a source is collected
// now is decided by sourceStanding, as on Work with Systems.
import type { Command } from 'commander';
import type { ThresholdLevel } from '../core/status-types.js';
import { collectorLockFile, lockHolder } from '../store/collector-lock.js';
import { CollectorStatusTable, sourceStanding, type Verdict } from '../store/collector-status.js';
import { sourceLocation } from '../store/config-store.js';
import { StatusSampleTable } from '../store/status-samples.js';
import { loadThresholds } from '../status/thresholds.js';
import { NotifyTables } from '../store/notify-tables.js';
import type { CliContext } from './context.js';
import { print, printJson, printTable } from './output.js';
import { registerStatusHistory, thresholdsFile } from './status-history.js';
import { consoleCounts, openSessions, perfdata, type SystemReport } from './status-report.js';

const EXIT: Record<Verdict | 'UNKNOWN', number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };
const LEVEL_VERDICT: Record<Exclude<ThresholdLevel, 'OK'>, Verdict> = { WARNING: 'WARNING', CRITICAL: 'CRITICAL' };
/** A host probed alone whose newest sample is older than this is WARNING (20 missed probes at the default 15 s). */
const PROBE_STALE_S = 300;
const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** Registers status (and its history and thresholds subcommands). */
export function registerStatus(program: Command, ctx: () => CliContext): void {
  const status = program
    .command('status')
    .description(
      'per source the collector state, lag and newest message; per system unacknowledged messages, open sessions, CPU, memory, file systems and raised thresholds (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)',
    )
    .option('--system <name>', 'only this system')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon status
  msgmon status --system web1 --json
  msgmon status >/dev/null; echo $?       as a Nagios/Icinga check
  ssh jumphost msgmon status              a quick check from anywhere
  msgmon status history --system web1 --metric cpu --since 1h
  msgmon status thresholds
The first line is the verdict, then after ' | ' the perfdata of each system (lag, unacknowledged
messages, open sessions, and from the status probe CPU, memory, swap, load, file systems, FTP processes).
With --system, that system's FTP processes (IBM i: FTP server jobs) follow its line: user, client, CPU,
I/O, faults/s, memory and FTP session.
States: connected · retrying (next attempt in N s) · refused (host key unknown or changed) · connecting ·
stopped (no collector reads it now) · never collected. Detail: why the verdict is not OK.
Verdicts: CRITICAL when the running collector is refused by a host, when the collector stopped after
a failed attempt (host key refused, authentication, host unreachable), or a critical threshold is raised;
WARNING when a host is retrying, a source has an error, nobody collects a source (no collector runs, or
it does not read that system), or a warning threshold is raised; OK only for a source the running
collector reads without error; WARNING also when a notification failed for good in the last 24 h (MON0050,
msgmon channels show NAME). Exit: the worst verdict (0, 1, 2); 3 (UNKNOWN) when no source is
configured or the store or configuration cannot be read.`,
    )
    .action((o: { system?: string; json?: boolean }) => {
      try {
        report(ctx(), o);
      } catch (err) {
        // A check that cannot answer is UNKNOWN, not an error exit a monitoring system would call WARNING.
        process.exitCode = 3;
        if (o.json) return printJson({ verdict: 'UNKNOWN', error: (err as Error).message });
        print(`UNKNOWN: ${(err as Error).message}\n`);
      }
    });
  registerStatusHistory(status, ctx);
}

function report(c: CliContext, o: { system?: string; json?: boolean }): void {
  const running = lockHolder(collectorLockFile(c.home.runDir));
  const rows = new CollectorStatusTable(c.store.db).all();
  const now = Date.now();
  const list = c.config.data.sources
    .filter((s) => !o.system || s.system === o.system)
    .map((s) => {
      const r = rows.find((x) => x.source === s.name);
      const st = sourceStanding(r, running);
      const live = st.live;
      return {
        source: s.name,
        system: s.system,
        reads: sourceLocation(s),
        path: s.kind === 'file' ? s.path : null,
        state: !r ? 'never collected' : live ? live.state : 'stopped',
        verdict: st.verdict,
        why: st.why,
        retryInSeconds: live?.state === 'retrying' && live.retryAt ? Math.max(0, Math.round((live.retryAt - now) / 1000)) : null,
        detail: r?.detail ?? null,
        lagBytes: r?.lagBytes ?? null,
        lastMessage: r?.lastMessage ? new Date(r.lastMessage).toISOString() : null,
        updated: r ? new Date(r.updated).toISOString() : null,
        collectorPid: running,
      };
    });

  const table = new StatusSampleTable(c.store.db);
  const samples = table.latest(o.system);
  const raised = table.thresholds(o.system);
  const counts = consoleCounts(c.store.db);
  const sessions = openSessions(c.store.db);
  const probeOnlyHosts = c.config.data.hosts
    .filter((h) => (!o.system || h.name === o.system) && !c.config.data.sources.some((x) => x.system === h.name))
    .map((h) => h.name);
  const names = [...new Set([...list.map((l) => l.system), ...probeOnlyHosts, ...samples.map((s) => s.system)])].sort();
  const systems: SystemReport[] = names.map((system) => {
    const sample = samples.find((s) => s.system === system) ?? null;
    return {
      system,
      unacknowledged: counts.get(system) ?? { critical: 0, warning: 0, other: 0 },
      openSessions: sessions.get(system) ?? 0,
      sample,
      sampleAgeSeconds: sample ? Math.max(0, Math.round((now - sample.time) / 1000)) : null,
      thresholds: raised.filter((t) => t.system === system),
    };
  });
  // Hosts without sources are followed for their status probe alone: they are OK while a fresh sample comes in.
  const probeOnly = probeOnlyHosts.map((system) => {
    const age = systems.find((x) => x.system === system)?.sampleAgeSeconds ?? null;
    const why = !running ? 'no collector running' : age === null ? 'never probed' : age > PROBE_STALE_S ? `last probed ${age}s ago` : null;
    return { system, verdict: (why ? 'WARNING' : 'OK') as Verdict, why };
  });
  const lag = new Map<string, number>();
  for (const l of list) if (l.lagBytes !== null) lag.set(l.system, (lag.get(l.system) ?? 0) + l.lagBytes);

  // Notifications that failed for good in the last day make the verdict a WARNING at least (MON0050 is on the console).
  const tables = new NotifyTables(c.store.db);
  const failed = tables.failedSince(now - 24 * 3600_000);
  const waiting = tables.counts();
  const notifications = { failedLastDay: failed, pending: (waiting.pending ?? 0) + (waiting.open ?? 0) + (waiting.sending ?? 0), sent: waiting.sent ?? 0 };
  const verdicts: Verdict[] = [
    ...list.map((l) => l.verdict),
    ...probeOnly.map((p) => p.verdict),
    ...raised.map((t) => LEVEL_VERDICT[t.level as Exclude<ThresholdLevel, 'OK'>]),
  ];
  const fromSources = list.length || probeOnly.length ? Math.max(...verdicts.map((v) => EXIT[v])) : 3;
  const worst = failed.length ? (fromSources === 3 ? EXIT.WARNING : Math.max(fromSources, EXIT.WARNING)) : fromSources;
  const verdict = (Object.keys(EXIT) as Array<keyof typeof EXIT>).find((v) => EXIT[v] === worst)!;
  process.exitCode = worst;
  const thresholds = loadThresholds(thresholdsFile(c)).thresholds;
  const perf = perfdata(systems, lag, thresholds);
  if (o.json) return printJson({ verdict, collectorPid: running, perfdata: perf, sources: list, probeOnly, notifications, systems, thresholds: raised });

  const count = (v: Verdict) => list.filter((l) => l.verdict === v).length;
  const raisedText = raised.length ? `, ${raised.length} threshold${raised.length === 1 ? '' : 's'} raised` : '';
  const probed = probeOnly.length
    ? `${list.length ? ', ' : ''}${probeOnly.length} host${probeOnly.length === 1 ? '' : 's'} probed only (${probeOnly.filter((p) => p.verdict === 'OK').length} fresh)`
    : '';
  const sourcesText = list.length ? `${count('CRITICAL')} critical, ${count('WARNING')} warning, ${count('OK')} OK` : probed ? '' : 'no sources configured';
  print(
    `${verdict}: ${sourcesText}${probed}${raisedText}; ${running ? `collector running (pid ${running})` : 'no collector running'}.${perf ? ` | ${perf}` : ''}\n`,
  );
  for (const p of probeOnly) if (p.why) print(`WARNING: host ${p.system} (no sources, status probe only): ${p.why}\n`);
  for (const f of failed) print(`WARNING: ${f.n} notification(s) on channel ${f.channel} failed in the last 24 h (MON0050): ${f.error ?? ''}\n`);
  if (!list.length && !probeOnly.length) return;
  if (list.length)
    printTable(
      ['Verdict', 'Source', 'System', 'State', 'Lag', 'Last message (UTC)', 'Detail'],
      list.map((l) => [
        l.verdict,
        l.source,
        l.system,
        l.state === 'retrying' && l.retryInSeconds !== null ? `retrying in ${l.retryInSeconds}s` : l.state === 'refused' ? 'refused: host key' : l.state,
        l.lagBytes === null ? '-' : `${l.lagBytes} B`,
        l.lastMessage ? l.lastMessage.slice(0, 19).replace('T', ' ') : '-',
        l.why ?? '',
      ]),
    );
  print('\n');
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${Math.round(v)}%`);
  printTable(
    ['System', 'Unack 80+/50+/other', 'Sessions', 'CPU', 'Mem', 'Swap', 'Load', 'Fullest FS', 'FTP procs', 'Sampled'],
    systems.map((s) => {
      const p = s.sample;
      const fullest = p?.fs.reduce<(typeof p.fs)[number] | null>((a, f) => (!a || f.usePct > a.usePct ? f : a), null);
      return [
        s.system,
        `${s.unacknowledged.critical}/${s.unacknowledged.warning}/${s.unacknowledged.other}`,
        s.openSessions,
        pct(p?.cpu),
        p?.platform === 'ibmi' ? '-' : pct(p?.memPct),
        p?.swapTotalKb ? pct(p.swapPct) : '-',
        p && p.platform !== 'ibmi' ? p.load1.toFixed(2) : '-',
        fullest ? `${fullest.usePct}% ${fullest.mount}` : '-',
        p ? p.procs.length : '-',
        s.sampleAgeSeconds === null ? 'never (no probe)' : `${s.sampleAgeSeconds}s ago`,
      ];
    }),
  );
  const procs = o.system ? (systems[0]?.sample?.procs ?? []) : [];
  if (procs.length) {
    // One system asked for: its FTP server processes (IBM i: server jobs) with their sessions.
    print('\n');
    const rate = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '-' : `${v}${unit ? ` ${unit}` : ''}`);
    printTable(
      ['FTP process', 'User', 'Client', 'CPU', 'I/O', 'Faults/s', 'Memory', 'Session'],
      procs.map((p) => [
        systems[0]!.sample!.platform === 'ibmi' ? p.cmdline : `${p.name} ${p.pid}`,
        p.user ?? '-',
        p.client ?? '-',
        pct(p.cpu),
        p.diskIo !== undefined
          ? rate(p.diskIoRate, 'op/s')
          : rate(p.readBps === null && p.writeBps === null ? null : (p.readBps ?? 0) + (p.writeBps ?? 0), 'B/s'),
        rate(p.majfltRate, ''),
        `${p.rssKb} kB`,
        p.session ?? '-',
      ]),
    );
  }
  if (raised.length) {
    print('\n');
    printTable(
      ['Level', 'System', 'Threshold', 'Since (UTC)', 'Detail'],
      raised.map((t) => [t.level, t.system, t.threshold, iso(t.since), t.text]),
    );
  }
}
