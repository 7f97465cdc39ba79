// `msgmon investigate --user U | --client IP/CIDR | --path GLOB`: every session, file touched, bytes up and down,
// failed logon and alert of one user, client or path, in time order, from the Activity Log.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { Investigation, InvestigationEvent, InvestigationQuery } from '../core/investigation.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import type { CliContext } from './context.js';
import { clientOf, time } from './messages.js';
import { print, printJson, printTable } from './output.js';
import { sessionJson } from './sessions.js';

const utc = (t: number | null) => (t === null ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' '));
const n = (v: number) => v.toLocaleString('en-US');
const clean = (s: string | null) => (s === null ? '' : sanitizeForTerminal(s));

interface Options {
  user?: string;
  client?: string;
  path?: string;
  since?: string;
  until?: string;
  json?: boolean;
}

/** The query of the options (usage error unless exactly one of --user, --client, --path). */
export function investigationQuery(o: Options): InvestigationQuery {
  const given = (['user', 'client', 'path'] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) throw new UsageError('investigate needs exactly one of --user, --client or --path');
  return { user: o.user, client: clientOf(o.client), path: o.path, since: time(o.since, '--since'), until: time(o.until, '--until') };
}

/** An event in the --json shape. */
function eventJson(e: InvestigationEvent): Record<string, unknown> {
  return { ...e, time: new Date(e.time).toISOString() };
}

function what(e: InvestigationEvent): string {
  if (e.kind === 'alert') return `ALERT ${e.msgId} ${clean(e.what)}`;
  if (e.kind === 'failure') return `failed logon as ${clean(e.user)} from ${clean(e.client)}`;
  const bytes = e.bytes === null ? '' : ` (${n(e.bytes)} bytes)`;
  return `${e.what} ${clean(e.path)}${e.target ? ` -> ${clean(e.target)}` : ''}${bytes}`;
}

function printReport(subject: string, r: Investigation): void {
  const t = r.totals;
  print(
    `Investigation of ${subject}: ${n(t.sessions)} sessions, ${n(t.files)} file actions (${n(t.bytesUp)} bytes up, ${n(t.bytesDown)} bytes down), ` +
      `${n(t.failures)} failed logons, ${n(t.alerts)} alerts, from ${n(r.messages)} messages.\n`,
  );
  if (r.sessions.length) {
    print('\nSessions:\n');
    printTable(
      ['START', 'END', 'SYSTEM', 'USER', 'CLIENT', 'FILES UP', 'FILES DOWN', 'BYTES UP', 'BYTES DOWN', 'SESSION'],
      r.sessions.map((s) => [utc(s.start), utc(s.end), s.system, clean(s.user), clean(s.client), s.filesUp, s.filesDown, s.bytesUp, s.bytesDown, s.id]),
    );
  }
  if (r.events.length) {
    print('\nTime line (UTC):\n');
    for (const e of r.events) print(`  ${utc(e.time)}  ${what(e)}${e.session ? `  [${e.session}]` : ''}\n`);
  }
}

/** Registers `investigate`. */
export function registerInvestigate(program: Command, ctx: () => CliContext): void {
  program
    .command('investigate')
    .description('what one user, client or path did: sessions, files touched, bytes up/down, failed logons, alerts, in time order')
    .option('--user <name>', 'a user')
    .option('--client <address|cidr>', 'a client address or network: 203.0.113.7, 10.0.0.0/8')
    .option('--path <glob>', "a path, * and ? wildcards: '/srv/finance/*'")
    .option('--since <time>', 'ISO time or 15m/24h/7d ago')
    .option('--until <time>', 'ISO time or 15m/24h/7d ago')
    .option('--json', 'print JSON: { query, messages, totals, sessions, events }')
    .addHelpText(
      'after',
      `
Examples:
  msgmon investigate --user thomask --since 7d
  msgmon investigate --client 198.51.100.0/24
  msgmon investigate --path '/srv/finance/*' --json`,
    )
    .action((o: Options) => {
      const q = investigationQuery(o);
      const r = ctx().store.investigate(q);
      if (o.json) {
        return printJson({
          query: {
            ...q,
            since: q.since === undefined ? undefined : new Date(q.since).toISOString(),
            until: q.until === undefined ? undefined : new Date(q.until).toISOString(),
          },
          messages: r.messages,
          totals: r.totals,
          sessions: r.sessions.map(sessionJson),
          events: r.events.map(eventJson),
        });
      }
      const subject = o.user !== undefined ? `user ${clean(o.user)}` : o.client !== undefined ? `client ${clean(o.client)}` : `path ${clean(o.path!)}`;
      printReport(subject, r);
    });
}
