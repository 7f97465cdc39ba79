// Printing results: JSON for machines, aligned sanitized tables for people, one-line errors on stderr.
// Every command prints through `print`/`printAsync`, so output through a pipe is complete whatever the reader's
// speed (the run waits for stdout to drain before it exits) and a reader that stops early (`| head`) ends it quietly.
import { sanitizeForTerminal } from '../core/sanitize.js';
import { needsComment, type Message } from '../core/types.js';

/** Set once the reader of stdout has gone (EPIPE): nothing more is written. */
let readerGone = false;

/**
 * Writes text for people to stdout, each line sanitized: rule descriptions, program and user names come from
 * remote logs and must not drive the terminal. Node queues what a full pipe cannot take yet; `drainOutput` waits.
 */
export function print(text: string): void {
  if (!readerGone) process.stdout.write(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(text) ? text.split('\n').map(sanitizeForTerminal).join('\n') : text);
}

/** Writes data (JSON, a rule file) to stdout as it is: its own escaping keeps it valid. */
export function printData(text: string): void {
  if (!readerGone) process.stdout.write(text);
}

/** Writes text to stdout and waits while the pipe is full: for streams of any size (exports) without holding them in memory. */
export async function printAsync(text: string): Promise<void> {
  if (readerGone) return;
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      resolve();
    };
    process.stdout.on('drain', done);
    process.stdout.on('close', done);
  });
}

/** True once the reader of stdout stopped reading: a long-running listing may stop early. */
export function outputClosed(): boolean {
  return readerGone;
}

/** Resolves when everything written to stdout and stderr has reached the pipe, file or terminal (or its reader is gone). */
export async function drainOutput(): Promise<void> {
  const flush = (s: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => {
      if (s.destroyed || s.writableLength === 0) return resolve();
      // Writes complete in order: the callback of an empty write comes after every earlier one (or with their error).
      s.write('', () => resolve());
    });
  await flush(process.stdout);
  await flush(process.stderr);
}

/**
 * A reader that closes the pipe early (`msgmon log | head -1`) is not an error: the run ends at once, quietly,
 * with exit 0 (or the code already decided), as Unix tools do. `cleanup` closes what the run opened.
 */
export function endQuietlyOnClosedPipe(cleanup: () => void): void {
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    readerGone = true;
    try {
      cleanup();
    } finally {
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    }
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

/** Prints a value as JSON on stdout (nothing else goes to stdout with --json). */
export function printJson(value: unknown): void {
  printData(JSON.stringify(value, null, 2) + '\n');
}

/** A message in the --json shape of DESIGN §3. */
export function messageJson(m: Message): Record<string, unknown> {
  return {
    id: m.id,
    time: new Date(m.time).toISOString(),
    system: m.system,
    source: m.source,
    msgId: m.msgId,
    severity: m.severity,
    text: m.text,
    fields: m.fields,
    session: m.session,
    console: m.console,
    ack: m.ack === null ? null : new Date(m.ack).toISOString(),
    rules: m.rules,
    highlight: m.highlight,
    inquiry: m.inquiry,
    tags: m.tags,
    ...(needsComment(m) ? { commentRequired: true } : {}),
    raw: m.raw,
  };
}

/** Prints rows as an aligned table; every cell is sanitized, the last column is not padded. */
export function printTable(headings: string[], rows: Array<Array<string | number>>): void {
  const cells = rows.map((r) => r.map((c) => sanitizeForTerminal(String(c))));
  // A loop, not Math.max(...cells): a spread of 100,000 rows overflows the call stack.
  const widths = headings.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  print([line(headings), ...cells.map(line)].join('\n') + '\n');
}

/** Messages as a table: id, date/time (UTC), system, msgId, severity, text. */
export function printMessages(msgs: Message[]): void {
  printTable(
    ['ID', 'Time (UTC)', 'System', 'Msg ID', 'Sev', 'Text'],
    msgs.map((m) => [m.id, new Date(m.time).toISOString().slice(0, 19).replace('T', ' '), m.system, m.msgId, m.severity, m.text]),
  );
}
