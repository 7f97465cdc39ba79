// `msgmon sources add|list|remove`: the log files and journal entries read on each host.
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { LOCAL_SYSTEM, sourceLocation, type SourceConfig } from '../store/config-store.js';
import type { CliContext } from './context.js';
import { SESSION_IDLE_HELP, sessionIdleSeconds } from './session-idle.js';
import { print, printJson, printTable } from './output.js';
import { describeIbmiSource, IBMI_HELP, ibmiSourceConfig } from './ibmi-source-options.js';
import { ZONE_FLAGS, ZONE_HELP, zoneOption } from './zone-option.js';

/**
 * Saves a new source, which must name a configured host (or `local`: a file on this machine) and a name not taken
 * yet: checked against a fresh read under the configuration's lock, so two parallel adds of one name cannot both win.
 */
function addSource(c: CliContext, s: SourceConfig): void {
  if (s.system === LOCAL_SYSTEM && s.kind !== 'file') {
    throw new UsageError(`system ${LOCAL_SYSTEM} reads files on this machine (--path FILE); journal and IBM i sources are read on a host`);
  }
  // The store exists from the first source on, so a store missing later is refused, not silently replaced by a new one.
  void c.store;
  c.config.update((d) => {
    if (s.system !== LOCAL_SYSTEM && !d.hosts.some((h) => h.name === s.system))
      throw new UserError(`system ${s.system} is not a configured host (msgmon hosts add ${s.system} --host …)`);
    if (d.sources.some((x) => x.name === s.name)) throw new UserError(`source ${s.name} exists already (msgmon sources remove ${s.name} first)`);
    d.sources.push(s);
  });
}

/** Registers the sources command and its subcommands. */
export function registerSources(program: Command, ctx: () => CliContext): void {
  const sources = program
    .command('sources')
    .description('log files and journal entries on hosts, read by msgmon collect')
    .addHelpText(
      'after',
      `
Examples:
  msgmon sources add web1-ftp --system web1 --format vsftpd --path /var/log/vsftpd.log
  msgmon sources add web1-auth --system web1 --format sshd,sftp --path /var/log/auth.log --from-end
  msgmon sources add web1-ssh --system web1 --format sshd,sftp --journal ssh.service
  msgmon sources add ibmi1-aud --system ibmi1 --ibmi audit
  msgmon sources list`,
    );

  sources
    .command('add')
    .description('add a log file, journal entries or an IBM i SQL service on a host; read from the beginning unless --from-end')
    .argument('<name>', 'source name (shown on its messages)')
    .requiredOption('--system <name>', `the host (msgmon hosts list), or ${LOCAL_SYSTEM} for a file on this machine`)
    .option('--format <names>', 'format(s) of the lines, comma separated (msgmon formats list); not with --ibmi')
    .option('--path <file>', 'absolute path of a log file on the host')
    .option('--journal <unit>', 'the systemd journal entries of this unit (journalctl -u), e.g. ssh.service')
    .option('--identifier <name>', 'the systemd journal entries of this syslog identifier (journalctl -t), e.g. internal-sftp')
    .option('--journal-dir <dir>', 'with --journal/--identifier: read this journal folder (journalctl --directory) instead of the system journal')
    .option('--ibmi <kind>', 'an IBM i SQL service instead of lines: history (QHST), msgq (a message queue) or audit (QAUDJRN)')
    .option('--interval <seconds>', 'with --ibmi: seconds between queries (default 30)')
    .option('--job <name>', 'with --ibmi: the FTP server jobs, a name or a prefix with * (default QTFTP*)')
    .option('--queue <lib/name>', 'with --ibmi msgq: the message queue (default QUSRSYS/QTCP)')
    .option('--since <time>', 'with --ibmi: where a new source starts, ISO time or 24h/7d ago (default 24h)')
    .option('--db2util <path>', 'with --ibmi: the db2util program on the IBM i (default db2util, /QOpenSys/pkgs/bin first on PATH)')
    .option('--from-end', 'start at the current end of the file (after the last journal entry) instead of the beginning')
    .option(ZONE_FLAGS, `with --path: ${ZONE_HELP}`)
    .option('--session-idle <seconds>', SESSION_IDLE_HELP)
    .option('--json', 'print the source as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon sources add web1-ftp --system web1 --format vsftpd --path /var/log/vsftpd.log
  msgmon sources add web1-auth --system web1 --format sshd,sftp --path /var/log/auth.log --from-end
  msgmon sources add web2-auth --system web2 --format sshd,sftp --path /var/log/secure --zone Europe/Berlin
  msgmon sources add web1-ssh --system web1 --format sshd,sftp --journal ssh.service
  msgmon sources add web1-pure --system web1 --format pureftpd --identifier pure-ftpd --from-end
  msgmon sources add here-ftp --system local --format vsftpd --path /var/log/vsftpd.log
  msgmon sources add web2-ftp --system web2 --format vsftpd --path /var/log/vsftpd.log --session-idle 600
Journal sources run journalctl -o json over SSH: the SSH user must be in group systemd-journal (or adm).${IBMI_HELP}`,
    )
    .action(
      (
        name: string,
        o: {
          system: string;
          format?: string;
          path?: string;
          journal?: string;
          identifier?: string;
          journalDir?: string;
          fromEnd?: boolean;
          json?: boolean;
          sessionIdle?: string;
          ibmi?: string;
          interval?: string;
          job?: string;
          queue?: string;
          since?: string;
          db2util?: string;
          zone?: string;
        },
      ) => {
        zoneOption(o.zone);
        if (o.zone !== undefined && o.path === undefined)
          throw new UsageError('--zone goes with --path: journal entries and IBM i rows carry their own time zone');
        const c = ctx();
        const what = [o.path, o.journal, o.identifier, o.ibmi].filter((x) => x !== undefined).length;
        if (what !== 1) throw new UsageError('name what to read: exactly one of --path FILE, --journal UNIT, --identifier NAME or --ibmi KIND');
        if (o.ibmi !== undefined) {
          if (o.format !== undefined || o.fromEnd || o.journalDir !== undefined)
            throw new UsageError('--ibmi reads SQL rows: it takes no --format, --from-end or --journal-dir (use --since)');
          const s = ibmiSourceConfig(name, o.system, { ...o, ibmi: o.ibmi });
          addSource(c, s);
          if (o.json) return printJson(s);
          return void print(`Added source ${name}: ${sourceLocation(s)} on ${o.system}: ${describeIbmiSource(s)}. Run: msgmon collect\n`);
        }
        if (o.format === undefined) throw new UsageError('--format is required for a log file or journal source (msgmon formats list)');
        const formats = o.format
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!formats.length) throw new UsageError('--format needs at least one format name');
        c.formats.resolve(formats);
        if (o.path !== undefined && !o.path.startsWith('/')) throw new UsageError(`--path '${o.path}' must be an absolute path on the host`);
        if (o.journalDir !== undefined && (o.path !== undefined || !o.journalDir.startsWith('/')))
          throw new UsageError('--journal-dir takes an absolute folder and goes with --journal or --identifier');
        const idle = sessionIdleSeconds(o.sessionIdle);
        const base = {
          name,
          system: o.system,
          formats,
          fromEnd: o.fromEnd ?? false,
          ...(o.zone !== undefined ? { zone: o.zone } : {}),
          ...(idle === undefined ? {} : { sessionIdle: idle }),
        };
        const s: SourceConfig =
          o.path !== undefined
            ? { ...base, kind: 'file', path: o.path }
            : { ...base, kind: 'journal', journal: { unit: o.journal, identifier: o.identifier, directory: o.journalDir } };
        addSource(c, s);
        if (o.json) return printJson(c.config.data.sources.find((x) => x.name === name));
        const zoned = s.zone !== undefined ? `, times without a zone in ${s.zone}` : '';
        print(
          `Added source ${name}: ${sourceLocation(s)} on ${o.system} (${formats.join(', ')}), read from its ${s.fromEnd ? 'current end' : 'beginning'}${zoned}. Run: msgmon collect\n`,
        );
      },
    );

  sources
    .command('list')
    .description('the configured sources')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon sources list\n  msgmon sources list --json')
    .action((o: { json?: boolean }) => {
      const list = ctx().config.data.sources;
      if (o.json) return printJson(list);
      if (!list.length) return void print('No sources. Add one: msgmon sources add NAME --system S --format F --path P\n');
      printTable(
        ['Name', 'System', 'Formats', 'Reads', 'Start', 'Zone'],
        list.map((s) => [
          s.name,
          s.system,
          s.formats.join(',') || '-',
          sourceLocation(s),
          s.fromEnd ? 'end' : 'beginning',
          s.zone ?? (s.kind === 'file' ? 'UTC' : '-'),
        ]),
      );
    });

  sources
    .command('remove')
    .description('remove a source (its messages stay in the Activity Log)')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon sources remove web1-ftp')
    .action((name: string, o: { json?: boolean }) => {
      const c = ctx();
      c.config.update((d) => {
        if (!d.sources.some((s) => s.name === name)) throw new UserError(`no source named ${name} (msgmon sources list)`);
        d.sources = d.sources.filter((s) => s.name !== name);
      });
      if (o.json) return printJson({ removed: name });
      print(`Removed source ${name}.\n`);
    });
}
