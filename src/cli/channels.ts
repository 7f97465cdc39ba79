// `msgmon channels add|list|show|test|remove`: where notifications go (email, sms, webhook, command).
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { CHANNEL_TYPES, checkChannel, parseChannels, type ChannelConfig } from '../notify/channel-schema.js';
import { describeSecret, Secrets, secretsFile } from '../notify/secrets.js';
import { channelNoise, channelTarget, fromOptions, testChannel, type AddOptions } from '../notify/channel-options.js';
import { NotifyTables } from '../store/notify-tables.js';
import type { CliContext } from './context.js';
import { print, printJson, printTable } from './output.js';
import { channelUsers } from './notify-refs.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** Channels of the configuration (validated). */
export function channelsOf(c: CliContext): ChannelConfig[] {
  return parseChannels(c.config.data.channels, c.config.file);
}

function findChannel(c: CliContext, name: string): ChannelConfig {
  const ch = channelsOf(c).find((x) => x.name === name);
  if (!ch) throw new UserError(`no channel ${name} (msgmon channels list shows them; msgmon channels add ${name} --type … creates it)`);
  return ch;
}

/** Registers channels. */
export function registerChannels(program: Command, ctx: () => CliContext): void {
  const cmd = program
    .command('channels')
    .description('where notifications go: email, sms, webhook, command (rules name them in notify, procedures in their steps)')
    .addHelpText(
      'after',
      '\nExamples:\n  msgmon channels add hook --type webhook --url https://hooks.example.com/msgmon --hmac-env HOOK_KEY\n  msgmon channels list\n  msgmon channels test hook',
    );

  cmd
    .command('add')
    .description('add a channel (secrets only by environment variable or secrets file key, never in config.json)')
    .argument('<name>')
    .option('--type <type>', CHANNEL_TYPES.join('|'))
    .option('--file <json>', 'the channel as a JSON file (every setting; name from the argument)')
    .option('--replace', 'replace a channel of that name')
    .option('--to <addresses>', 'email/sms gateway: recipients, comma separated')
    .option('--from <address>', 'email/sms gateway: sender')
    .option('--host <host>', 'email/sms gateway: SMTP server')
    .option('--port <n>', 'SMTP port (default 587, 465 with --tls tls)')
    .option('--tls <mode>', 'starttls (default, required) | tls | none')
    .option('--user <name>', 'SMTP user')
    .option('--password-env <var>', 'SMTP password from this environment variable')
    .option('--password-secret <key>', 'SMTP password from this key of the secrets file')
    .option('--ca <pem>', "CA or self-signed certificate the server's must chain to")
    .option('--url <url>', 'webhook / SMS API URL')
    .option('--hmac-env <var>', 'webhook: HMAC-SHA256 key from this environment variable')
    .option('--hmac-secret <key>', 'webhook: HMAC-SHA256 key from the secrets file')
    .option('--program <path>', 'command: absolute path of the program (no shell)')
    .option('--arg <arg>', 'command: an argument (repeatable)', collect, [])
    .option('--gateway <kind>', 'sms: email (an email-to-SMS address) | http (an API)')
    .option('--method <m>', 'sms API: POST | PUT | GET')
    .option('--format <f>', 'sms API: form | json')
    .option('--param <name=template>', 'sms API: a parameter (repeatable), default text=&SHORT', collect, [])
    .option('--auth-env <var>', 'sms API: Authorization header value from this environment variable')
    .option('--auth-secret <key>', 'sms API: Authorization header value from the secrets file')
    .option('--subject <template>', 'subject: &SYST &MSGID &MSG &SEV &DATE &TIME &USER &CLIENT &PATH &FIELD')
    .option('--body <template>', 'body template')
    .option('--rate <count/minutes>', 'rate limit: at most COUNT notifications per MINUTES (the last is a digest of the rest)')
    .option('--digest <seconds>', 'fold messages within SECONDS of the first into one digest (count, first texts)')
    .option('--suppress <minutes>', 'the same message (id, system, text) is not sent twice within MINUTES')
    .option('--quiet <from-to>', 'quiet hours, e.g. 22:00-07:00 or 00:00-24:00,sat,sun (held, then one digest)')
    .option('--quiet-tz <zone>', 'time zone of the quiet hours (default UTC)')
    .option('--retry <attempts>', 'attempts before MON0050 (default 4)')
    .option('--backoff <seconds>', 'first wait between attempts, doubling (default 2)')
    .option('--timeout <seconds>', 'how long one send may take (default 10)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon channels add mail-ops --type email --host smtp.example.com --from msgmon@example.com \\
      --to ops@example.com --user msgmon --password-env SMTP_PASSWORD --digest 60 --rate 10/60
  msgmon channels add hook --type webhook --url https://hooks.example.com/msgmon --hmac-env HOOK_KEY
  msgmon channels add pager --type command --program /usr/local/bin/page-oncall --arg ops
  msgmon channels add sms-oncall --type sms --gateway http --url https://sms.example.com/send \\
      --param to=+491701234567 --param text=&SHORT --auth-secret sms_api
Secrets: --*-env names an environment variable of the process that sends (msgmon collect);
--*-secret a key of secrets.json beside config.json, which must be mode 0600.`,
    )
    .action((name: string, o: AddOptions & { json?: boolean }) => {
      const c = ctx();
      const ch = checkChannel(fromOptions(name, o));
      const replaced = c.config.update((cfg) => {
        const i = cfg.channels.findIndex((x) => x.name === name);
        if (i >= 0 && !o.replace) throw new UserError(`channel ${name} exists; nothing was changed (add --replace to replace it)`);
        if (i >= 0) cfg.channels[i] = ch;
        else cfg.channels.push(ch);
        return i >= 0;
      });
      if (o.json) return printJson(ch);
      print(`Channel ${name} ${replaced ? 'replaced' : 'added'}: ${ch.type} to ${channelTarget(ch)}\n`);
    });

  cmd
    .command('list')
    .description('the channels, where they send and their noise controls')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon channels list\n  msgmon channels list --json')
    .action((o: { json?: boolean }) => {
      const list = channelsOf(ctx());
      if (o.json) return printJson(list);
      if (!list.length) return void print('No channels. Add one: msgmon channels add NAME --type email|sms|webhook|command …\n');
      printTable(
        ['Name', 'Type', 'Noise control', 'Sends to'],
        list.map((ch) => [ch.name, ch.type, channelNoise(ch), channelTarget(ch)]),
      );
    });

  cmd
    .command('show')
    .description('one channel: its settings (secrets by reference only) and its latest notifications')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon channels show mail-ops\n  msgmon channels show mail-ops --json')
    .action((name: string, o: { json?: boolean }) => {
      const c = ctx();
      const ch = findChannel(c, name);
      const recent = new NotifyTables(c.store.db).list(name, 20);
      const users = channelUsers(c, name);
      if (o.json) return printJson({ channel: ch, usedBy: users, notifications: recent.map(notificationJson) });
      const secretOf = 'password' in ch ? ch.password : 'hmacKey' in ch ? ch.hmacKey : 'auth' in ch ? ch.auth : undefined;
      print(
        [
          `Channel ${ch.name} (${ch.type})`,
          `  sends to       ${channelTarget(ch)}`,
          `  secret         ${describeSecret(secretOf)}`,
          `  noise control  ${channelNoise(ch)}`,
          `  used by        ${users.length ? users.join(', ') : 'nothing yet'}`,
          '',
        ].join('\n'),
      );
      if (!recent.length) return void print('No notifications yet.\n');
      printTable(
        ['Key', 'Kind', 'State', 'Count', 'Tries', 'Queued (UTC)', 'Error'],
        recent.map((n) => [n.key, n.kind, n.state, n.count, n.attempts, new Date(n.created).toISOString().slice(0, 19).replace('T', ' '), n.error ?? '']),
      );
    });

  cmd
    .command('test')
    .description('send a test notification on a channel now (exit 1 when it fails, with the reason)')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon channels test mail-ops\n  SMTP_PASSWORD=… msgmon channels test mail-ops')
    .action(async (name: string, o: { json?: boolean }) => {
      const c = ctx();
      const error = await testChannel(findChannel(c, name), new Secrets(secretsFile(c.home.configFile)));
      if (error) process.exitCode = 1;
      if (o.json) return printJson({ channel: name, ok: !error, error });
      print(error ? `Test of ${name} FAILED: ${error}\n` : `Test notification sent on ${name}.\n`);
    });

  cmd
    .command('remove')
    .description('remove a channel (refused while a rule or an escalation procedure names it)')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon channels remove mail-ops')
    .action((name: string, o: { json?: boolean }) => {
      const c = ctx();
      findChannel(c, name);
      const users = channelUsers(c, name);
      if (users.length) throw new UserError(`channel ${name} is used by ${users.join(', ')}: change those first; nothing was changed`);
      c.config.update((cfg) => {
        cfg.channels = cfg.channels.filter((x) => x.name !== name);
      });
      if (o.json) return printJson({ removed: name });
      print(`Channel ${name} removed.\n`);
    });
}

/** A queue row as --json shows it. */
export function notificationJson(n: ReturnType<NotifyTables['list']>[number]): Record<string, unknown> {
  return {
    key: n.key,
    channel: n.channel,
    kind: n.kind,
    state: n.state,
    messageId: n.messageId,
    count: n.count,
    firstTexts: n.firstTexts,
    step: n.step,
    attempts: n.attempts,
    error: n.error,
    queued: new Date(n.created).toISOString(),
    sent: n.sent === null ? null : new Date(n.sent).toISOString(),
  };
}
