// The doctor's verdict for one system: every server program found, judged from the files read.
import type { DoctorReport, ServerCheck } from './report-types.js';
import type { ServerFiles } from './server-files.js';
import { checkSshd } from './sshd-check.js';
import { checkVsftpd } from './vsftpd-check.js';
import { checkProftpd } from './proftpd-check.js';
import { checkPureftpd } from './pureftpd-check.js';
import { checkAuditd } from './auditd-check.js';

/** What the checks need besides the files. */
export interface DiagnoseOptions {
  system: string;
  /** Paths and globs whose readers should be recorded (watch lists' sensitive paths, --watch): audit watches. */
  watchedPaths?: readonly string[];
}

/** Server checks in report order; each returns null when its program is not configured on the server. */
const CHECKS: Array<(files: ServerFiles, system: string) => ServerCheck | null> = [checkSshd, checkVsftpd, checkProftpd, checkPureftpd];

/** Judges the server from what was read. Run it again after fetching `files.wanted()` until nothing is wanted. */
export function diagnose(files: ServerFiles, o: DiagnoseOptions): DoctorReport {
  const servers = [...CHECKS.map((check) => check(files, o.system)), checkAuditd(files, o.system, o.watchedPaths ?? [])].filter(
    (c): c is ServerCheck => c !== null,
  );
  return {
    system: o.system,
    user: files.facts.user,
    groups: files.facts.groups,
    zone: files.facts.zone,
    offset: files.facts.offset,
    servers,
    missing: servers.some((s) => s.misses.length > 0),
  };
}
