// `msgmon log`, `messages`, `ack`, `remove`: the Activity Log and the console from the command line.
import type { Command } from 'commander';
import type { MessageQuery } from '../core/services.js';
import { parseTimeSpec } from '../core/time.js';
import { parseCidr } from '../core/cidr.js';
import { UsageError, UserError } from '../core/errors.js';
import type { Message } from '../core/types.js';
import type { CliContext } from './context.js';
import { messageJson, print, printJson, printMessages } from './output.js';
import { operatorName } from './operator.js';
import { NotifyTables } from '../store/notify-tables.js';

/** The Activity Log filters as commander gives them (log, log export). */
export interface LogFilters {
  since?: string;
  until?: string;
  system?: string;
  user?: string;
  msgid?: string;
  session?: string;
  text?: string;
  client?: string;
  path?: string;
}

interface Filters extends LogFilters {
  limit: string;
  json?: boolean;
}

/** Adds the Activity Log filter options to a command. */
export function logFilterOptions(cmd: Command): Command {
  return cmd
    .option('--since <time>', 'ISO time or 15m/24h/7d ago')
    .option('--until <time>', 'ISO time or 15m/24h/7d ago')
    .option('--system <name>')
    .option('--user <name>')
    .option('--msgid <id>', 'message ID, * wildcards: FTP002*')
    .option('--session <id>')
    .option('--text <words>', 'words that must all occur in the text')
    .option('--client <address|cidr>', 'client address or network: 203.0.113.7, 10.0.0.0/8, 2001:db8::/32')
    .option('--path <glob>', "file path, * and ? wildcards: '/data/finance/*'");
}

/** The query of the filters given (usage error for a bad time). */
export function logQuery(o: LogFilters): MessageQuery {
  return {
    since: time(o.since, '--since'),
    until: time(o.until, '--until'),
    system: o.system,
    user: o.user,
    msgId: o.msgid,
    session: o.session,
    text: o.text,
    client: clientOf(o.client),
    path: o.path,
  };
}

/** A --client value, checked (usage error when it is neither an address nor a network). */
export function clientOf(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  try {
    parseCidr(spec);
  } catch (err) {
    throw new UsageError(`--client: ${(err as Error).message}`);
  }
  return spec.trim();
}

/** A --since/--until value as epoch ms (usage error when it is not a time). */
export function time(spec: string | undefined, opt: string): number | undefined {
  if (spec === undefined) return undefined;
  const t = parseTimeSpec(spec);
  if (t === null) throw new UsageError(`${opt} '${spec}' is not a time: use an ISO time (2026-11-25T10:00) or 15m, 24h, 7d`);
  return t;
}

/** A --limit value (usage error when not a whole number of 1 or more). */
export function limitOf(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit '${s}' must be a whole number of 1 or more`);
  return n;
}

/** Newest `limit` messages matching the query, printed oldest first (as a log reads). */
function list(c: CliContext, q: MessageQuery, limit: number, json: boolean | undefined): void {
  const store = c.messages;
  const msgs: Message[] = store.page(q, limit).messages.reverse();
  if (json) {
    // Who acknowledged, deferred or removed a message, when and why: only on messages someone acted on.
    const actsOf = c.pg
      ? (id: number) => c.pg!.acts(id)
      : (
          (t) => (id: number) =>
            t.acts(id)
        )(new NotifyTables(c.store.db));
    return printJson(
      msgs.map((m) => {
        const acts = actsOf(m.id);
        // An inquiry carries the replies it allows and, once answered, the reply (value, who, when); none on PostgreSQL yet.
        const inq = m.inquiry && !c.pg ? c.store.inquiry(m.id) : null;
        const j = {
          ...messageJson(m),
          ...(inq
            ? {
                replies: { allowed: inq.allowed, default: inq.default },
                reply: inq.reply && { value: inq.reply.value, operator: inq.reply.operator, time: new Date(inq.reply.time).toISOString() },
              }
            : {}),
        };
        return acts.length
          ? {
              ...j,
              actions: acts.map((a) => ({
                action: a.action,
                operator: a.operator,
                time: new Date(a.time).toISOString(),
                comment: a.comment,
                until: a.until === null ? null : new Date(a.until).toISOString(),
                ...(a.action === 'reply' ? { value: a.value } : {}),
              })),
            }
          : j;
      }),
    );
  }
  if (!msgs.length) return void print('No messages match.\n');
  printMessages(msgs);
}

function ids(args: string[]): number[] {
  return args.map((a) => {
    const n = Number(a);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`'${a}' is not a message id (see the ID column of msgmon messages)`);
    return n;
  });
}

/** Registers log, messages, reply, ack and remove. */
export function registerMessages(program: Command, ctx: () => CliContext): void {
  logFilterOptions(program.command('log').description('query the Activity Log: every message kept, newest last'))
    .option('--limit <n>', 'at most this many (the newest)', '100')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon log --since 24h --user thomask
  msgmon log --msgid 'FTP002*' --system web1 --limit 500
  msgmon log --text "quarterly report" --json
  msgmon log --client 203.0.113.0/24 --since 7d
  msgmon log --path '/srv/finance/*' --msgid FTP0021`,
    )
    .action((o: Filters) => list(ctx(), logQuery(o), limitOf(o.limit), o.json));

  program
    .command('messages')
    .description('what is on the console now: not removed, not acknowledged')
    .option('--limit <n>', 'at most this many (the newest)', '100')
    .option('--json', 'print JSON')
    .addHelpText('after', "\nExamples:\n  msgmon messages\n  msgmon messages --json | jq '.[] | select(.severity >= 40)'")
    .action((o: { limit: string; json?: boolean }) => list(ctx(), { console: true }, limitOf(o.limit), o.json));

  program
    .command('reply')
    .description('answer an inquiry message (INQ): the reply, who gave it and when are kept; the inquiry leaves the console')
    .argument('<id>', 'message id of the inquiry')
    .argument('[value]', "the reply; blank or left out: the rule's default reply")
    .option('--operator <name>', 'who replies (default: $MSGMON_OPERATOR, else the login name)')
    .option('--comment <text>', 'why (kept with the reply)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon reply 1201 G
  msgmon reply 1201 --operator anna --comment "partner confirmed the resend"
  msgmon messages --json | jq '.[] | select(.inquiry) | .id'`,
    )
    .action((arg: string, value: string | undefined, o: { json?: boolean; operator?: string; comment?: string }) => {
      const c = ctx();
      const [id] = ids([arg]);
      if (!c.store.get(id!)) throw new UserError(`no message with id ${id}: see the ID column of msgmon messages`);
      const r = c.store.reply(id!, value ?? '', { operator: operatorName(o.operator), comment: o.comment ?? null });
      if (!r.ok) throw new UserError(`${r.error}; nothing was recorded`);
      if (o.json) return printJson({ id, reply: r.value });
      print(`Reply ${r.value} recorded for message ${id}.\n`);
    });

  for (const [name, action, verb] of [
    ['ack', 'ack', 'Acknowledged'],
    ['remove', 'remove', 'Removed from the console'],
  ] as const) {
    program
      .command(name)
      .description(name === 'ack' ? 'acknowledge console messages by id' : 'remove messages from the console (they stay in the Activity Log)')
      .argument('<ids...>', 'message ids')
      .option('--operator <name>', 'who acts (default: $MSGMON_OPERATOR, else the login name)')
      .option('--comment <text>', 'why (kept with the message; a rule may require one)')
      .option('--json', 'print JSON')
      .addHelpText(
        'after',
        `\nExamples:\n  msgmon ${name} 1201 1202\n  msgmon ${name} 1201 --operator anna --comment "called the EDI partner"\nA message a rule marked with requireComment (tag comment-required) is refused without --comment.`,
      )
      .action((args: string[], o: { json?: boolean; operator?: string; comment?: string }) => {
        const store = ctx().messages;
        const want = ids(args);
        const missing = want.filter((id) => !store.get(id));
        if (missing.length) throw new UserError(`no message with id ${missing.join(', ')}; nothing was changed`);
        const held = o.comment?.trim() ? [] : store.needingComment(want);
        if (held.length)
          throw new UserError(
            `a rule requires a comment to ${name === 'ack' ? 'acknowledge' : 'remove'} message ${held.join(', ')}: nothing was changed; add --comment "what was done" (msgmon ${name} ${want.join(' ')} --comment "…")`,
          );
        const changed = store.act(want, action, { operator: operatorName(o.operator), comment: o.comment ?? null });
        const rest = want.filter((id) => !changed.includes(id));
        // Remove leaves an unacknowledged inquiry on the console: it needs an answer, not a tidy-up.
        const inquiries =
          action === 'remove'
            ? rest.filter((id) => {
                const m = store.get(id)!;
                return m.inquiry && m.ack === null && m.console === 'shown';
              })
            : [];
        const unchanged = rest.filter((id) => !inquiries.includes(id));
        if (o.json) return printJson({ changed, unchanged, ...(action === 'remove' ? { inquiries } : {}) });
        print(`${verb}: ${changed.length ? changed.join(', ') : 'none'}\n`);
        if (unchanged.length) print(`Already ${name === 'ack' ? 'acknowledged' : 'off the console'}: ${unchanged.join(', ')}\n`);
        if (inquiries.length) print(`Not removed, inquiries stay until acknowledged: ${inquiries.join(', ')} (msgmon ack ${inquiries.join(' ')})\n`);
      });
  }
}
