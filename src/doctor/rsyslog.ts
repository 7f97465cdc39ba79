// Where rsyslog writes a facility's lines, in which file template, and how it creates the files: read from
// /etc/rsyslog.conf and what it includes, in order (a template directive applies to the actions after it).
import { absoluteIn } from './config-lines.js';
import type { CreatedAs } from './log-access.js';
import type { ServerFiles } from './server-files.js';

/** rsyslog's main configuration file. */
export const RSYSLOG_CONF = '/etc/rsyslog.conf';

/** One file action that receives the facility's info lines. */
export interface SyslogRoute {
  file: string;
  /** The configuration file and line of the rule. */
  conf: string;
  line: number;
  text: string;
  /** The file template (RSYSLOG_FileFormat is rsyslog 8's default). */
  template: string;
}

/** A rule line with its selector (`auth,authpriv.*`). */
export type SyslogRule = { selector: string } & SyslogRoute;

/** rsyslog's setup as far as log files go. */
export interface RsyslogSetup {
  confs: string[];
  /** Every rule line with a file action, in order, with the template in force. */
  rules: SyslogRule[];
  createdAs: CreatedAs;
}

const PRIORITIES_WITH_INFO = new Set(['*', 'debug', 'info', '=info']);

/** Parses a legacy selector + file action (`auth,authpriv.*  -/var/log/auth.log;TEMPLATE`) or an omfile action(). */
function fileAction(t: string): { selector: string; file: string; template: string | null } | null {
  const m = /^(\S*\.\S*)\s+(.+)$/.exec(t);
  if (!m || m[1]!.startsWith('$') || /^(if|module|input|template|global|ruleset)\b/.test(t)) return null;
  const action = m[2]!.trim();
  const legacy = /^-?(\/[^;\s]+)(?:;(\S+))?$/.exec(action);
  if (legacy) return { selector: m[1]!, file: legacy[1]!, template: legacy[2] ?? null };
  const script = /^action\s*\((.*)\)$/i.exec(action);
  if (script && /type\s*=\s*"omfile"/i.test(script[1]!)) {
    const file = /\bfile\s*=\s*"([^"]+)"/i.exec(script[1]!);
    const template = /\btemplate\s*=\s*"([^"]+)"/i.exec(script[1]!);
    if (file) return { selector: m[1]!, file: file[1]!, template: template?.[1] ?? null };
  }
  return null;
}

/** rsyslog's rules and file settings, or null when /etc/rsyslog.conf does not exist (rsyslog not installed). */
export function rsyslogSetup(files: ServerFiles): RsyslogSetup | null {
  if (files.text(RSYSLOG_CONF) === null) return null;
  const setup: RsyslogSetup = { confs: [], rules: [], createdAs: { owner: 'root', group: 'root', mode: '644' } };
  let template = 'RSYSLOG_FileFormat';
  const walk = (path: string) => {
    setup.confs.push(path);
    (files.text(path) ?? '').split('\n').forEach((raw, i) => {
      const t = raw.trim();
      if (!t || t.startsWith('#')) return;
      const legacy = /^\$(\w+)\s+(\S+)/.exec(t);
      if (legacy) {
        const [key, value] = [legacy[1]!.toLowerCase(), legacy[2]!];
        if (key === 'actionfiledefaulttemplate') template = value;
        else if (key === 'fileowner') setup.createdAs.owner = value;
        else if (key === 'filegroup') setup.createdAs.group = value;
        else if (key === 'filecreatemode') setup.createdAs.mode = value.replace(/^0(?=\d{3})/, '');
        else if (key === 'includeconfig') files.matches(absoluteIn('/etc', value)).forEach(walk);
        return;
      }
      const omfile = /^module\s*\(\s*load\s*=\s*"builtin:omfile".*?template\s*=\s*"([^"]+)"/i.exec(t);
      if (omfile) return void (template = omfile[1]!);
      const inc = /^include\s*\(.*?file\s*=\s*"([^"]+)"/i.exec(t);
      if (inc) return void files.matches(absoluteIn('/etc', inc[1]!)).forEach(walk);
      const a = fileAction(t);
      if (a) setup.rules.push({ selector: a.selector, file: a.file, conf: path, line: i + 1, text: t, template: a.template ?? template });
    });
  };
  walk(RSYSLOG_CONF);
  return setup;
}

/** True when a selector (`*.*;auth,authpriv.none`) takes info lines of the facility; later parts override earlier ones. */
export function selectorTakes(selector: string, facility: string): boolean {
  let takes = false;
  for (const part of selector.split(';')) {
    const dot = part.lastIndexOf('.');
    if (dot < 0) continue;
    const facs = part
      .slice(0, dot)
      .split(',')
      .map((f) => f.trim().toLowerCase());
    const prio = part
      .slice(dot + 1)
      .trim()
      .toLowerCase();
    if (!facs.includes(facility) && !facs.includes('*')) continue;
    takes = prio !== 'none' && PRIORITIES_WITH_INFO.has(prio);
  }
  return takes;
}

/** The files that receive a facility's info lines (e.g. `auth`: sshd and internal-sftp -f AUTH). */
export function routesOf(setup: RsyslogSetup, facility: string): SyslogRule[] {
  return setup.rules.filter((r) => selectorTakes(r.selector, facility.toLowerCase()));
}

/** What a file template writes in front of each line, in words. */
export function templateEnvelope(template: string): string {
  switch (template) {
    case 'RSYSLOG_TraditionalFileFormat':
      return 'RFC 3164 (`Nov 25 11:24:25 host tag[pid]:`, no year, no zone)';
    case 'RSYSLOG_FileFormat':
      return 'rsyslog file format (`2026-11-25T11:24:25.818878+00:00 host tag[pid]:`, RFC 3339 time)';
    case 'RSYSLOG_SyslogProtocol23Format':
      return 'RFC 5424';
    default:
      return `rsyslog template ${template}`;
  }
}

/** True when lines carry no year and no zone, so the source needs the server's zone. */
export function templateIsLocalTime(template: string): boolean {
  return template === 'RSYSLOG_TraditionalFileFormat';
}
