// `msgmon status history` (a metric of a system over time, from the probe's samples) and `msgmon status
// thresholds` (the thresholds in force and what is raised now).
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { parseTimeSpec } from '../core/time.js';
import { METRICS, RAW_KEEP_MS, StatusSampleTable } from '../store/status-samples.js';
import { loadThresholds } from '../status/thresholds.js';
import type { CliContext } from './context.js';
import { print, printJson, printTable } from './output.js';

/** <home>/thresholds.json: when it exists it replaces the shipped thresholds. */
export function thresholdsFile(c: CliContext): string {
  return path.join(path.dirname(c.home.configFile), 'thresholds.json');
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** Registers `status history` and `status thresholds` under the status command. */
export function registerStatusHistory(status: Command, ctx: () => CliContext): void {
  status
    .command('history')
    .description('a metric of a system over time, from the status probe: raw samples for the last 24 h, 1-minute averages (min, max) for 30 days')
    .option('--system <name>', 'the system (required)')
    .option('--metric <name>', `what to show: ${Object.keys(METRICS).join(', ')}`, 'cpu')
    .option('--key <key>', 'one file system (mount point), disk or process (pid) of the metric')
    .option('--since <time>', 'from: 15m, 1h, 7d or an ISO time (beyond 24 h: minute averages)', '1h')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon status history --system web1 --metric cpu --since 1h
  msgmon status history --system web1 --metric fs --key / --since 7d --json
  msgmon status history --system local --metric proc.write --since 15m
Metrics:
${Object.entries(METRICS)
  .map(([k, v]) => `  ${k.padEnd(12)} ${v}`)
  .join('\n')}
Samples come from msgmon collect (every --probe seconds, default 15).`,
    )
    .action((_opts: unknown, cmd: Command) => {
      // `status` has --system and --json of its own: commander gives them to it when both know them.
      const o = cmd.optsWithGlobals() as { system?: string; metric: string; key?: string; since: string; json?: boolean };
      const system = o.system;
      if (!system) throw new UsageError("required option '--system <name>' not specified");
      if (!(o.metric in METRICS)) throw new UsageError(`--metric '${o.metric}' is not a metric; known: ${Object.keys(METRICS).join(', ')}`);
      const now = Date.now();
      const since = parseTimeSpec(o.since, now);
      if (since === null) throw new UsageError(`--since '${o.since}' is not a time (15m, 1h, 7d or an ISO time)`);
      const c = ctx();
      const h = new StatusSampleTable(c.store.db).history(system, o.metric, since, now, o.key);
      if (o.json)
        return printJson({
          system: system,
          metric: o.metric,
          description: METRICS[o.metric],
          since: new Date(since).toISOString(),
          ...h,
          points: h.points.map((p) => ({ ...p, time: new Date(p.time).toISOString() })),
        });
      if (!h.points.length) {
        print(
          `No ${o.metric} samples of ${system} since ${iso(since)} UTC${since < now - RAW_KEEP_MS ? ' (minute averages)' : ''}: is msgmon collect running with its probe on?\n`,
        );
        return;
      }
      print(`${system} ${o.metric} (${METRICS[o.metric]}), ${h.resolution === 'raw' ? 'raw samples' : '1-minute averages'} since ${iso(since)} UTC:\n`);
      const withKey = h.points.some((p) => p.key !== '');
      printTable(
        [
          h.resolution === 'raw' ? 'Time (UTC)' : 'Minute (UTC)',
          ...(withKey ? ['Key'] : []),
          'Value',
          ...(h.resolution === 'minute' ? ['Min', 'Max', 'Samples'] : []),
        ],
        h.points.map((p) => [iso(p.time), ...(withKey ? [p.key] : []), p.value, ...(h.resolution === 'minute' ? [p.min, p.max, p.n] : [])]),
      );
    });

  status
    .command('thresholds')
    .description('the thresholds in force (MON0020 when raised, MON0021 when cleared) and those raised now')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon status thresholds
  msgmon status thresholds --json
The shipped list is data/status/thresholds.json; a file thresholds.json next to config.json, in the same
shape, replaces it (each threshold's tests are checked when it is loaded). msgmon collect reads it at start.`,
    )
    .action((_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean };
      const c = ctx();
      const { file, thresholds } = loadThresholds(thresholdsFile(c));
      const raised = new StatusSampleTable(c.store.db).thresholds();
      if (o.json) return printJson({ file, thresholds: thresholds.map(({ tests: _t, ...t }) => t), raised });
      print(`Thresholds from ${file}:\n`);
      printTable(
        ['Name', 'Metric', 'Warning', 'Critical', 'Samples', 'Description'],
        thresholds.map((t) => [t.name, t.metric, t.warning ?? '-', t.critical ?? '-', t.samples, t.description]),
      );
      print(raised.length ? '\nRaised now:\n' : '\nNone raised now.\n');
      if (raised.length)
        printTable(
          ['Level', 'System', 'Threshold', 'Since (UTC)', 'Detail'],
          raised.map((r) => [r.level, r.system, r.threshold, iso(r.since), r.text]),
        );
    });
}
