#!/usr/bin/env node
// The msgmon command line: the composition root that wires store, formats, catalog, pipeline and screens.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { exitCodeOf } from './core/errors.js';
import { sanitizeForTerminal } from './core/sanitize.js';
import { explainDiskFull, isDiskFull } from './store/disk-full.js';
import { CliContext } from './cli/context.js';
import { registerIngest } from './cli/ingest.js';
import { registerMessages } from './cli/messages.js';
import { registerInvestigate } from './cli/investigate.js';
import { registerBaseline } from './cli/baseline.js';
import { registerWatchLists } from './cli/watch-lists.js';
import { registerFormats } from './cli/formats.js';
import { registerDemo } from './cli/demo.js';
import { registerRules } from './cli/rules.js';
import { registerHosts } from './cli/hosts.js';
import { registerSources } from './cli/sources.js';
import { registerCollect } from './cli/collect.js';
import { registerStatus } from './cli/status.js';
import { registerStore } from './cli/store.js';
import { registerSessions } from './cli/sessions.js';
import { registerDoctor } from './cli/doctor.js';
import { registerLogChain } from './cli/log-chain.js';
import { registerChannels } from './cli/channels.js';
import { registerEscalations } from './cli/escalations.js';
import { registerDefer } from './cli/defer.js';
import { openConsole } from './cli/console.js';
import { drainOutput, endQuietlyOnClosedPipe } from './cli/output.js';
import { enforceReadOnly, writersSummary } from './cli/read-only.js';

// Configuration and the store hold what servers did: keep every file msgmon creates private.
process.umask(0o077);

/** The msgmon program: every command registered (the fuzz suite walks it to build command lines). */
export const program = new Command();
let context: CliContext | undefined;
const ctx = (): CliContext => (context ??= new CliContext(program.opts()));

program
  .name('msgmon')
  .description('A 5250-style message monitor: FTP and SFTP activity on your servers as messages, on a console and in the Activity Log.')
  .option('--home <dir>', 'msgmon home (default: $MSGMON_HOME, else the XDG data and config folders)')
  .option('--read-only', 'browse everything, change nothing (auditors): the commands that write are refused')
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
  .action(() => openConsole(ctx()))
  .exitOverride()
  // Arguments are echoed in errors: an escape sequence in one must not drive the terminal.
  .configureOutput({ outputError: (text, write) => write(sanitizeLines(text)) })
  .showHelpAfterError('(run msgmon --help for usage)');

enforceReadOnly(program, () => program.opts().readOnly === true);
registerIngest(program, ctx);
registerMessages(program, ctx);
registerInvestigate(program, ctx);
registerBaseline(program, ctx);
registerWatchLists(program, ctx);
registerFormats(program, ctx);
registerDemo(program, ctx);
registerRules(program, ctx);
registerHosts(program, ctx);
registerSources(program, ctx);
registerCollect(program, ctx);
registerStatus(program, ctx);
registerStore(program, ctx);
registerSessions(program, ctx);
registerDoctor(program, ctx);
registerLogChain(program, ctx);
registerChannels(program, ctx);
registerEscalations(program, ctx);
registerDefer(program, ctx);

/**
 * Runs one command line (`argv` as in process.argv: node, script, arguments…) and resolves with its exit code. The
 * program can run again afterwards (commander resets its options; the context is closed and dropped), which is how
 * the fuzz suite drives it in-process.
 */
export async function runCli(argv: string[]): Promise<number> {
  try {
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
