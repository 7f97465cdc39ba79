// journald's Storage= setting (journald.conf, then its drop-ins, the last one wins): where the journal keeps
// entries, and whether it keeps any.
import { assignmentLines, type ConfigLine } from './config-lines.js';
import type { Change } from './report-types.js';
import type { ServerFiles } from './server-files.js';

const JOURNALD_CONF = '/etc/systemd/journald.conf';

/** What Storage= means for msgmon: a miss with its fix (none), a note (volatile, auto without /var/log/journal), or nothing. */
export function journalStorage(files: ServerFiles): { miss: string | null; change: Change | null; note: string | null } {
  const lines: ConfigLine[] = [JOURNALD_CONF, ...files.matches('/etc/systemd/journald.conf.d/*.conf')].flatMap((p) => assignmentLines(p, files.text(p) ?? ''));
  const last = [...lines].reverse().find((l) => l.key === 'Storage');
  const storage = (last?.value ?? 'auto').toLowerCase();
  if (storage === 'none') {
    return {
      miss: 'journald keeps no entries (Storage=none): there is nothing to read',
      note: null,
      change: {
        file: last!.file,
        line: last!.line,
        now: last!.text,
        set: 'Storage=persistent',
        why: 'keeps the journal in /var/log/journal; then restart systemd-journald',
      },
    };
  }
  const persistent = storage === 'persistent' || (storage === 'auto' && files.get('/var/log/journal')?.exists);
  return {
    miss: null,
    change: null,
    note: persistent
      ? null
      : `the journal is kept in memory only (Storage=${storage}${storage === 'auto' ? ', no /var/log/journal' : ''}): entries before a reboot are gone; a running collector reads them as they come`,
  };
}
