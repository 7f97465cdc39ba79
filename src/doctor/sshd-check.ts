// OpenSSH: what sshd and its SFTP server log (Subsystem / ForceCommand -l, LogLevel, SyslogFacility) and where.
import type { ConfigLine } from './config-lines.js';
import type { ServerCheck } from './report-types.js';
import type { ServerFiles } from './server-files.js';
import { firstLine, levelLogsInfo, sftpCommand, sshdConfig, sshdConfigPath, type SshdConfig } from './sshd-config.js';
import { syslogVerdict } from './syslog-destination.js';
import { unreadableConfig } from './log-access.js';

/** The systemd unit sshd runs in (Debian/Ubuntu `ssh.service`, RHEL `sshd.service`). */
function sshUnit(files: ServerFiles): string {
  return files.get('/usr/lib/systemd/system/sshd.service')?.exists && !files.get('/lib/systemd/system/ssh.service')?.exists ? 'sshd.service' : 'ssh.service';
}

/** The SFTP commands in force: the Subsystem line for everyone, ForceCommand internal-sftp per Match block. */
function sftpLines(cfg: SshdConfig): Array<{ line: ConfigLine; command: string; scope: string }> {
  const out: Array<{ line: ConfigLine; command: string; scope: string }> = [];
  const sub = firstLine(cfg.global, 'Subsystem', /^sftp\s/i);
  if (sub) out.push({ line: sub, command: sub.value.replace(/^sftp\s+/i, ''), scope: 'every user' });
  for (const m of cfg.matches) {
    const fc = firstLine(m.lines, 'ForceCommand');
    if (fc && sftpCommand(fc.value)) out.push({ line: fc, command: fc.value, scope: `Match ${m.match.value}` });
  }
  return out;
}

/** Judges sshd's configuration (the one the serving sshd was started with). */
export function checkSshd(files: ServerFiles, system: string): ServerCheck | null {
  const path = sshdConfigPath(files.facts);
  const cfg = sshdConfig(files, path);
  if (!cfg) {
    const f = files.get(path);
    return f?.exists && !f.readable ? unreadableConfig(files.facts, 'OpenSSH sshd', f) : null;
  }
  const c: ServerCheck = { server: 'OpenSSH sshd', config: cfg.files, sees: [], misses: [], changes: [], sources: [], notes: [] };
  const levelLine = firstLine(cfg.global, 'LogLevel');
  const level = (levelLine?.value ?? 'INFO').toUpperCase();
  const facility = (firstLine(cfg.global, 'SyslogFacility')?.value ?? 'AUTH').toUpperCase();
  if (levelLogsInfo(level)) c.sees.push(`SSH logons and failed logons (LogLevel ${level}, facility ${facility})`);
  else {
    c.misses.push(`SSH logons: LogLevel ${level} does not log them`);
    c.changes.push({
      file: levelLine!.file,
      line: levelLine!.line,
      now: levelLine!.text,
      set: 'LogLevel INFO',
      why: 'logs logons, failed logons and session ends; then reload sshd',
    });
  }
  if (level === 'INFO')
    c.notes.push('LogLevel VERBOSE would also log the key used and "User child is on pid N" (links a logon to its SFTP process); not needed');

  const facilities = new Set([facility]);
  const sftp = sftpLines(cfg);
  if (!sftp.length) c.notes.push('no sftp Subsystem: SFTP is off');
  for (const s of sftp) {
    const cmd = sftpCommand(s.command);
    if (!cmd) {
      c.notes.push(`SFTP for ${s.scope} runs ${s.command} (${s.line.file} line ${s.line.line}): not OpenSSH's sftp server, not judged`);
      continue;
    }
    if (cmd.level && levelLogsInfo(cmd.level)) {
      c.sees.push(
        `SFTP file operations of ${s.scope}: uploads, downloads, deletes, renames, directories (${cmd.program} -l ${cmd.level}, facility ${cmd.facility})`,
      );
      facilities.add(cmd.facility);
      continue;
    }
    c.misses.push(
      `SFTP file operations of ${s.scope}: ${cmd.program} ${cmd.level ? `-l ${cmd.level}` : 'without -l'} logs none (no uploads, downloads, deletes, renames)`,
    );
    const words = s.line.text.split(/\s+/);
    const lAt = words.indexOf('-l');
    const fixed = lAt >= 0 ? [...words.slice(0, lAt + 1), 'INFO', ...words.slice(lAt + 2)] : [...words, '-l', 'INFO'];
    // Without -f the SFTP lines would go to AUTH; sshd's own facility keeps them in the same file as the logons.
    const fac = words.includes('-f') ? cmd.facility : facility;
    if (!words.includes('-f') && fac !== 'AUTH') fixed.push('-f', fac);
    c.changes.push({
      file: s.line.file,
      line: s.line.line,
      now: s.line.text,
      set: fixed.join(' '),
      why: `logs every SFTP file operation of ${s.scope} to facility ${fac}; then reload sshd`,
    });
    facilities.add(fac);
  }
  const chroots = cfg.matches.filter((m) => firstLine(m.lines, 'ChrootDirectory'));
  for (const m of chroots)
    c.notes.push(`Match ${m.match.value} (${m.match.file} line ${m.match.line}) is chrooted: internal-sftp logs only with a dev/log socket inside the chroot`);

  for (const fac of facilities) {
    const v = syslogVerdict(files, fac, `sshd/SFTP lines (facility ${fac})`, {
      system,
      suffix: fac === 'AUTH' ? 'auth' : `ssh-${fac.toLowerCase()}`,
      formats: ['sshd', 'sftp'],
      journal: { unit: sshUnit(files) },
    });
    if (v.place) c.notes.push(`facility ${fac} goes to ${v.place}`);
    c.misses.push(...v.misses);
    c.changes.push(...v.changes);
    c.notes.push(...v.notes);
    c.sources.push(...v.sources.filter((p) => !c.sources.some((q) => q.path === p.path && q.journal === p.journal)));
  }
  return c;
}
