// Channels and escalation procedures of a home for the screens (core/notify-service.ts): the configuration file
// for the setup, the store's queue for what was sent; every change validated whole, refused in --read-only.
import { PROCEDURE_STEPS, type ChannelRow, type FormValues, type NotifyChange, type NotifyService, type ProcedureRow } from '../core/notify-service.js';
import { ConfigStore } from '../store/config-store.js';
import type { NotifyTables } from '../store/notify-tables.js';
import { checkProcedure, parseChannels, parseProcedures, type ChannelConfig, type ProcedureConfig } from '../notify/channel-schema.js';
import { channelNoise, channelTarget, testChannel } from '../notify/channel-options.js';
import { channelUsers, procedureUsers } from '../notify/refs.js';
import { describeSecret, type Secrets } from '../notify/secrets.js';
import { describeStep, formatStep, parseStep } from '../notify/step-spec.js';
import { channelFromValues, channelToValues, FieldError } from './channel-form.js';

const stamp = (t: number): string => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
const READ_ONLY: NotifyChange = { ok: false, error: 'msgmon runs --read-only: nothing can be changed.' };

/** The notification setup of one home. */
export class HomeNotifyService implements NotifyService {
  constructor(
    private readonly configFile: string,
    private readonly tables: () => NotifyTables,
    private readonly secrets: Secrets,
    private readonly readOnly: boolean,
  ) {}

  /** Read afresh each time: the CLI or another console may have changed the file meanwhile. */
  private get config(): ConfigStore {
    return new ConfigStore(this.configFile);
  }

  private channelList(): ChannelConfig[] {
    return parseChannels(this.config.data.channels, this.config.file);
  }

  private procedureList(): ProcedureConfig[] {
    return parseProcedures(this.config.data.escalations, this.config.file);
  }

  channels(): ChannelRow[] {
    const d = this.config.data;
    const db = this.tables().db;
    const last = db.prepare('SELECT state, created FROM notifications WHERE channel = ? ORDER BY id DESC LIMIT 1');
    const failed = db.prepare("SELECT count(*) AS n FROM notifications WHERE channel = ? AND state = 'failed'");
    return this.channelList().map((ch) => {
      const l = last.get(ch.name) as { state: string; created: number } | undefined;
      return {
        name: ch.name,
        type: ch.type === 'sms' ? `sms/${ch.gateway}` : ch.type,
        target: channelTarget(ch),
        noise: channelNoise(ch),
        usedBy: channelUsers(d.rules, d.escalations, ch.name),
        last: l ? { state: l.state, time: l.created } : null,
        failed: (failed.get(ch.name) as { n: number }).n,
      };
    });
  }

  procedures(): ProcedureRow[] {
    const runs = this.tables().escalations(10_000);
    return this.procedureList().map((p) => ({
      name: p.name,
      description: p.description ?? '',
      steps: p.steps.map(describeStep),
      usedBy: procedureUsers(this.config.data.rules, p.name),
      active: runs.filter((e) => e.procedure === p.name && e.state === 'active').length,
    }));
  }

  channelValues(name: string): FormValues | null {
    const ch = this.channelList().find((c) => c.name === name);
    return ch ? channelToValues(ch) : null;
  }

  saveChannel(values: FormValues, replacing: string | null): NotifyChange {
    if (this.readOnly) return READ_ONLY;
    const original = replacing === null ? null : (this.channelList().find((c) => c.name === replacing) ?? null);
    let ch: ChannelConfig;
    try {
      ch = channelFromValues(values, original);
    } catch (err) {
      return { ok: false, error: (err as Error).message, ...(err instanceof FieldError ? { field: err.field } : {}) };
    }
    if (replacing !== null && ch.name !== replacing)
      return { ok: false, error: 'The name of a channel cannot change (rules name it): create a new one with F6.', field: 'name' };
    return this.config.update((cfg): NotifyChange => {
      const i = cfg.channels.findIndex((x) => x.name === ch.name);
      if (i >= 0 && replacing === null) return { ok: false, error: `Channel ${ch.name} exists already: change it with 2.`, field: 'name' };
      if (i >= 0) cfg.channels[i] = ch;
      else cfg.channels.push(ch);
      return { ok: true, message: `Channel ${ch.name} ${i >= 0 ? 'changed' : 'added'}: ${ch.type} to ${channelTarget(ch)}.` };
    });
  }

  removeChannel(name: string): NotifyChange {
    if (this.readOnly) return READ_ONLY;
    const d = this.config.data;
    const users = channelUsers(d.rules, d.escalations, name);
    if (users.length) return { ok: false, error: `Channel ${name} is used by ${users.join(', ')}: change those first; nothing was removed.` };
    const gone = this.config.update((cfg) => {
      const before = cfg.channels.length;
      cfg.channels = cfg.channels.filter((x) => x.name !== name);
      return cfg.channels.length < before;
    });
    return gone ? { ok: true, message: `Channel ${name} removed.` } : { ok: false, error: `Channel ${name} no longer exists.` };
  }

  async testChannel(name: string): Promise<string | null> {
    const ch = this.channelList().find((c) => c.name === name);
    if (!ch) return `channel ${name} no longer exists`;
    return testChannel(ch, this.secrets);
  }

  channelReport(name: string): string[] {
    const ch = this.channelList().find((c) => c.name === name);
    if (!ch) return [`Channel ${name} no longer exists.`];
    const d = this.config.data;
    const users = channelUsers(d.rules, d.escalations, name);
    const secret = 'password' in ch ? ch.password : 'hmacKey' in ch ? ch.hmacKey : 'auth' in ch ? ch.auth : undefined;
    const recent = this.tables().list(name, 20);
    return [
      `Type . . . . . . :  ${ch.type}${ch.type === 'sms' ? ` (${ch.gateway} gateway)` : ''}`,
      `Sends to . . . . :  ${channelTarget(ch)}`,
      `Secret . . . . . :  ${describeSecret(secret)}`,
      `Subject  . . . . :  ${ch.subject ?? '(default) msgmon &SYST &MSGID (severity &SEV): &MSG'}`,
      `Noise control  . :  ${channelNoise(ch)}`,
      `Used by  . . . . :  ${users.length ? users.join(', ') : 'nothing yet'}`,
      '',
      recent.length ? 'Latest notifications (UTC):' : 'No notifications yet.',
      ...recent.map((n) => `  ${stamp(n.created)}  ${n.kind.padEnd(10)} ${n.state.padEnd(9)} ${n.key}${n.error ? `  ${n.error}` : ''}`),
    ];
  }

  procedureValues(name: string): FormValues | null {
    const p = this.procedureList().find((x) => x.name === name);
    if (!p) return null;
    return { name: p.name, description: p.description ?? '', ...Object.fromEntries(p.steps.map((s, i) => [`step${i + 1}`, formatStep(s)])) };
  }

  saveProcedure(values: FormValues, replacing: string | null): NotifyChange {
    if (this.readOnly) return READ_ONLY;
    const name = values.name?.trim() ?? '';
    if (replacing !== null && name !== replacing)
      return { ok: false, error: 'The name of a procedure cannot change (rules name it): create a new one with F6.', field: 'name' };
    const steps = [];
    for (let i = 1; i <= PROCEDURE_STEPS; i++) {
      const spec = values[`step${i}`]?.trim();
      if (!spec) continue;
      try {
        steps.push(parseStep(spec));
      } catch (err) {
        return { ok: false, error: `Step ${i}: ${(err as Error).message.replace(/^--step /, '')}`, field: `step${i}` };
      }
    }
    if (!steps.length) return { ok: false, error: 'Type at least one step: MINUTES:CHANNEL, e.g. 0:mail-ops.', field: 'step1' };
    let p: ProcedureConfig;
    try {
      p = checkProcedure({ name, ...(values.description?.trim() ? { description: values.description.trim() } : {}), steps });
    } catch (err) {
      return {
        ok: false,
        error: (err as Error).message.replace(/^escalation procedure not saved: /, ''),
        field: /name:/.test((err as Error).message) ? 'name' : 'step1',
      };
    }
    const channels = this.channelList().map((c) => c.name);
    const missing = [...new Set(p.steps.flatMap((s) => s.channels))].filter((ch) => !channels.includes(ch));
    if (missing.length) {
      const at = p.steps.findIndex((s) => s.channels.includes(missing[0]!));
      return { ok: false, error: `No channel ${missing.join(', ')}: create it first on Work with Channels (F6).`, field: `step${at + 1}` };
    }
    return this.config.update((cfg): NotifyChange => {
      const i = cfg.escalations.findIndex((x) => x.name === p.name);
      if (i >= 0 && replacing === null) return { ok: false, error: `Escalation procedure ${p.name} exists already: change it with 2.`, field: 'name' };
      if (i >= 0) cfg.escalations[i] = p;
      else cfg.escalations.push(p);
      return { ok: true, message: `Escalation procedure ${p.name} ${i >= 0 ? 'changed' : 'added'}: ${p.steps.length} step${p.steps.length === 1 ? '' : 's'}.` };
    });
  }

  removeProcedure(name: string): NotifyChange {
    if (this.readOnly) return READ_ONLY;
    const users = procedureUsers(this.config.data.rules, name);
    if (users.length) return { ok: false, error: `Escalation procedure ${name} is started by ${users.join(', ')}: change those first; nothing was removed.` };
    const gone = this.config.update((cfg) => {
      const before = cfg.escalations.length;
      cfg.escalations = cfg.escalations.filter((x) => x.name !== name);
      return cfg.escalations.length < before;
    });
    return gone ? { ok: true, message: `Escalation procedure ${name} removed.` } : { ok: false, error: `Escalation procedure ${name} no longer exists.` };
  }

  procedureReport(name: string): string[] {
    const p = this.procedureList().find((x) => x.name === name);
    if (!p) return [`Escalation procedure ${name} no longer exists.`];
    const users = procedureUsers(this.config.data.rules, name);
    const runs = this.tables()
      .escalations(200)
      .filter((e) => e.procedure === name);
    return [
      `Description  . . :  ${p.description ?? ''}`,
      `Started by . . . :  ${users.length ? users.join(', ') : 'no rule yet'}`,
      '',
      'Steps (minutes after the message, without acknowledgement):',
      ...p.steps.map((s, i) => `  ${describeStep(s, i)}`),
      '',
      runs.length ? 'Escalations (UTC):' : 'No escalations yet.',
      ...runs.map(
        (e) =>
          `  message ${e.messageId}: ${e.state}${e.state === 'active' ? `, step ${e.step + 1} due ${stamp(e.due)}` : ''}${e.reason ? ` (${e.reason})` : ''}`,
      ),
    ];
  }
}
