// `msgmon ingest`: one file or stdin into the store, with counts (and a progress bar on a terminal).
import fs from 'node:fs';
import type { Command } from 'commander';
import { fileCursorKey, ingest, type IngestResult } from '../pipeline/ingest.js';
import { lockSource } from '../store/source-lock.js';
import { RuleStep } from '../pipeline/rule-step.js';
import { notifyRuntime } from './notify-wiring.js';
import { UsageError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';
import { SESSION_IDLE_HELP, sessionIdleSeconds } from './session-idle.js';
import { progressBar } from './progress.js';
import { ZONE_FLAGS, ZONE_HELP, zoneOption } from './zone-option.js';

const n = (v: number) => v.toLocaleString('en-US');

/**
 * Takes the file's source lock (one writer per file and home): a second ingest of the same file waits for the
 * first and then reads only what the first left. Stdin has no cursor and needs none; a missing file gets no lock
 * (ingest says what is wrong with it).
 */
async function lockFile(c: CliContext, system: string, file: string): Promise<() => void> {
  if (file === '-') return () => {};
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return () => {};
  }
  return lockSource(c.home.runDir, fileCursorKey(system, real), (holder) =>
    process.stderr.write(`msgmon: waiting: ${real} is being read into this home by ${holder}; this run goes on from where it stops\n`),
  );
}

/** Registers the ingest command. */
export function registerIngest(program: Command, ctx: () => CliContext): void {
  program
    .command('ingest')
    .description('read log lines from a file (resuming where the last ingest of it stopped) or stdin into the store')
    .argument('[file]', "log file, or '-' for standard input", '-')
    .requiredOption('--system <name>', 'system the lines come from')
    .requiredOption('--format <names>', 'format(s) of the lines, comma separated (see: msgmon formats list)')
    .option('--source <name>', 'source name on the messages (default: the file name without .log; for stdin the first format)')
    .option('--rescan', 'read the file from its start; refused when this home has read it before (nothing is stored twice)')
    .option(ZONE_FLAGS, ZONE_HELP)
    .option('--session-idle <seconds>', SESSION_IDLE_HELP)
    .option('--json', 'print the counts as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon ingest --system web1 --format vsftpd /var/log/vsftpd.log
  msgmon ingest --system web1 --format sshd,sftp /var/log/auth.log --json
  msgmon ingest --system web2 --format sshd,sftp --zone Europe/Berlin /var/log/secure
  ssh web1 cat /var/log/xferlog | msgmon ingest --system web1 --format xferlog -
  msgmon ingest --system web2 --format vsftpd --session-idle 600 /var/log/vsftpd.log
Sessions with no line for the server's idle timeout end (FTP0041): in the log's time as it is read, and at
its end by the clock (an old file's last sessions end too).
A second ingest of a file that one is reading into the same home waits for it (naming its pid), then reads
only what was appended meanwhile: no line is stored twice.`,
    )
    .action(
      async (file: string, o: { system: string; format: string; source?: string; rescan?: boolean; zone?: string; sessionIdle?: string; json?: boolean }) => {
        const zone = zoneOption(o.zone);
        const idle = sessionIdleSeconds(o.sessionIdle);
        const c = ctx();
        const formats = o.format
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!formats.length) throw new UsageError('--format needs at least one format name');
        c.formats.resolve(formats);
        const say = (note: string) => process.stderr.write(`msgmon: ${note}\n`);
        const notify = notifyRuntime(c, say);
        let queued = 0;
        const rules = RuleStep.fromConfig(c.catalog, c.home.configFile, say, (items) => {
          queued += items.length;
          notify.hook(items);
        });
        const unlock = await lockFile(c, o.system, file);
        const bar = progressBar(`ingest ${file}`, !o.json && process.stderr.isTTY === true);
        let r: IngestResult;
        try {
          r = await ingest(c.store, c.formats, c.catalog, {
            system: o.system,
            formats,
            file,
            source: o.source,
            rescan: o.rescan,
            zone,
            rules,
            idleMs: idle === undefined ? undefined : idle * 1000,
            onProgress: bar.update,
            // Parsing a file overlaps storing it (a worker thread reads and parses, this one stores).
            worker: true,
          });
        } finally {
          bar.done();
          unlock();
        }
        const rate = r.seconds > 0 ? Math.round(r.lines / r.seconds) : r.lines;
        // A one-shot run sends what its messages asked for before it ends (open digests closed now); retries wait for collect.
        const sent = queued ? await notify.sender.drain(15_000) : null;
        const notifications = sent ? { asked: queued, ...sent, pending: notify.tables.due(Number.MAX_SAFE_INTEGER, 1000).length } : undefined;
        if (o.json) return printJson({ ...r, rules: rules.engine.size, linesPerSecond: rate, ...(notifications ? { notifications } : {}) });
        const out = [
          `Ingested ${n(r.lines)} lines from ${r.file} in ${r.seconds.toFixed(2)} s (${n(rate)} lines/s)`,
          `  messages ${n(r.messages)}   recognised without message ${n(r.ignored)}   unparsed (MON0010) ${n(r.unparsed)}`,
        ];
        if (rules.engine.size)
          out.push(`  rules ${n(rules.engine.size)}: discarded (log option N) ${n(r.discarded)}   raised by watch rules (MON0030) ${n(r.raised)}`);
        if (notifications)
          out.push(
            `  notifications asked ${n(notifications.asked)}: sent ${n(notifications.sent)}   failed (MON0050) ${n(notifications.failed)}   left for msgmon collect ${n(notifications.pending)}`,
          );
        if (r.ended) out.push(`  sessions ended by the idle timeout, no logout line (FTP0041) ${n(r.ended)}`);
        const other = Object.entries(r.unclaimed);
        if (other.length) out.push(`  lines of other programs: ${other.map(([p, k]) => `${p} ${n(k)}`).join(', ')}`);
        for (const [id, k] of Object.entries(r.byMsgId).sort()) out.push(`  ${id} ${n(k).padStart(10)}  ${c.catalog.help(id)?.template ?? ''}`);
        for (const note of r.notes) out.push(`note: ${note}`);
        print(out.join('\n') + '\n');
      },
    );
}
