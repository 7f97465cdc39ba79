// The notification setup as the screens read and change it (Work with Channels, Work with Escalation
// Procedures): rows for the lists, editor values as text fields, reports for 5=Display, a test send.

/** One row of Work with Channels. */
export interface ChannelRow {
  name: string;
  type: string;
  /** Where it sends, in a few words (`ops@example.com via smtp.example.com:587 (starttls)`). */
  target: string;
  /** Its noise controls (`rate 10/60m digest 60s`), `-` when none. */
  noise: string;
  /** Rules and procedures that name it (`rule #3`, `escalation procedure oncall`). */
  usedBy: string[];
  /** Its newest notification: state and when it was queued; null before the first. */
  last: { state: string; time: number } | null;
  /** Notifications that failed for good (MON0050). */
  failed: number;
}

/** One row of Work with Escalation Procedures. */
export interface ProcedureRow {
  name: string;
  description: string;
  /** Each step in a few words (`1: after 0 min → mail-ops`). */
  steps: string[];
  /** Rules that start it. */
  usedBy: string[];
  /** Escalations of it in progress. */
  active: number;
}

/** How many step fields the procedure editor has (`step1`…`step8`). */
export const PROCEDURE_STEPS = 8;

/** An editor's fields by key, as typed. */
export type FormValues = Record<string, string>;

/** What saving or removing did (for the message line), or what is wrong and in which field. */
export type NotifyChange = { ok: true; message: string } | { ok: false; error: string; field?: string };

/** Channels and escalation procedures of the home; changes are validated whole and refused in --read-only. */
export interface NotifyService {
  channels(): ChannelRow[];
  procedures(): ProcedureRow[];
  /** A channel's settings as editor values (keys as `channels add` options: host, to, rate…); null when gone. */
  channelValues(name: string): FormValues | null;
  /** Saves a channel from editor values (`name`, `type`, the type's fields): added, or replacing `replacing`. */
  saveChannel(values: FormValues, replacing: string | null): NotifyChange;
  /** Removes a channel no rule or procedure names. */
  removeChannel(name: string): NotifyChange;
  /** Sends a test notification now: null when it was accepted, else why not. */
  testChannel(name: string): Promise<string | null>;
  /** 5=Display of a channel: its settings (secrets by reference) and its latest notifications. */
  channelReport(name: string): string[];
  /** A procedure as editor values: `description`, `step1`… in the `--step` form. */
  procedureValues(name: string): FormValues | null;
  saveProcedure(values: FormValues, replacing: string | null): NotifyChange;
  removeProcedure(name: string): NotifyChange;
  /** 5=Display of a procedure: its steps, the rules that start it and its escalations. */
  procedureReport(name: string): string[];
}
