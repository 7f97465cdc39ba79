// `msgmon status`: what the collectors do, per source, with a Nagios-style verdict and exit code (0 OK, 1 WARNING,
// 2 CRITICAL, 3 UNKNOWN). Whether a source is collected now is decided by sourceStanding, as on Work with Systems.
import type { Command } from 'commander';
import { lockHolder } from '../store/collector-lock.js';
import { CollectorStatusTable, sourceStanding, type Verdict } from '../store/collector-status.js';
import { sourceLocation } from '../store/config-store.js';
import { lockFile } from './collect.js';
import { NotifyTables } from '../store/notify-tables.js';
import type { CliContext } from './context.js';
import { print, printJson, printTable } from './output.js';

const EXIT: Record<Verdict, number> = { OK: 0, WARNING: 1, CRITICAL: 2 };

/** Registers status. */
export function registerStatus(program: Command, ctx: () => CliContext): void {
  program
    .command('status')
    .description('what the collectors do: per source its verdict, state, lag and newest message (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)')
    .option('--system <name>', 'only the sources of this host')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon status
  msgmon status --system web1 --json
  msgmon status >/dev/null; echo $?       as a Nagios/Icinga check
States: connected · retrying (next attempt in N s) · refused (host key unknown or changed) · connecting ·
stopped (no collector reads it now) · never collected. Detail: why the verdict is not OK.
Verdicts: CRITICAL when the running collector is refused by a host, or when the collector stopped after
a failed attempt (host key refused, authentication, host unreachable); WARNING when a host is retrying,
a source has an error, or nobody collects a source (no collector runs, or it does not read that system);
OK only for a source the running collector reads without error; WARNING also when a notification failed
for good in the last 24 h (MON0050, msgmon channels show NAME). Exit: the worst verdict (0, 1, 2), 3 when
no source is configured.`,
    )
    .action((o: { system?: string; json?: boolean }) => {
      const c = ctx();
      const running = lockHolder(lockFile(c));
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
      // Notifications that failed for good in the last day make the verdict a WARNING at least (MON0050 is on the console).
      const tables = new NotifyTables(c.store.db);
      const failed = tables.failedSince(now - 24 * 3600_000);
      const waiting = tables.counts();
      const notifications = { failedLastDay: failed, pending: (waiting.pending ?? 0) + (waiting.open ?? 0) + (waiting.sending ?? 0), sent: waiting.sent ?? 0 };
      const fromSources = list.length ? Math.max(...list.map((l) => EXIT[l.verdict])) : 3;
      const worst = failed.length ? (fromSources === 3 ? EXIT.WARNING : Math.max(fromSources, EXIT.WARNING)) : fromSources;
      const verdict = worst === 3 ? 'UNKNOWN' : (Object.keys(EXIT) as Verdict[]).find((v) => EXIT[v] === worst)!;
      process.exitCode = worst;
      if (o.json) return printJson({ verdict, collectorPid: running, sources: list, notifications });
      const count = (v: Verdict) => list.filter((l) => l.verdict === v).length;
      print(
        `${verdict}: ${list.length ? `${count('CRITICAL')} critical, ${count('WARNING')} warning, ${count('OK')} OK` : 'no sources configured'}; ${running ? `collector running (pid ${running})` : 'no collector running'}.\n`,
      );
      for (const f of failed) print(`WARNING: ${f.n} notification(s) on channel ${f.channel} failed in the last 24 h (MON0050): ${f.error ?? ''}\n`);
      if (!list.length) return;
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
    });
}
