// The common currency of msgmon: messages, their fields and the candidates formats produce.

/** A field value after typing: formats declare which fields are integers. */
export type FieldValue = string | number;

/** Flat map of named values (user, client, path, bytes, pid, command, …). */
export type Fields = Record<string, FieldValue>;

/** Where a message stands on the console: shown, removed by an operator or a rule, or log-only (rule option L). */
export type ConsoleState = 'shown' | 'removed' | 'logonly';

/** The 5250 colours a rule may give a message on the console. */
export type HighlightColor = 'green' | 'white' | 'red' | 'turquoise' | 'yellow' | 'pink' | 'blue';

/** How a rule asks the console to show a message (DESIGN §6: highlights from rules). */
export interface Highlight {
  color?: HighlightColor;
  reverse?: boolean;
  blink?: boolean;
  underline?: boolean;
}

/** A stored message (DESIGN §1). `time` and `ack` are epoch milliseconds. */
export interface Message {
  id: number;
  time: number;
  system: string;
  source: string;
  msgId: string;
  severity: number;
  text: string;
  fields: Fields;
  session: string | null;
  console: ConsoleState;
  ack: number | null;
  /** Descriptions of the rules that acted on the message, in order. */
  rules: string[];
  /** Set by a rule's highlight action; null shows the message by severity alone. */
  highlight: Highlight | null;
  /** An inquiry stays on the console, shown reverse, until acknowledged: Remove does not take it off. */
  inquiry: boolean;
  /** Tags given by rules, in the order they were given. */
  tags: string[];
  raw: string;
  /** The replies a rule allows to an inquiry (absent: any reply); kept apart from the evidence, read with `inquiry()`. */
  replies?: InquiryReplies;
}

/** What a rule allows as the answer to an inquiry (IBM i *INQ valid values and default reply). */
export interface InquiryReplies {
  /** Empty: any non-blank reply. */
  allowed: string[];
  /** Recorded when the operator replies with a blank value; null: a reply must be typed. */
  default: string | null;
}

/** An inquiry's replies and, once answered, who replied what and when (epoch ms). */
export interface InquiryState extends InquiryReplies {
  reply: { value: string; operator: string; time: number } | null;
}

/** The tag a rule's `requireComment` gives a message: acknowledging or removing it then needs a comment. */
export const COMMENT_REQUIRED = 'comment-required';

/** True when a rule asked for a comment on acknowledging or removing the message. */
export function needsComment(m: Pick<Message, 'tags'>): boolean {
  return m.tags.includes(COMMENT_REQUIRED);
}

/** A message before it has an id: what the pipeline hands to the store. */
export type NewMessage = Omit<Message, 'id'>;

/** What a format makes of one line: a message to be, or a recognised line that carries no message. */
export interface ParsedLine {
  /** null: the line was recognised (e.g. a 2xx FTP response) but is not worth a message. */
  msgId: string | null;
  /** Which pattern of which format matched, for `formats test` and the Attributes screen. */
  format: string;
  pattern: string;
  time: number | null;
  fields: Fields;
}
