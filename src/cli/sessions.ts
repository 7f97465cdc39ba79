// `msgmon sessions`: the FTP/SFTP sessions with their summaries; `sessions show ID`: one session's messages in order.
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import type { SessionSummary } from '../core/sessions.js';
import type { CliContext } from './context.js';
import { limitOf, time } from './messages.js';
import { messageJson, print, printJson, printMessages, printTable } from './output.js';

const utc = (t: number | null) => (t === null ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' '));

/** A session in the --json shape: times as ISO strings, `end` null while active. */
export function sessionJson(s: SessionSummary): Record<string, unknown> {
  return {
    id: s.id,
    system: s.system,
    source: s.source,
    protocol: s.protocol,
    user: s.user,
    client: s.client,
    start: new Date(s.start).toISOString(),
    last: new Date(s.last).toISOString(),
    end: s.end === null ? null : new Date(s.end).toISOString(),
    endedBy: s.endedBy,
    active: s.end === null,
    commands: s.commands,
    filesUp: s.filesUp,
    filesDown: s.filesDown,
    bytesUp: s.bytesUp,
    bytesDown: s.bytesDown,
    messages: s.messages,
    loggedOn: s.loggedOn,
    pids: s.pids,
  };
}

interface ListOptions {
  active?: boolean;
  user?: string;
  system?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  msgmon sessions                         the newest 100 sessions, newest first
  msgmon sessions --active                sessions without an end yet
  msgmon sessions --user edi_acme --since 24h
  msgmon sessions --system web1 --json
  msgmon sessions show web1:13580:tp246o  every message of one session, in order
A session ends by logout (FTP0040), or without one (FTP0041): dropped (the server logged a lost
connection), process (its server process is gone: msgmon collect checks), idle (no line for the
idle timeout, default 2 h) or job (IBM i job end).`;

/** Registers `sessions` (list by default) and `sessions show`. */
export function registerSessions(program: Command, ctx: () => CliContext): void {
  const cmd = program
    .command('sessions')
    .description('FTP and SFTP sessions: who, from where, when, how they ended, what they transferred')
    .addHelpText(
      'after',
      `
Options of the list (msgmon sessions list --help): --active, --user NAME, --system NAME, --since TIME,
--limit N (default 100), --json.${EXAMPLES}`,
    );

  cmd
    .command('list', { isDefault: true })
    .description('list sessions, newest start first (what `msgmon sessions` runs)')
    .option('--active', 'only sessions that have not ended')
    .option('--user <name>')
    .option('--system <name>')
    .option('--since <time>', 'started at or after: ISO time or 15m/24h/7d ago')
    .option('--limit <n>', 'at most this many (the newest)', '100')
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action((o: ListOptions) => {
      const c = ctx();
      const rows = c.store.sessions.list({ active: o.active, user: o.user, system: o.system, since: time(o.since, '--since') }, limitOf(o.limit));
      if (o.json) return printJson(rows.map(sessionJson));
      if (!rows.length) return void print('No sessions match.\n');
      printTable(
        ['Session', 'System', 'User', 'Client', 'Proto', 'Start (UTC)', 'End (UTC)', 'Ended by', 'Cmds', 'Up', 'Down', 'Bytes up', 'Bytes down'],
        rows.map((s) => [
          s.id,
          s.system,
          s.user ?? '',
          s.client ?? '',
          s.protocol ?? '',
          utc(s.start),
          s.end === null ? 'active' : utc(s.end),
          s.endedBy ?? '',
          s.commands,
          s.filesUp,
          s.filesDown,
          s.bytesUp,
          s.bytesDown,
        ]),
      );
    });

  cmd
    .command('show')
    .description('one session: its summary and all its messages in the order they happened')
    .argument('<id>', 'session id (the Session column of msgmon sessions)')
    .option('--json', 'print JSON: {session, messages}')
    .addHelpText('after', '\nExamples:\n  msgmon sessions show web1:13580:tp246o\n  msgmon sessions show web2:14734:tp2495 --json')
    .action((id: string, o: { json?: boolean }) => {
      const c = ctx();
      const s = c.store.sessions.get(id);
      if (!s) throw new UserError(`no session ${id}: msgmon sessions lists the session ids`);
      const msgs = c.store.sessions.messages(id);
      if (o.json) return printJson({ session: sessionJson(s), messages: msgs.map(messageJson) });
      const who = `${s.user ?? '(no user)'} from ${s.client ?? '?'}`;
      const end = s.end === null ? 'active' : `ended ${utc(s.end)} UTC by ${s.endedBy}`;
      print(
        `Session ${s.id}: ${(s.protocol ?? '').toUpperCase()} ${who} on ${s.system}, ${utc(s.start)} UTC, ${end}\n` +
          `commands ${s.commands}, files up ${s.filesUp} (${s.bytesUp} bytes), files down ${s.filesDown} (${s.bytesDown} bytes)\n\n`,
      );
      printMessages(msgs);
    });
}
