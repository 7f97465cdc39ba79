// `msgmon log export --format csv|jsonl`: the Activity Log for auditors, streamed page by page, each row with its
// hash and the hash it chains to, ending with a record of the chain's start and head (checked by log verify --export).
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-format.js';
import { exportReaderOf, fileSink, writeLogExport, type Sink } from './export-writer.js';
import { logFilterOptions, logQuery, type LogFilters } from './messages.js';
import { outputClosed, print, printAsync, printJson } from './output.js';

/** Standard output, through the CLI's writer (it waits for drain and ends quietly when the reader is gone). */
const stdoutSink: Sink = {
  write: printAsync,
  end: async () => {},
  get closed() {
    return outputClosed();
  },
};

/** The filters given, for the end record (as typed, so an auditor sees what was asked). */
function filtersOf(o: LogFilters): Record<string, string> {
  const keys = ['since', 'until', 'system', 'user', 'msgid', 'session', 'text'] as const;
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]!]));
}

/** Registers `log export` under the log command. */
export function registerLogExport(log: Command, ctx: () => CliContext): void {
  logFilterOptions(
    log
      .command('export')
      .description('write the Activity Log (or the messages matching the filters) as CSV or JSON lines for auditors, with its hash chain')
      .requiredOption('--format <format>', `${EXPORT_FORMATS.join(' or ')}`),
  )
    .option('--out <file>', 'write to this file (mode 0600) instead of standard output')
    .option('--json', 'with --out: print the summary as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon log export --format csv --out audit-2026-11.csv --since 2026-11-01 --until 2026-12-01
  msgmon log export --format jsonl --user thomask | gzip > thomask.jsonl.gz
  msgmon log verify --export audit-2026-11.csv     check the file later, without the store
Rows come in id (chain) order with their hash and the previous row's hash; the last record holds the chain
start and head. A filtered export proves each row and the links between consecutive ids; a whole export
proves that no row is missing.`,
    )
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<LogFilters & { format: string; out?: string; json?: boolean }>();
      if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format '${o.format}' is not csv or jsonl`);
      const format = o.format as ExportFormat;
      // CSV carries remote text verbatim (the evidence), terminal escapes included: never onto a terminal.
      if (format === 'csv' && o.out === undefined && process.stdout.isTTY === true) {
        throw new UsageError(
          'a CSV export holds remote text verbatim, terminal escapes included: write it to a file with --out FILE, pipe it (| less), or use --format jsonl',
        );
      }
      const query = logQuery(o);
      const sink = o.out === undefined ? stdoutSink : await fileSink(o.out);
      const trailer = await writeLogExport(exportReaderOf(ctx()), query, format, sink, filtersOf(o));
      if (o.out === undefined) return;
      if (o.json) printJson({ file: o.out, format, ...trailer });
      else
        print(`Exported ${trailer.rows.toLocaleString('en-US')} messages to ${o.out} (${format}); chain head: row ${trailer.head.id} ${trailer.head.hash}\n`);
    });
}
