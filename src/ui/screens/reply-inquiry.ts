// Reply to Inquiry Message (6=Reply on the console): the inquiry's text, the replies its rule allows and the
// default, one reply field; Enter records the reply (who, when, value) and the inquiry leaves the console.
import type { Services } from '../../core/services.js';
import { sanitizeForTerminal } from '../../core/sanitize.js';
import { allowedText, REPLY_WIDTH } from '../render-details.js';
import { error, info, type Outcome } from '../screen.js';
import { PromptForm } from './prompt-form.js';

/** Records a reply through the services; the outcome says what was recorded or why not. */
export function recordReply(services: Services, id: number, value: string): { error: string } | Outcome {
  const r = services.messages.reply?.(id, value);
  if (!r) return { error: 'Replies cannot be recorded here.' };
  if (!r.ok) return { error: `${r.error.charAt(0).toUpperCase()}${r.error.slice(1)}.` };
  return { pop: true, ...info(`Reply ${r.value} recorded for message ${id}.`) };
}

/** The reply prompt for an inquiry, or why there is none (the message is gone, answered, not an inquiry). */
export function replyPrompt(services: Services, id: number): PromptForm | Outcome {
  const m = services.messages.get(id);
  const s = services.messages.inquiry?.(id) ?? null;
  if (!m || !s) return error(`Message ${id} is not an inquiry; acknowledge it with 7.`);
  if (s.reply) return error(`Message ${id} was answered already: ${s.reply.value} by ${s.reply.operator}.`);
  return new PromptForm(
    'reply-inquiry',
    [{ key: 'reply', label: 'Reply', width: REPLY_WIDTH, hint: allowedText(s) }],
    { reply: '' },
    (v) => recordReply(services, id, v.reply ?? ''),
    sanitizeForTerminal(`${m.msgId} from ${m.system}: ${m.text}`) + (s.default ? `   (a blank reply records ${s.default})` : ''),
  );
}
