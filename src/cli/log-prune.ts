// `msgmon log prune` and the background retention of collect and the console: settings.retentionDays, read fresh.
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { ConfigStore } from '../store/config-store.js';
import { Retention } from '../pipeline/retention.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';

/** settings.retentionDays of the home, read at every call (it may be changed while a collector runs). */
export function retentionDays(c: CliContext, note: (s: string) => void): () => number | null {
  return () => {
    try {
      return new ConfigStore(c.home.configFile).data.settings.retentionDays;
    } catch (e) {
      note(`retention skipped: ${(e as Error).message}`);
      return null;
    }
  };
}

/** Background pruning for a long-running process (collect, the console); null when it must not write. */
export function backgroundRetention(c: CliContext, note: (s: string) => void, gentle: boolean): Retention | null {
  if (c.opts.readOnly) return null;
  // The console paints between batches: small ones with longer pauses keep every key press answered at once.
  return new Retention({ db: c.store.db, days: retentionDays(c, note), note, batch: gentle ? 200 : 2000, pauseMs: gentle ? 50 : 10 });
}

/** Registers `log prune` under the log command. */
export function registerLogPrune(log: Command, ctx: () => CliContext): void {
  log
    .command('prune')
    .description('delete the messages older than settings.retentionDays now (collect and the console also do it in the background, hourly)')
    .option('--days <n>', 'keep this many days instead of settings.retentionDays')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon log prune                  keep settings.retentionDays ("retentionDays": 400 in config.json)
  msgmon log prune --days 30 --json
Messages are pruned oldest id first, each checked against the hash chain; the last one pruned becomes the
chain's checkpoint, and msgmon log verify verifies from there. A message that does not verify stops pruning.`,
    )
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ days?: string; json?: boolean }>();
      const c = ctx();
      let days: () => number | null = retentionDays(c, () => {});
      if (o.days !== undefined) {
        const d = Number(o.days);
        if (!Number.isInteger(d) || d < 1) throw new UsageError(`--days '${o.days}' must be a whole number of 1 or more`);
        days = () => d;
      } else if (days() === null) {
        throw new UserError(
          `settings.retentionDays is not set in ${c.home.configFile}: everything is kept; set it (e.g. "settings": { "retentionDays": 400 }) or give --days N`,
        );
      }
      const notes: string[] = [];
      const r = await new Retention({ db: c.store.db, days, note: (s) => notes.push(s), batch: 5000, pauseMs: 0 }).pass();
      if (o.json) printJson(r);
      else {
        print(`Pruned ${r.deleted.toLocaleString('en-US')} messages older than ${r.days} days; the chain verifies from row ${r.checkpoint} on.\n`);
        if (r.stopped) print(`${r.stopped}\n`);
      }
      if (r.stopped) process.exitCode = 1;
    });
}
