// Pure-FTPd: it logs through syslog (facility ftp); its settings are one file per option in /etc/pure-ftpd/conf
// (Debian's wrapper turns them into flags) or lines of /etc/pure-ftpd/pure-ftpd.conf (RHEL).
import { keywordLines } from './config-lines.js';
import type { Change, ServerCheck } from './report-types.js';
import type { ServerFiles } from './server-files.js';
import { syslogVerdict } from './syslog-destination.js';

const CONF_DIR = '/etc/pure-ftpd/conf';
const CONF_FILE = '/etc/pure-ftpd/pure-ftpd.conf';

/** Judges Pure-FTPd's settings; null when neither its conf folder nor its conf file exists. */
export function checkPureftpd(files: ServerFiles, system: string): ServerCheck | null {
  const dirFiles = files.matches(`${CONF_DIR}/*`);
  const confText = files.text(CONF_FILE);
  if (!dirFiles.length && confText === null) return null;
  const fromDir = dirFiles.length > 0;
  const setting = (key: string): string | null => {
    if (fromDir) return files.text(`${CONF_DIR}/${key}`)?.trim() ?? null;
    return keywordLines(CONF_FILE, confText ?? '').find((l) => l.key === key)?.value ?? null;
  };
  const c: ServerCheck = { server: 'Pure-FTPd', config: fromDir ? dirFiles : [CONF_FILE], sees: [], misses: [], changes: [], sources: [], notes: [] };
  const facility = (setting('SyslogFacility') ?? 'ftp').toLowerCase();
  const yes = (v: string | null) => v !== null && /^(yes|on|1)$/i.test(v);
  const change = (key: string, value: string, why: string): Change => {
    if (fromDir) return { file: `${CONF_DIR}/${key}`, line: null, now: files.text(`${CONF_DIR}/${key}`)?.trim() ?? null, set: value, why };
    const l = keywordLines(CONF_FILE, confText ?? '').find((x) => x.key === key);
    return { file: CONF_FILE, line: l?.line ?? null, now: l?.text ?? null, set: `${key} ${value}`, why };
  };
  if (facility === 'none') {
    c.misses.push('everything: SyslogFacility none turns logging off');
    c.changes.push(change('SyslogFacility', 'ftp', 'logs logons, transfers and logouts to syslog facility ftp; then restart pure-ftpd'));
    return c;
  }
  c.sees.push(`logons, refused logons, uploads and downloads with bytes, deletes, renames, failures and logouts (syslog facility ${facility})`);
  if (!yes(setting('LogPID'))) {
    c.misses.push('sessions: without LogPID (-1) the lines carry no process id, so they cannot be told apart per connection');
    c.changes.push(change('LogPID', 'yes', 'puts the pid in every line (one session per connection); then restart pure-ftpd'));
  }
  if (!yes(setting('VerboseLog'))) c.notes.push('VerboseLog (-d) would add every command; msgmon recognises them without messages: not needed');
  const alt = setting('AltLog');
  if (alt) c.notes.push(`AltLog ${alt}${alt.startsWith('xferlog:') ? ': transfers only, repeats the syslog lines' : ': not read by msgmon'}`);
  const v = syslogVerdict(files, facility, `Pure-FTPd lines (facility ${facility})`, {
    system,
    suffix: 'pureftpd',
    formats: ['pureftpd'],
    journal: { identifier: 'pure-ftpd' },
  });
  if (v.place) c.notes.push(`facility ${facility} goes to ${v.place}`);
  c.misses.push(...v.misses);
  c.changes.push(...v.changes);
  c.notes.push(...v.notes);
  c.sources.push(...v.sources);
  return c;
}
