// Printing results: JSON for machines, aligned sanitized tables for people, one-line errors on stderr.
import { sanitizeForTerminal } from '../core/sanitize.js';
import type { Message } from '../core/types.js';

/** Prints a value as JSON on stdout (nothing else goes to stdout with --json). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A message in the --json shape of DESIGN §3. */
export function messageJson(m: Message): Record<string, unknown> {
  return {
    id: m.id, time: new Date(m.time).toISOString(), system: m.system, source: m.source, msgId: m.msgId,
    severity: m.severity, text: m.text, fields: m.fields, session: m.session, console: m.console,
    ack: m.ack === null ? null : new Date(m.ack).toISOString(), rules: m.rules, highlight: m.highlight, inquiry: m.inquiry,
    tags: m.tags, raw: m.raw,
  };
}

/** Prints rows as an aligned table; every cell is sanitized, the last column is not padded. */
export function printTable(headings: string[], rows: Array<Array<string | number>>): void {
  const cells = rows.map((r) => r.map((c) => sanitizeForTerminal(String(c))));
  const widths = headings.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  process.stdout.write([line(headings), ...cells.map(line)].join('\n') + '\n');
}

/** Messages as a table: id, date/time (UTC), system, msgId, severity, text. */
export function printMessages(msgs: Message[]): void {
  printTable(
    ['ID', 'Time (UTC)', 'System', 'Msg ID', 'Sev', 'Text'],
    msgs.map((m) => [m.id, new Date(m.time).toISOString().slice(0, 19).replace('T', ' '), m.system, m.msgId, m.severity, m.text]),
  );
}
