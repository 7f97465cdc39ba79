// Pure render of Message Details: header fields, first-level text, cause, recovery and rules, wrapped.
import type { MessageHelp } from '../core/services.js';
import { needsComment, type InquiryState, type Message } from '../core/types.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, displayWidth, type Grid } from './grid.js';
import { bodyEnd, docViewport, drawDoc, frame, putMore, type DocLine } from './render.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap, wrapParagraphs } from './wrap.js';

const SPEC = SPECS['message-details'];
/** First grid row of the scrollable body (row 3 on the 5250 reference). */
export const DETAILS_FIRST_ROW = 2;

const VALUE_COL = 21;
const RIGHT_LABEL_COL = 37;
const RIGHT_VALUE_COL = 57;
const TEXT_COL = 20;
/** Longest reply a rule may allow (rules/schema.ts): the reply fields of Details and the reply prompt take as many. */
export const REPLY_WIDTH = 16;
const REPLY_FIELD = REPLY_WIDTH;

/** What may be typed as a reply: `G, C, I (default C)` or `any reply`. */
export function allowedText(s: Pick<InquiryState, 'allowed' | 'default'>): string {
  const which = s.allowed.length ? s.allowed.join(', ') : 'any reply';
  return s.default ? `${which} (default ${s.default})` : which;
}

/** What the details renderer reads: the message (null if gone) and its catalog help. */
export interface DetailsView {
  id: number;
  message: Message | null;
  help: MessageHelp | null;
  top: number;
  /** Operator actions and notifications (shown only when there are some). */
  history?: { actions: string[]; notifications: string[] };
  /** The message is an inquiry: its allowed replies and answer. */
  inquiry?: InquiryState | null;
  /** The reply field, while the inquiry can be answered here. */
  reply?: { value: string; pos: number } | null;
}

// Two label/value pairs on one row as on DSPMSGD. A left value too long for its 15 columns, or a right
// value too long for the rest of the line, gets a row to itself so values (session ids) are never cut.
function pair(cols: number, l1: string, v1: string, l2: string, v2: string): DocLine[] {
  const left = { col: 1, text: l1, attr: ATTR.data };
  const lv = { col: VALUE_COL, text: sanitizeForTerminal(v1), attr: ATTR.value };
  const right = [
    { col: RIGHT_LABEL_COL, text: l2, attr: ATTR.data },
    { col: RIGHT_VALUE_COL, text: sanitizeForTerminal(v2), attr: ATTR.value },
  ];
  const fits = displayWidth(lv.text) < RIGHT_LABEL_COL - VALUE_COL && displayWidth(right[1]!.text) < cols - RIGHT_VALUE_COL;
  if (fits) return [[left, lv, ...right]];
  return [[left, lv], right.map((s) => ({ ...s, col: s.col - RIGHT_LABEL_COL + 1 }))];
}

// A labelled paragraph: first line after the label, continuation lines indented by 3 (5250 help style).
function para(label: string, lines: string[]): DocLine[] {
  return lines.map((text, i) =>
    i === 0
      ? [
          { col: 1, text: label, attr: ATTR.data },
          { col: TEXT_COL, text, attr: ATTR.value },
        ]
      : [{ col: 3, text, attr: ATTR.value }],
  );
}

const stamp = (t: number) => {
  const { date, time } = formatDateTime(t);
  return `${date} ${time}`;
};

// Type Inquiry with what may be answered, and the answer once there is one (who, when, what).
function inquiryLines(cols: number, s: InquiryState): DocLine[] {
  const lines = pair(cols, 'Type . . . . . . :', 'Inquiry', 'Replies  . . . . :', allowedText(s));
  if (s.reply) lines.push(...para('Reply  . . . . . :', [`${s.reply.value}  by ${s.reply.operator} at ${stamp(s.reply.time)}`]));
  return lines;
}

/** The whole details document for a width; the controller scrolls through it with Page Down. */
export function detailsDoc(v: DetailsView, cols: number): DocLine[] {
  const m = v.message;
  if (!m) return [[{ col: 1, text: `Message ${v.id} is no longer in the store.`, attr: ATTR.value }]];
  const first = cols - TEXT_COL - 1;
  const rest = cols - 4;
  const { date, time } = formatDateTime(m.time);
  const user = m.fields.user === undefined ? '*NONE' : String(m.fields.user);
  const doc: DocLine[] = [
    ...pair(cols, 'Message ID . . . :', m.msgId, 'Severity . . . . :', String(m.severity).padStart(2, '0')),
    ...pair(cols, 'Date sent  . . . :', date, 'Time sent  . . . :', time),
    ...pair(cols, 'System . . . . . :', m.system, 'Source . . . . . :', m.source),
    // User left, session right: session ids (system:pid:time) need more than the left's 15 columns.
    ...pair(cols, 'User . . . . . . :', user, 'Session  . . . . :', m.session ?? '*NONE'),
    ...(v.inquiry ? inquiryLines(cols, v.inquiry) : []),
    [],
    ...para('Message . . . . :', wrap(sanitizeForTerminal(m.text), first, rest)),
    [],
  ];
  const h = v.help;
  if (!h) doc.push(...para('Cause . . . . . :', wrap(`No second-level text: ${m.msgId} is not in the message catalog.`, first, rest)), []);
  else {
    doc.push(...para('Cause . . . . . :', wrapParagraphs(sanitizeForTerminal(h.cause), first, rest)), []);
    doc.push(...para('Recovery  . . . :', wrapParagraphs(sanitizeForTerminal(h.recovery), first, rest)), []);
  }
  const rules = m.rules.length ? m.rules : ['None'];
  rules.forEach((r, i) => {
    const lines = wrap(sanitizeForTerminal(r), first, first);
    if (i === 0) doc.push(...para('Rules applied . :', lines));
    else doc.push(...lines.map((text) => [{ col: TEXT_COL, text, attr: ATTR.value }]));
  });
  if (needsComment(m) && m.ack === null)
    doc.push([], ...para('Comment . . . . :', wrap('Required: a rule asks for one to acknowledge (7) or remove (4) this message.', first, rest)));
  for (const [label, items] of [
    ['Operator actions :', v.history?.actions ?? []],
    ['Notifications . :', v.history?.notifications ?? []],
  ] as const) {
    if (!items.length) continue;
    doc.push([]);
    items.forEach((item, i) => {
      const lines = wrap(sanitizeForTerminal(item), first, first);
      if (i === 0) doc.push(...para(label, lines));
      else doc.push(...lines.map((text) => [{ col: TEXT_COL, text, attr: ATTR.value }]));
    });
  }
  return doc;
}

/** Rows of the body viewport at this terminal height (the controller pages by this much). */
export function detailsViewport(rows: number): number {
  return docViewport(rows, DETAILS_FIRST_ROW);
}

/** Model → Grid for Message Details; an inquiry that can be answered has its reply field on the More... row. */
export function renderDetails(v: DetailsView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putMore(g, drawDoc(g, detailsDoc(v, g.cols), v.top, DETAILS_FIRST_ROW, bodyEnd(g)));
  if (v.reply) {
    const row = g.rows - 4;
    g.put(row, 1, 'Reply  . . . . . :', ATTR.data);
    g.put(row, TEXT_COL, sanitizeForTerminal(v.reply.value).padEnd(REPLY_FIELD, ' '), ATTR.field);
    g.put(row, TEXT_COL + REPLY_FIELD + 2, 'Type reply, press Enter.', ATTR.instruction);
    g.cursor = { row, col: TEXT_COL + Math.min(v.reply.pos, REPLY_FIELD - 1) };
  }
  return g;
}
