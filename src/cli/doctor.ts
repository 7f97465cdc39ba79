// `msgmon doctor [HOST|--local]`: reads a server's FTP/SFTP and syslog setup (changing nothing) and tells what
// msgmon will see, what it will miss, the exact lines to change and the sources to add. Exit 1 when something is missed.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { LOCAL_SYSTEM } from '../store/config-store.js';
import { diagnose } from '../doctor/diagnose.js';
import type { DoctorReport, ServerCheck } from '../doctor/report-types.js';
import type { ServerFiles } from '../doctor/server-files.js';
import { localExec } from '../collectors/local-exec.js';
import { readServerSetup } from '../collectors/server-setup-reader.js';
import type { CliContext } from './context.js';
import { knownHostsOf, openHost } from '../services/host-connection.js';
import { hostNamed } from './hosts.js';
import { print, printJson } from './output.js';

/** One server's part of the text report. */
function serverText(s: ServerCheck): string[] {
  const out = [`${s.server}  (${s.config.join(', ')})`];
  const list = (title: string, items: string[]) => {
    if (items.length) out.push(`  ${title}:`, ...items.map((i) => `    ${i}`));
  };
  list('Sees', s.sees);
  list('Misses', s.misses);
  list(
    'Change',
    s.changes.flatMap((c) =>
      c.file === null
        ? [`run: ${c.set}`, `  (${c.why})`]
        : [c.line === null ? `${c.file}: add the line` : `${c.file} line ${c.line}: ${c.now}`, `  -> ${c.set}`, `  (${c.why})`],
    ),
  );
  list('Notes', s.notes);
  list(
    'Sources to add',
    s.sources.map((p) => p.command),
  );
  return out;
}

/** The report for people. */
function reportText(r: DoctorReport): string {
  const head = `msgmon doctor: ${r.system} (read as ${r.user}, groups ${r.groups.join(' ') || '-'}; time zone ${r.zone ?? '?'} ${r.offset})`;
  const body = r.servers.length ? r.servers.flatMap((s) => ['', ...serverText(s)]) : ['', 'No sshd, vsftpd, ProFTPD or Pure-FTPd configuration found.'];
  const end = r.missing ? 'Something is missing: make the changes above, then run msgmon doctor again.' : 'Nothing is missing.';
  // Config lines quote tabs as written; print() sanitizes what came from the server.
  return [head, ...body, '', end].join('\n').replace(/\t/g, ' ') + '\n';
}

/** Registers the doctor command. */
export function registerDoctor(program: Command, ctx: () => CliContext): void {
  program
    .command('doctor')
    .description('check what a server logs for msgmon and what one change would add (reads only, changes nothing)')
    .argument('[host]', 'a configured host (msgmon hosts list)')
    .option('--local', 'check this machine instead of a host')
    .option('--root <dir>', "read the server's files under this folder (a mounted disk or container image) instead of /")
    .option('--watch <path...>', "also propose audit watches for these paths or globs (beside the watch lists' sensitive paths)")
    .option('--json', 'print the report as JSON (shape in README)')
    .addHelpText(
      'after',
      `
Reads sshd_config (Subsystem, LogLevel, SyslogFacility, Match, Include), vsftpd.conf, proftpd.conf, Pure-FTPd's
settings, rsyslog.conf and the journald setup, looks at the log files and whether the SSH user can read them,
and the time zone. Prints per server what msgmon sees, misses, the lines to change and the sources to add.
For the watch lists' sensitive paths (msgmon watch) and --watch, the auditd watch rule that records who opens
them (auditctl -w DIR -p rwxa -k msgmon: AUD0010 read, AUD0011 changed, with user, path and syscall).
Exit 0: nothing is missing; 1: something is missing (or the host cannot be reached); 2: usage.

Examples:
  msgmon doctor web1                 what msgmon sees on web1, what it misses, the lines to change
  msgmon doctor web1 --json          the same as JSON
  msgmon doctor --local              this machine
  msgmon doctor web1 --watch /srv/ftp/payroll '/home/*/exports'   audit rules for these folders too
  msgmon doctor --local --root /mnt/web1   a system disk mounted here`,
    )
    .action(async (host: string | undefined, o: { local?: boolean; root?: string; watch?: string[]; json?: boolean }) => {
      if (!!host === !!o.local) throw new UsageError('name a configured host (msgmon doctor HOST) or give --local');
      if (o.root !== undefined && !o.root.startsWith('/')) throw new UsageError(`--root '${o.root}' must be an absolute folder`);
      const root = (o.root ?? '').replace(/\/+$/, '');
      const c = ctx();
      for (const w of o.watch ?? []) if (!w.startsWith('/')) throw new UsageError(`--watch '${w}' must be an absolute path or glob`);
      const watchedPaths = [...new Set([...(c.config.data.watchlists?.sensitivePaths ?? []), ...(o.watch ?? [])])];
      const judge = (system: string) => (files: ServerFiles) => diagnose(files, { system, watchedPaths });
      let report: DoctorReport;
      if (o.local) report = await readServerSetup(localExec, judge(LOCAL_SYSTEM), root);
      else {
        const h = hostNamed(c, host!);
        const conn = await openHost(c, c.config.data.hosts, h, knownHostsOf(c.home));
        try {
          report = await readServerSetup(conn.exec, judge(h.name), root);
        } finally {
          conn.close();
        }
      }
      if (o.json) printJson(report);
      else print(reportText(report));
      process.exitCode = report.missing ? 1 : 0;
    });
}
