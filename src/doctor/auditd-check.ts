// Data-file watch (issue 16): which FTP/SFTP users opened files under the watched directories. The kernel audit
// records it once a watch rule names the directory (`-w DIR -p rwxa -k msgmon`); the auditd format turns each
// such event into AUD0010 (read) or AUD0011 (changed) with user, path and syscall. The watched paths are the
// watch lists' sensitive paths (`msgmon watch`) and doctor's --watch; a glob is watched from its literal folder.
import type { Change, ServerCheck } from './report-types.js';
import type { ServerFiles } from './server-files.js';

const RULES_DIR = '/etc/audit/rules.d';
const RULES_FILE = `${RULES_DIR}/msgmon.rules`;
const LOADED_RULES = '/etc/audit/audit.rules';
const AUDITD_CONF = '/etc/audit/auditd.conf';
const AUDIT_LOG = '/var/log/audit/audit.log';
/** The key msgmon's watch rules carry (any key makes an event a watched-file message; this one says who asked). */
export const AUDIT_KEY = 'msgmon';

/** The folder auditd watches for a path or glob: the path itself, or the part before the first wildcard's component. */
export function watchDir(pattern: string): string {
  const parts = pattern.split('/');
  const wild = parts.findIndex((p) => /[*?[]/.test(p));
  const dir = wild === -1 ? pattern : parts.slice(0, wild).join('/');
  return dir.replace(/\/+$/, '') || '/';
}

/** The rule line (rules.d syntax) and the auditctl command that applies it now. */
export function watchRule(dir: string): { line: string; command: string } {
  const line = `-w ${dir} -p rwxa -k ${AUDIT_KEY}`;
  return { line, command: `auditctl ${line}` };
}

/** `-w DIR` lines of the rule files read, by folder: where each watch is already set. */
function existingWatches(files: ServerFiles): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of [...files.matches(`${RULES_DIR}/*.rules`), LOADED_RULES]) {
    const text = files.text(f);
    text?.split('\n').forEach((l, i) => {
      const m = /^\s*-w\s+(\S+)/.exec(l);
      if (m && !found.has(m[1]!.replace(/\/+$/, ''))) found.set(m[1]!.replace(/\/+$/, ''), `${f} line ${i + 1}`);
    });
  }
  return found;
}

/** Judges the audit set-up for the watched paths; null when no path is watched. */
export function checkAuditd(files: ServerFiles, system: string, watched: readonly string[]): ServerCheck | null {
  if (!watched.length) return null;
  const c: ServerCheck = {
    server: 'Linux audit (data-file watch)',
    config: [RULES_DIR, AUDITD_CONF],
    sees: [],
    misses: [],
    changes: [],
    sources: [],
    notes: [],
  };
  const conf = files.get(AUDITD_CONF);
  if (conf && !conf.exists) {
    c.misses.push('who opens the watched files: auditd is not installed');
    c.changes.push({
      file: null,
      line: null,
      now: null,
      set: 'apt-get install auditd   (RHEL: dnf install audit)',
      why: 'the kernel audit daemon writes audit.log',
    });
  }
  const rulesReadable = files.get(LOADED_RULES)?.readable !== false;
  if (!rulesReadable) c.notes.push(`${LOADED_RULES} is not readable by ${files.facts.user}: watches set there cannot be seen, so all are proposed`);
  const have = existingWatches(files);
  const dirs = new Map<string, string[]>();
  for (const p of watched) {
    const dir = watchDir(p);
    // A pattern matched anywhere (`*/payroll/*`) or one starting with a wildcard would mean watching every file.
    if (!p.startsWith('/') || dir === '/') c.notes.push(`sensitive path ${p}: no folder to watch (give an absolute path without a wildcard in its first part)`);
    else dirs.set(dir, [...(dirs.get(dir) ?? []), p]);
  }
  const add: Change[] = [];
  // A folder watch covers everything below it: a folder under another watched one needs no rule of its own.
  const under = (dir: string, top: string) => dir !== top && dir.startsWith(`${top}/`);
  for (const [dir, patterns] of dirs) {
    const cover = [...have.keys(), ...dirs.keys()].find((top) => under(dir, top));
    if (cover) {
      c.notes.push(`sensitive path ${patterns.join(', ')}: covered by the watch on ${cover}`);
      continue;
    }
    const where = have.get(dir);
    if (where) {
      c.sees.push(`reads and changes of files under ${dir} (watch in ${where})`);
      continue;
    }
    const rule = watchRule(dir);
    c.misses.push(`who opens files under ${dir} (sensitive path ${patterns.join(', ')}): no audit watch`);
    add.push({
      file: RULES_FILE,
      line: null,
      now: null,
      set: rule.line,
      why: `every read, write, run and attribute change under ${dir} becomes AUD0010/AUD0011 (kept at boot)`,
    });
    add.push({ file: null, line: null, now: null, set: rule.command, why: `sets the watch now, without a reboot (or: augenrules --load)` });
  }
  c.changes.push(...add);
  const log = files.get(AUDIT_LOG);
  if (log?.exists && !log.readable) {
    c.misses.push(`the audit events: ${AUDIT_LOG} (${log.owner}:${log.group} ${log.mode}) is not readable by ${files.facts.user}`);
    const group = files.facts.groups[0] ?? files.facts.user;
    c.changes.push({
      file: AUDITD_CONF,
      line: null,
      now: null,
      set: `log_group = ${group}`,
      why: `auditd creates audit.log readable by group ${group} (then service auditd restart; the folder needs g+rx too)`,
    });
  }
  c.sources.push({
    name: `${system}-audit`,
    formats: ['auditd'],
    path: AUDIT_LOG,
    command: `msgmon sources add ${system}-audit --system ${system} --format auditd --path ${AUDIT_LOG}`,
  });
  return c;
}
