// The top-level commands and the module that registers each, so that msgmon starts by loading only the module of
// the command it runs: `msgmon --help` lists them from here without loading any (test/startup.test.ts checks every
// line against what the modules register; when it fails, copy the line it prints into COMMANDS).
import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** Adds a module's commands to the program. */
export type Register = (program: Command, ctx: () => CliContext) => void;

/** One module's top-level commands: their help term and description, and how to load its register function. */
export interface CommandModule {
  /** Command name → [term as `msgmon --help` shows it, description]. */
  commands: Record<string, [term: string, description: string]>;
  load: () => Promise<Register>;
}

// Literal import() specifiers (the architecture test reads them); in the order `msgmon --help` lists the commands.
export const COMMANDS: readonly CommandModule[] = [
  {
    commands: {
      ingest: ['ingest [options] [file]', 'read log lines from a file (resuming where the last ingest of it stopped) or stdin into the store'],
    },
    load: async () => (await import('./ingest.js')).registerIngest,
  },
  {
    commands: {
      log: ['log [options]', 'query the Activity Log: every message kept, newest last'],
      messages: ['messages [options]', 'what is on the console now: not removed, not acknowledged'],
      reply: ['reply [options] <id> [value]', 'answer an inquiry message (INQ): the reply, who gave it and when are kept; the inquiry leaves the console'],
      ack: ['ack [options] <ids...>', 'acknowledge console messages by id'],
      remove: ['remove [options] <ids...>', 'remove messages from the console (they stay in the Activity Log)'],
    },
    // log verify|export|prune hang under the log command that registerMessages makes.
    load: async () => {
      const [{ registerMessages }, { registerLogChain }] = await Promise.all([import('./messages.js'), import('./log-chain.js')]);
      return (program, ctx) => {
        registerMessages(program, ctx);
        registerLogChain(program, ctx);
      };
    },
  },
  {
    commands: {
      investigate: ['investigate [options]', 'what one user, client or path did: sessions, files touched, bytes up/down, failed logons, alerts, in time order'],
    },
    load: async () => (await import('./investigate.js')).registerInvestigate,
  },
  {
    commands: { baseline: ['baseline', 'what the threat detections consider usual, learned from the Activity Log'] },
    load: async () => (await import('./baseline.js')).registerBaseline,
  },
  {
    commands: { watch: ['watch', 'watch lists: sensitive paths, commands and users, trusted networks'] },
    load: async () => (await import('./watch-lists.js')).registerWatchLists,
  },
  {
    commands: { formats: ['formats', 'log formats: list them, test a file against them'] },
    load: async () => (await import('./formats.js')).registerFormats,
  },
  {
    commands: { demo: ['demo [options]', 'open the console on a demo home filled live from bundled real vsftpd and sshd logs'] },
    load: async () => (await import('./demo.js')).registerDemo,
  },
  {
    commands: { rules: ['rules', 'automated responses: filters and actions applied to every new message, in sequence order'] },
    load: async () => (await import('./rules.js')).registerRules,
  },
  {
    commands: { hosts: ['hosts', 'systems msgmon reaches over SSH (agent or key file; passwords are never stored)'] },
    load: async () => (await import('./hosts.js')).registerHosts,
  },
  {
    commands: { sources: ['sources', 'log files and journal entries on hosts, read by msgmon collect'] },
    load: async () => (await import('./sources.js')).registerSources,
  },
  {
    commands: {
      collect: [
        'collect [options]',
        'read the sources of every host over SSH, and the local files of system local, into the store (a foreground daemon; --once drains and exits)',
      ],
    },
    load: async () => (await import('./collect.js')).registerCollect,
  },
  {
    commands: {
      status: [
        'status [options]',
        'per source the collector state, lag and newest message; per system unacknowledged messages, open sessions, CPU, memory, file systems and raised thresholds (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)',
      ],
    },
    load: async () => (await import('./status.js')).registerStatus,
  },
  {
    commands: { store: ['store', 'the message store of the home (messages.db)'] },
    load: async () => (await import('./store.js')).registerStore,
  },
  {
    commands: { sessions: ['sessions', 'FTP and SFTP sessions: who, from where, when, how they ended, what they transferred'] },
    load: async () => (await import('./sessions.js')).registerSessions,
  },
  {
    commands: {
      doctor: ['doctor [options] [host]', 'check what a server logs for msgmon and what one change would add (reads only, changes nothing)'],
    },
    load: async () => (await import('./doctor.js')).registerDoctor,
  },
  {
    commands: {
      channels: ['channels', 'where notifications go: email, sms, webhook, command (rules name them in notify, procedures in their steps)'],
    },
    load: async () => (await import('./channels.js')).registerChannels,
  },
  {
    commands: { escalations: ['escalations', 'escalation procedures: who is told next while nobody acknowledges a message'] },
    load: async () => (await import('./escalations.js')).registerEscalations,
  },
  {
    commands: {
      defer: ['defer [options] <ids...>', 'snooze messages for N minutes: their escalation procedures pause until then (the operator is recorded)'],
    },
    load: async () => (await import('./defer.js')).registerDefer,
  },
];

/**
 * The command a command line runs (argv without node and script): its first operand after the global options
 * (`--home DIR` takes a value); undefined for the console and --help.
 */
export function commandNamed(args: readonly string[], optionsWithValue: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (a.startsWith('-')) {
      if (optionsWithValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}
