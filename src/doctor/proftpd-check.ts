// ProFTPD: its shipped TransferLog (xferlog: transfers only) and SystemLog (free text msgmon does not read), and
// the ExtendedLog in msgmon's LogFormat that gives every command, the connect and the session end.
import { absoluteIn, keywordLines, type ConfigLine } from './config-lines.js';
import { logAccess, unreadableConfig } from './log-access.js';
import type { ServerCheck, SourcePlan } from './report-types.js';
import type { ServerFiles } from './server-files.js';
import { sourceCommand } from './syslog-destination.js';

/** Where proftpd.conf lives: Debian/Ubuntu, then RHEL (EPEL). */
export const PROFTPD_CONFIGS = ['/etc/proftpd/proftpd.conf', '/etc/proftpd.conf'];

/** msgmon's LogFormat (README, Formats): the `proftpd` format reads ExtendedLog lines written with it. */
export const MSGMON_LOGFORMAT = '"%{%Y-%m-%dT%H:%M:%S%z}t %a [%P] %{protocol} \\"%r\\" \\"%f\\" \\"%w\\" %b %T \\"%E\\" %u %U %s %S"';
const EXTENDED_LOG = '/var/log/proftpd/msgmon.log';

/** The directive lines of proftpd.conf with its Includes (a folder includes every file in it) expanded in place. */
function directives(files: ServerFiles, path: string): { lines: ConfigLine[]; read: string[] } {
  const out = { lines: [] as ConfigLine[], read: [] as string[] };
  const walk = (p: string) => {
    out.read.push(p);
    for (const l of keywordLines(p, files.text(p) ?? '')) {
      if (l.key.toLowerCase() !== 'include') out.lines.push(l);
      else {
        const target = absoluteIn('/etc/proftpd', l.value.replace(/^"|"$/g, ''));
        files.matches(target.endsWith('/') ? `${target}*` : target).forEach(walk);
      }
    }
  };
  walk(path);
  return out;
}

/** Judges the first proftpd.conf found; null when ProFTPD is not configured here. */
export function checkProftpd(files: ServerFiles, system: string): ServerCheck | null {
  const path = PROFTPD_CONFIGS.find((p) => files.text(p) !== null);
  if (!path) {
    const f = PROFTPD_CONFIGS.map((p) => files.get(p)).find((x) => x?.exists && !x.readable);
    return f ? unreadableConfig(files.facts, 'ProFTPD', f) : null;
  }
  const { lines, read } = directives(files, path);
  const c: ServerCheck = { server: 'ProFTPD', config: read, sees: [], misses: [], changes: [], sources: [], notes: [] };
  const all = (key: string) => lines.filter((l) => l.key.toLowerCase() === key.toLowerCase());
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const msgmonFormats = new Set(
    all('LogFormat')
      .filter((l) => norm(l.value.replace(/^\S+\s+/, '')) === norm(MSGMON_LOGFORMAT))
      .map((l) => l.value.split(/\s+/)[0]!),
  );
  const extended = all('ExtendedLog')
    .map((l) => l.value.split(/\s+/))
    .find((w) => w.length >= 3 && msgmonFormats.has(w[2]!));
  const transfer = all('TransferLog').find((l) => !/^none$/i.test(l.value));
  const utc = /^[+-]0000$/.test(files.facts.offset);
  const plan = (p: Omit<SourcePlan, 'command'>): SourcePlan => ({ ...p, command: sourceCommand(system, p) });
  const access = (log: string) => {
    const a = logAccess(files.facts, files.get(log), log, 'proftpd');
    if (a.miss) c.misses.push(a.miss);
    if (a.change) c.changes.push(a.change);
    if (a.note) c.notes.push(a.note);
  };
  const systemLog = all('SystemLog')[0];
  c.notes.push(
    systemLog
      ? `SystemLog ${systemLog.value} (${systemLog.file} line ${systemLog.line}): free text, not read by msgmon`
      : 'no SystemLog: ProFTPD logs to syslog (free text, not read by msgmon)',
  );

  if (extended) {
    c.sees.push(`every command with its reply, connects, logons, failed logons, transfers and session ends (ExtendedLog ${extended[0]} in msgmon's LogFormat)`);
    access(extended[0]!);
    c.sources.push(plan({ name: `${system}-proftpd`, formats: ['proftpd'], path: extended[0]! }));
    if (transfer) c.notes.push(`TransferLog ${transfer.value} repeats the transfers: no source needed`);
    return c;
  }
  if (transfer) {
    c.sees.push(`completed and failed uploads and downloads, and deletes, with user, client, path and bytes (TransferLog ${transfer.value}, xferlog)`);
    access(transfer.value);
    c.sources.push(plan({ name: `${system}-xferlog`, formats: ['xferlog'], path: transfer.value }));
    // --zone places RFC 3164 syslog times only; an xferlog's local time is read as UTC.
    if (!utc)
      c.notes.push(
        `the xferlog has local times without a zone (${files.facts.zone ?? files.facts.offset}); msgmon reads xferlog times as UTC, so they show shifted by ${files.facts.offset}`,
      );
  }
  c.misses.push(
    `logons, failed logons, directory changes, listings, mkdir/rmdir, renames and session ends: ${transfer ? 'the TransferLog has transfers only' : 'no TransferLog and no ExtendedLog'}`,
  );
  c.changes.push({
    file: path,
    line: null,
    now: null,
    set: `LogFormat msgmon ${MSGMON_LOGFORMAT}`,
    why: "msgmon's LogFormat: one line per command with its reply",
  });
  c.changes.push({
    file: path,
    line: null,
    now: null,
    set: `ExtendedLog ${EXTENDED_LOG} ALL,CONNECT,EXIT msgmon`,
    why: `writes it to ${EXTENDED_LOG} with the connects and session ends; then restart proftpd`,
  });
  return c;
}
