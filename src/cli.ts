#!/usr/bin/env node
// The msgmon command line: the composition root that wires store, formats, catalog, pipeline and screens.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Help } from 'commander';
import { exitCodeOf } from './core/errors.js';
import { sanitizeForTerminal } from './core/sanitize.js';
import { explainDiskFull, isDiskFull } from './store/disk-full.js';
import type { CliContext } from './cli/context.js';
import { COMMANDS, commandNamed, type CommandModule } from './cli/command-index.js';
import { drainOutput, endQuietlyOnClosedPipe } from './cli/output.js';
import { enforceReadOnly, writersSummary } from './cli/read-only.js';
import { enforceStoreSupport, pgUrlOf } from './cli/store-choice.js';

// Configuration and the store hold what servers did: keep every file msgmon creates private.
process.umask(0o077);

/** The msgmon program: every command registered (the fuzz suite walks it to build command lines). */
export const program = new Command();
let context: CliContext | undefined;
// The context module (store, configuration, catalog) loads before the first action, not at start-up.
let Context: typeof CliContext | undefined;
const ctx = (): CliContext => {
  if (!Context) throw new Error('the context is loaded by the preAction hook');
  context ??= new Context(program.opts());
  return context;
};

program
  .name('msgmon')
  .description('A 5250-style message monitor: FTP and SFTP activity on your servers as messages, on a console and in the Activity Log.')
  .option('--home <dir>', 'msgmon home (default: $MSGMON_HOME, else the XDG data and config folders)')
  .option('--read-only', 'browse everything, change nothing (auditors): the commands that write are refused')
  .option('--store <url>', 'a shared PostgreSQL store, postgres://USER@HOST:PORT/DATABASE (default: $MSGMON_STORE, else SQLite in the home)')
  .addHelpText(
    'after',
    `
--read-only refuses: ${writersSummary()}.
Examples:
  msgmon demo                                   the console on bundled demo data
  msgmon ingest --system web1 --format vsftpd /var/log/vsftpd.log
  msgmon                                        open the console on your home's store
  msgmon log --since 24h --user thomask         query the Activity Log
  msgmon --read-only                            the console for an auditor: options that change things are refused`,
  )
  .action(async () => (await import('./cli/console.js')).openConsole(ctx()))
  .exitOverride()
  // The root command has an action (the console), so commander adds no `help` command by itself: `msgmon help status`.
  .helpCommand(true)
  // Arguments are echoed in errors: an escape sequence in one must not drive the terminal.
  .configureOutput({ outputError: (text, write) => write(sanitizeLines(text)) })
  .showHelpAfterError('(run msgmon --help for usage)');

enforceReadOnly(program, () => program.opts().readOnly === true);
enforceStoreSupport(program, () => pgUrlOf(program.opts().store));
program.hook('preAction', async (_root, action) => {
  const m = await import('./cli/context.js');
  Context ??= m.CliContext;
  if (pgUrlOf(program.opts().store)) await m.loadPgStore();
  // The console loads the configuration and catalog modules after its first screen is painted (console.ts).
  if (action !== program) await m.loadContextModules();
});

// Until its module is loaded a command is a stub that --help lists with the term and description of the index.
const stubTerms = new Map<Command, string>();
const loaded = new Set<CommandModule>();
const plainHelp = new Help();
program.configureHelp({ subcommandTerm: (cmd) => stubTerms.get(cmd) ?? plainHelp.subcommandTerm(cmd) });
for (const m of COMMANDS) {
  for (const [name, [term, description]] of Object.entries(m.commands)) stubTerms.set(program.command(name).description(description), term);
}

/** Replaces a module's stubs with the commands it registers. */
async function loadModule(m: CommandModule): Promise<void> {
  if (loaded.has(m)) return;
  loaded.add(m);
  const register = await m.load();
  const commands = program.commands as Command[];
  for (let i = commands.length - 1; i >= 0; i--) {
    if (stubTerms.has(commands[i]!) && Object.hasOwn(m.commands, commands[i]!.name())) stubTerms.delete(commands.splice(i, 1)[0]!);
  }
  register(program, ctx);
}

/** Registers every command for real (the fuzz suite and the index's test walk the whole program). */
export async function loadAllCommands(): Promise<void> {
  for (const m of COMMANDS) await loadModule(m);
}

/** Loads the module of the command a command line runs, if any (argv as in process.argv). */
async function loadCommandOf(argv: string[]): Promise<void> {
  const withValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)));
  const args = argv.slice(2);
  let name = commandNamed(args, withValue);
  // `msgmon help status` shows status's own help: its module is loaded as for `msgmon status`.
  if (name === 'help') name = commandNamed(args.slice(args.indexOf('help') + 1), withValue);
  const m = COMMANDS.find((x) => name !== undefined && Object.hasOwn(x.commands, name));
  if (m) await loadModule(m);
}

/**
 * Runs one command line (`argv` as in process.argv: node, script, arguments…) and resolves with its exit code. The
 * program can run again afterwards (commander resets its options; the context is closed and dropped), which is how
 * the fuzz suite drives it in-process.
 */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await loadCommandOf(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (caught) {
    // A full file system under the home, from any write (store, configuration, run files), named with what to do.
    const err = context && isDiskFull(caught) ? explainDiskFull(caught, context.home.dbFile, 'what was being written was not completed') : caught;
    if (err instanceof CommanderError) {
      // Help and version are not errors; anything else commander rejects is a usage error.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`msgmon: ${sanitizeForTerminal(msg.split('\n')[0]!)}\n`);
    if (process.env.MSGMON_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return exitCodeOf(err);
  } finally {
    context?.close();
    context = undefined;
  }
}

/** Each line made safe for the terminal, the line breaks kept. */
function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeForTerminal).join('\n');
}

/** True when this file was started as the msgmon command (through the bin symlink too), not imported. */
function startedAsCommand(): boolean {
  try {
    return process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// Exit only once stdout has drained: a pipe to a slow reader takes the output in 64 KiB steps, and process.exit
// drops what it has not taken yet. Exit explicitly, because SSH connections or timers may still hold the loop.
if (startedAsCommand()) {
  endQuietlyOnClosedPipe(() => context?.close());
  runCli(process.argv).then(async (code) => {
    await drainOutput();
    process.exit(code);
  });
}
