// Export Activity Log (F6 on the Activity Log): a format and a file; Enter starts the same export as
// `msgmon log export --format F --out FILE` for the search shown, and the list says when it is written.
import type { MessageQuery, Services } from '../../core/services.js';
import type { StatusLine } from '../screen.js';
import { PromptForm } from './prompt-form.js';

const FORMATS = ['csv', 'jsonl'] as const;

/** The export prompt; `report` receives the outcome (rows and file, or why not) when the file is written. */
export function exportPrompt(services: Services, query: MessageQuery, count: number, report: (line: StatusLine) => void): PromptForm {
  return new PromptForm(
    'export-log',
    [
      { key: 'format', label: 'Format', width: 5, hint: 'csv, jsonl' },
      { key: 'file', label: 'To file', width: 60, hint: '' },
    ],
    { format: 'csv', file: '' },
    (v) => {
      const format = (v.format ?? '').trim().toLowerCase();
      if (!(FORMATS as readonly string[]).includes(format)) return { error: `Format ${format || '(blank)'} not valid: type csv or jsonl.`, field: 'format' };
      const file = (v.file ?? '').trim();
      if (!file) return { error: 'Type the file to write (it is created with mode 0600).', field: 'file' };
      if (!services.exportLog) return { error: 'Export is not available here: use msgmon log export.' };
      services.exportLog(query, format as (typeof FORMATS)[number], file).then(
        (r) => report({ text: `Exported ${r.rows.toLocaleString('en-US')} messages to ${r.file} (${format}).`, error: false }),
        (e: Error) => report({ text: `Export failed: ${e.message}`, error: true }),
      );
      return { pop: true, message: { text: `Exporting ${count.toLocaleString('en-US')} messages to ${file}...`, error: false } };
    },
    'Every message of the search shown, oldest first, each with its hash and the hash it chains to; the last record holds the chain start and head (msgmon log verify --export FILE checks it).',
  );
}
