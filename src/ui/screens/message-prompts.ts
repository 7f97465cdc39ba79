// The prompts options on Work with Messages open: a comment a rule requires before 4=Remove or 7=Acknowledge
// (refused while blank), and 3=Defer's minutes and comment. Enter acts and returns to the list; F12 changes nothing.
import type { MessageAction, Services } from '../../core/services.js';
import type { Message } from '../../core/types.js';
import { formatDateTime } from '../../core/time.js';
import type { PromptField } from '../render-prompt.js';
import { PromptForm } from './prompt-form.js';

const COMMENT: PromptField = { key: 'comment', label: 'Comment', width: 200 };
const MINUTES: PromptField = { key: 'minutes', label: 'Defer for (minutes)', width: 5, hint: '1-10080' };
/** A week: longer than that is not a snooze. */
const MAX_DEFER_MINUTES = 10_080;

const VERB: Record<MessageAction, { done: string; doing: string }> = {
  ack: { done: 'acknowledged', doing: 'acknowledge' },
  remove: { done: 'removed', doing: 'remove' },
};

/** The comment prompt for one message a rule marked `requireComment`: Enter with a comment acts, blank is refused. */
export function commentPrompt(services: Services, m: Message, action: MessageAction): PromptForm {
  const note = `To ${VERB[action].doing}: message ${m.id} ${m.msgId} ${m.system}: ${m.text}`;
  return new PromptForm(
    'message-comment',
    [COMMENT],
    {},
    (v) => {
      const comment = v.comment?.trim() ?? '';
      if (!comment)
        return { error: `A comment is required to ${VERB[action].doing} message ${m.id}: type what was done (F12 leaves it as it is).`, field: 'comment' };
      try {
        const n = services.messages.act([m.id], action, { comment }).length;
        return {
          pop: true,
          message: { text: n ? `Message ${m.id} ${VERB[action].done} with a comment.` : `Message ${m.id} was already dealt with.`, error: false },
        };
      } catch (err) {
        return { error: (err as Error).message };
      }
    },
    note,
  );
}

/** 3=Defer: minutes (and a comment) for the messages it was typed on. */
export function deferPrompt(services: Services, ids: number[]): PromptForm {
  const which = ids.length === 1 ? `message ${ids[0]}` : `${ids.length} messages (${ids.join(', ')})`;
  return new PromptForm(
    'defer-message',
    [MINUTES, COMMENT],
    { minutes: '30' },
    (v) => {
      const minutes = Number(v.minutes?.trim());
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DEFER_MINUTES)
        return { error: `Defer for ${v.minutes?.trim() || '(blank)'} not valid: type whole minutes from 1 to ${MAX_DEFER_MINUTES}.`, field: 'minutes' };
      const until = services.messages.defer(ids, minutes, { comment: v.comment?.trim() || null });
      const { date, time } = formatDateTime(until);
      return { pop: true, message: { text: `Deferred until ${date} ${time}: ${which}.`, error: false } };
    },
    `Defer ${which}: escalations pause until then.`,
  );
}
