// vsftpd: which logs its vsftpd.conf makes it write (vsftpd format, xferlog, syslog), with or without the
// protocol lines, and the one change that gives what is missing.
import { assignmentLines, commentedLine, type ConfigLine } from './config-lines.js';
import { logAccess, unreadableConfig } from './log-access.js';
import type { Change, ServerCheck, SourcePlan } from './report-types.js';
import type { ServerFiles } from './server-files.js';
import { sourceCommand, syslogVerdict } from './syslog-destination.js';

/** Where vsftpd's configuration lives: Debian/Ubuntu, then RHEL. */
export const VSFTPD_CONFIGS = ['/etc/vsftpd.conf', '/etc/vsftpd/vsftpd.conf'];

/** vsftpd's defaults for the settings that decide logging (vsftpd.conf(5)). */
const DEFAULTS: Record<string, string> = {
  xferlog_enable: 'NO',
  xferlog_std_format: 'NO',
  dual_log_enable: 'NO',
  log_ftp_protocol: 'NO',
  syslog_enable: 'NO',
  use_localtime: 'NO',
  vsftpd_log_file: '/var/log/vsftpd.log',
  xferlog_file: '/var/log/xferlog',
};

const WITHOUT_PROTOCOL = 'connects, logons, failed logons, uploads and downloads (user, client, path, bytes), deletes, renames, mkdir/rmdir, chmod';
const PROTOCOL_ONLY = 'directory changes (CWD), listings (LIST), SITE commands and logouts (QUIT)';

/** The settings in force (later lines win) with the line that set each. */
function settings(path: string, text: string): { value: (k: string) => string; line: (k: string) => ConfigLine | undefined } {
  const lines = assignmentLines(path, text);
  const last = (k: string) => [...lines].reverse().find((l) => l.key === k);
  return { value: (k) => (last(k)?.value ?? DEFAULTS[k]!).trim(), line: last };
}

/** The change that sets `key=value`: replace its line, or a commented-out one, or add it. */
function setting(path: string, text: string, line: ConfigLine | undefined, key: string, value: string, why: string): Change {
  if (line) return { file: path, line: line.line, now: line.text, set: `${key}=${value}`, why };
  const c = commentedLine(text, new RegExp(`^${key}=`));
  return { file: path, line: c?.line ?? null, now: c?.text ?? null, set: `${key}=${value}`, why };
}

/** Judges the first vsftpd.conf found; null when vsftpd is not configured here. */
export function checkVsftpd(files: ServerFiles, system: string): ServerCheck | null {
  const path = VSFTPD_CONFIGS.find((p) => files.text(p) !== null);
  if (!path) {
    // RHEL ships /etc/vsftpd/vsftpd.conf root 0600.
    const f = VSFTPD_CONFIGS.map((p) => files.get(p)).find((x) => x?.exists && !x.readable);
    return f ? unreadableConfig(files.facts, 'vsftpd', f) : null;
  }
  const text = files.text(path)!;
  const s = settings(path, text);
  const yes = (k: string) => /^(yes|true|1)$/i.test(s.value(k));
  const c: ServerCheck = { server: 'vsftpd', config: [path], sees: [], misses: [], changes: [], sources: [], notes: [] };
  const enabled = yes('xferlog_enable') || yes('dual_log_enable');
  const ownLog = enabled && (yes('dual_log_enable') || !yes('xferlog_std_format'));
  const stdLog = enabled && (yes('dual_log_enable') || yes('xferlog_std_format'));
  const protocol = ownLog && yes('log_ftp_protocol');
  const utc = /^[+-]0000$/.test(files.facts.offset);
  const localTime = yes('use_localtime') && !utc;
  const protocolChange = () =>
    setting(path, text, s.line('log_ftp_protocol'), 'log_ftp_protocol', 'YES', `adds ${PROTOCOL_ONLY} to the vsftpd-format log; then restart vsftpd`);

  if (!enabled) {
    c.misses.push(`everything: vsftpd writes no log (xferlog_enable=NO)`);
    c.changes.push(setting(path, text, s.line('xferlog_enable'), 'xferlog_enable', 'YES', `writes ${WITHOUT_PROTOCOL} to ${s.value('vsftpd_log_file')}`));
    c.changes.push(protocolChange());
    return c;
  }
  const plan = (p: Omit<SourcePlan, 'command'>): SourcePlan => ({ ...p, command: sourceCommand(system, p) });
  if (ownLog) {
    const where = yes('syslog_enable') ? 'syslog' : s.value('vsftpd_log_file');
    c.sees.push(`${WITHOUT_PROTOCOL} (vsftpd format, ${where})`);
    if (protocol) c.sees.push(PROTOCOL_ONLY);
    else {
      c.misses.push(`${PROTOCOL_ONLY}: log_ftp_protocol is NO (a session then ends only by the idle timeout)`);
      c.changes.push(protocolChange());
    }
    if (yes('syslog_enable')) {
      const v = syslogVerdict(files, 'ftp', 'vsftpd lines (syslog_enable=YES, facility ftp)', {
        system,
        suffix: 'ftp',
        formats: ['vsftpd'],
        journal: { unit: 'vsftpd.service' },
      });
      if (v.place) c.notes.push(`syslog_enable=YES: the vsftpd-format lines go to ${v.place} instead of ${s.value('vsftpd_log_file')}`);
      c.misses.push(...v.misses);
      c.changes.push(...v.changes);
      c.notes.push(...v.notes);
      c.sources.push(...v.sources);
    } else {
      const log = s.value('vsftpd_log_file');
      const acc = logAccess(files.facts, files.get(log), log, 'vsftpd');
      if (acc.miss) c.misses.push(acc.miss);
      if (acc.change) c.changes.push(acc.change);
      if (acc.note)
        c.notes.push(
          `${acc.note}; vsftpd creates it root:root 0600 (Debian's logrotate re-creates it 640 root:adm), so a non-root SSH user needs it made readable`,
        );
      c.sources.push(plan({ name: `${system}-ftp`, formats: ['vsftpd'], path: log }));
    }
  }
  if (stdLog) {
    const log = s.value('xferlog_file');
    if (!ownLog) {
      c.sees.push(`completed and failed uploads and downloads with user, client, path and bytes (xferlog, ${log})`);
      c.misses.push('logons, failed logons, deletes, renames, mkdir/rmdir, directory changes, listings and sessions: the xferlog has transfers only');
      c.changes.push(
        setting(
          path,
          text,
          s.line('dual_log_enable'),
          'dual_log_enable',
          'YES',
          `keeps ${log} and also writes the vsftpd-format ${s.value('vsftpd_log_file')}; then restart vsftpd`,
        ),
      );
      c.changes.push(protocolChange());
      const acc = logAccess(files.facts, files.get(log), log, 'vsftpd');
      if (acc.miss) c.misses.push(acc.miss);
      if (acc.change) c.changes.push(acc.change);
      if (acc.note) c.notes.push(acc.note);
      c.sources.push(plan({ name: `${system}-xferlog`, formats: ['xferlog'], path: log }));
    } else c.notes.push(`${log} (xferlog) repeats the transfers of the vsftpd-format log: no source needed`);
  }
  // vsftpd's own and xferlog times carry no zone and --zone applies to syslog times only: UTC is the one right setting.
  if (localTime && !yes('syslog_enable')) {
    c.misses.push(
      `correct times: use_localtime=YES writes the server's local time (${files.facts.zone ?? files.facts.offset}) without a zone; msgmon reads vsftpd times as UTC, ${files.facts.offset} off`,
    );
    c.changes.push(
      setting(path, text, s.line('use_localtime'), 'use_localtime', 'NO', 'vsftpd writes UTC times, which msgmon reads as they are; then restart vsftpd'),
    );
  }
  return c;
}
