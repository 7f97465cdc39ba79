// One escalation's next move: stopped by an acknowledgement, paused by a defer, held to a step's business
// hours, otherwise the step's channels are queued (key esc:MESSAGE:STEP:ROUND:CHANNEL) and the escalation moves
// on, both in one transaction: a crash before it repeats the move, a crash after it never repeats the step.
import type { Escalation, NewNotification, NotifyTables } from '../store/notify-tables.js';
import type { ProcedureConfig } from './channel-schema.js';
import { compileCalendar } from '../rules/calendar.js';
import { nextInside } from './noise.js';

/** What moving an escalation did (the sender raises MON0040 for a step). */
export type EscalationMove =
  | { kind: 'step'; step: number; channels: string[]; procedure: string }
  | { kind: 'stopped'; reason: string }
  | { kind: 'waiting'; until: number; reason: string };

/** Moves one due escalation. */
export function moveEscalation(tables: NotifyTables, e: Escalation, proc: ProcedureConfig | undefined, now: number): EscalationMove {
  const hold = (until: number, reason: string): EscalationMove => {
    tables.advance({ ...e, due: until }, reason, [], now);
    return { kind: 'waiting', until, reason };
  };
  const stop = (reason: string, state: 'stopped' | 'done' = 'stopped'): EscalationMove => {
    tables.advance({ ...e, state }, reason, [], now);
    return { kind: 'stopped', reason };
  };
  if (!proc) return stop(`procedure ${e.procedure} no longer exists`);
  if (tables.ackOf(e.messageId) !== null) {
    const who = tables
      .acts(e.messageId)
      .filter((a) => a.action === 'ack')
      .pop();
    return stop(`acknowledged${who ? ` by ${who.operator}` : ''}`);
  }
  const deferred = tables.deferredUntil(e.messageId);
  if (deferred !== null && deferred > now) return hold(deferred, 'deferred');
  const step = proc.steps[e.step];
  if (!step) return stop('all steps done', 'done');
  if (step.hours) {
    const at = nextInside(compileCalendar(step.hours), now);
    if (at > now) return hold(at, 'outside business hours');
  }
  const rows: NewNotification[] = step.channels.map((ch) => ({
    key: `esc:${e.messageId}:${e.step + 1}:${e.round}:${ch}`,
    channel: ch,
    messageId: e.messageId,
    kind: 'escalation',
    state: 'pending',
    due: now,
    step: e.step + 1,
  }));
  let next: Pick<Escalation, 'step' | 'round' | 'due' | 'state'>;
  if (step.repeat && e.round < step.repeat.times) next = { step: e.step, round: e.round + 1, due: now + step.repeat.every * 60_000, state: 'active' };
  else {
    const following = proc.steps[e.step + 1];
    next = following
      ? { step: e.step + 1, round: 0, due: Math.max(now, e.started + following.after * 60_000), state: 'active' }
      : { step: e.step + 1, round: 0, due: now, state: 'done' };
  }
  tables.advance({ messageId: e.messageId, ...next }, `step ${e.step + 1} sent`, rows, now);
  return { kind: 'step', step: e.step + 1, channels: step.channels, procedure: proc.name };
}
