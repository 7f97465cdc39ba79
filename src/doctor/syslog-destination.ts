// Where a program's syslog lines end up on a server — a file rsyslog writes, the journal, or nowhere — and
// what msgmon needs to read them: the source to add, the access to grant, the zone of zone-less lines.
import { journalAccess, logAccess } from './log-access.js';
import { journalStorage } from './journald.js';
import type { Change, SourcePlan } from './report-types.js';
import { routesOf, rsyslogSetup, templateEnvelope, templateIsLocalTime, type SyslogRule } from './rsyslog.js';
import type { ServerFiles } from './server-files.js';

/** What a check learns about one facility's lines. */
export interface SyslogVerdict {
  /** Where the lines go, in words (for `sees`), or null when nowhere msgmon can read. */
  place: string | null;
  misses: string[];
  changes: Change[];
  notes: string[];
  sources: SourcePlan[];
}

/** Options of a source suggestion. */
export interface SourceRequest {
  system: string;
  /** Suffix of the suggested source name (`auth`, `ftp`). */
  suffix: string;
  formats: string[];
  /** Journal selection when lines are only in the journal. */
  journal: { unit?: string; identifier?: string };
}

/** The `msgmon sources add` command line for a plan. */
export function sourceCommand(system: string, p: Omit<SourcePlan, 'command'>): string {
  const where = p.path ? `--path ${p.path}` : p.journal ? `--journal ${p.journal}` : `--identifier ${p.identifier}`;
  const zone = p.zone ? ` --zone ${p.zone}` : '';
  return `msgmon sources add ${p.name} --system ${system} --format ${p.formats.join(',')} ${where}${zone}`;
}

/** The route a source should read: a rule naming the facility beats a catch-all (`*.*`). */
function bestRoute(routes: SyslogRule[], facility: string): SyslogRule {
  const named = routes.find((r) =>
    r.selector
      .toLowerCase()
      .split(';')
      .some((part) => part.split('.')[0]!.split(',').includes(facility)),
  );
  return named ?? routes[0]!;
}

/** Judges where `facility`'s info lines go and how msgmon reads them. */
export function syslogVerdict(files: ServerFiles, facility: string, what: string, req: SourceRequest): SyslogVerdict {
  const v: SyslogVerdict = { place: null, misses: [], changes: [], notes: [], sources: [] };
  const fac = facility.toLowerCase();
  const zone = files.facts.zone ?? files.facts.offset;
  const utc = /^(\+0000|-0000)$/.test(files.facts.offset);
  const rsyslog = rsyslogSetup(files);
  const name = `${req.system}-${req.suffix}`;
  if (rsyslog) {
    const routes = routesOf(rsyslog, fac);
    if (!routes.length) {
      v.misses.push(`${what}: rsyslog writes facility ${fac} to no file`);
      v.changes.push({
        file: '/etc/rsyslog.d/msgmon.conf',
        line: null,
        now: null,
        set: `${fac}.* /var/log/${fac === 'auth' ? 'auth' : fac}.log`,
        why: `writes ${what} to a file msgmon reads; then restart rsyslog`,
      });
      return v;
    }
    const r = bestRoute(routes, fac);
    v.place = `${r.file} (${r.conf} line ${r.line}: ${r.text})`;
    v.notes.push(`${r.file}: ${templateEnvelope(r.template)}`);
    const local = templateIsLocalTime(r.template) && !utc;
    if (local) v.notes.push(`${r.file} has local times without a zone: the server's zone is ${zone} (the source's --zone)`);
    const acc = logAccess(files.facts, files.get(r.file), r.file, 'rsyslog', rsyslog.createdAs);
    if (acc.miss) v.misses.push(`${what}: ${acc.miss}`);
    if (acc.change) v.changes.push(acc.change);
    if (acc.note) v.notes.push(acc.note);
    const plan = { name, formats: req.formats, path: r.file, zone: local ? zone : undefined };
    v.sources.push({ ...plan, command: sourceCommand(req.system, plan) });
    return v;
  }
  if (files.facts.journald) {
    v.place = 'the systemd journal (no rsyslog)';
    const acc = journalAccess(files.facts);
    if (acc.miss) v.misses.push(`${what}: ${acc.miss}`);
    if (acc.change) v.changes.push(acc.change);
    const storage = journalStorage(files);
    if (storage.miss) v.misses.push(`${what}: ${storage.miss}`);
    if (storage.change) v.changes.push(storage.change);
    if (storage.note) v.notes.push(storage.note);
    const plan = { name, formats: req.formats, journal: req.journal.unit, identifier: req.journal.unit ? undefined : req.journal.identifier };
    v.sources.push({ ...plan, command: sourceCommand(req.system, plan) });
    return v;
  }
  v.misses.push(`${what}: no rsyslog (/etc/rsyslog.conf) and no journald socket: syslog lines are lost`);
  v.changes.push({ file: null, line: null, now: null, set: 'apt install rsyslog   (RHEL: dnf install rsyslog)', why: `writes ${what} to /var/log` });
  return v;
}
