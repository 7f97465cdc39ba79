// Work with Messages (the console): a keyset-paged list with a 1-character option field on every row.
import type { MessageAction, MessageQuery, Services } from '../../core/services.js';
import { needsComment, type Message } from '../../core/types.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, refusal, type Keymap } from '../keymap.js';
import { MIN_ROWS } from '../render.js';
import { CONSOLE_HEADER_ROWS, renderConsole } from '../render-console.js';
import { error, info, type Outcome, type Screen, type StatusLine, type ViewContext } from '../screen.js';
import { MessageAttributes } from './message-attributes.js';
import { MessageDetails } from './message-details.js';
import { SessionMessages } from './session-messages.js';
import { draftFromMessage } from '../rule-form-convert.js';
import { RuleEditor } from './rule-editor.js';
import { WorkWithRules } from './work-with-rules.js';
import { FtpSessions } from './ftp-sessions.js';
import { WorkWithSystems } from './work-with-systems.js';
import { PromptForm } from './prompt-form.js';
import { commentPrompt, deferPrompt } from './message-prompts.js';
import { Investigate } from './investigate.js';
import { investigateValues } from '../investigate-query.js';
import { replyPrompt } from './reply-inquiry.js';
import { exportPrompt } from './export-log.js';
import { LOG_SEARCH_FIELDS, parsePosition, SUBSET_FIELDS, subsetQuery, subsetValues } from '../subset.js';
import { TextField } from '../text-field.js';
import { HEADER_FIELDS } from '../render-console.js';

/** Where position-to starts the list: the newest message at or before a time, or the newest whose text has the words. */
type Position = { time: number } | { text: string };

const plural = (n: number, what: string) => `${n} message${n === 1 ? '' : 's'} ${what}.`;

/** The console controller: which page is shown, options typed (by message id), cursor row, view. */
export class WorkWithMessages implements Screen {
  /** The console, or the Activity Log (every message kept, found by a search; options 5, 6 and 8 only). */
  readonly id: 'work-with-messages' | 'activity-log';
  /** What the list shows: the console, narrowed by the subset (F21); F5 keeps it. */
  query: MessageQuery = { console: true };
  rows: Message[] = [];
  /** Typed options by message id, so they survive paging and live refreshes (5250 subfile behaviour). */
  readonly options = new Map<number, string>();
  cursor = 0;
  more = false;
  atTop = true;
  count = 0;
  alt = false;
  cols = 80;
  /** New messages held back while options are typed (the list holds still); F5 or Enter brings them in. */
  pending = 0;
  private pageSize = 0;
  private seenLastId = -1;
  private seenChanges: number | undefined;

  /** A position-to time typed before the screen had a size (the Activity Log's first search). */
  private positionAt: Position | null = null;

  /**
   * The console's header fields (Systems, Severity, User, Msg ID, Text), typed in place as on a 5250: Enter applies
   * them as the subset. `focus` is the header field the cursor is in; null: the cursor is in the list.
   */
  readonly header = HEADER_FIELDS.map((f) => new TextField(f.label, f.width));
  focus: number | null = null;
  /** A header field was typed in since the subset was last applied. */
  private headerTyped = false;
  /** What a background action (an export) reported; shown on the message line until the next key. */
  private note: StatusLine | null = null;
  private noteFresh = false;

  constructor(
    private readonly services: Services,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
    readonly mode: 'console' | 'log' = 'console',
  ) {
    this.id = mode === 'log' ? 'activity-log' : 'work-with-messages';
    if (mode === 'log') this.query = {};
    this.syncHeader();
  }

  /** The header fields show the subset in force (typing in them changes nothing until Enter). */
  private syncHeader(): void {
    const v = subsetValues(this.query);
    HEADER_FIELDS.forEach((f, i) => this.header[i]!.set(v[f.key] ?? ''));
    this.headerTyped = false;
  }

  /** The cursor rests in a header field of the console: characters type there, not into Opt. */
  inTextField(): boolean {
    return this.focus !== null;
  }

  edit(key: string): Outcome | false {
    return this.focus === null ? false : this.header[this.focus]!.edit(key);
  }

  /** The Activity Log: its search prompt first, which gives way to the list on Enter. */
  static activityLog(services: Services, keymap: Keymap = DEFAULT_KEYMAP): Screen {
    return new WorkWithMessages(services, keymap, 'log').subsetPrompt(true);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    // The Text field takes the rest of its row.
    const text = this.header[this.header.length - 1]!;
    text.max = Math.max(HEADER_FIELDS[HEADER_FIELDS.length - 1]!.width, Math.max(cols, 80) - 64);
    const size = Math.max(1, Math.max(rows, MIN_ROWS) - CONSOLE_HEADER_ROWS);
    if (size === this.pageSize) return;
    this.pageSize = size;
    this.seenLastId = this.services.messages.lastId();
    this.count = this.services.messages.count(this.query);
    if (this.positionAt !== null) this.position(this.positionAt);
    else this.reload();
  }

  /**
   * Live refresh: new messages appear at the top without a keypress. Once an option is typed the list holds
   * still (a 5250 subfile does not move under the operator's hands): the new ones are only counted ("+N new").
   */
  tick(): boolean {
    if (this.noteFresh) return !(this.noteFresh = false);
    // Read before the page: a commit landing while the page is read is caught by the next tick.
    const stamp = this.services.messages.changes?.();
    const last = this.services.messages.lastId();
    const changed = last === this.seenLastId ? stamp !== this.seenChanges && this.othersActed() : this.arrived(last);
    if (changed) this.seenChanges = stamp;
    return changed;
  }

  /** New messages stored since the last look: shown at the top, or only counted while options are typed. */
  private arrived(last: number): boolean {
    this.seenLastId = last;
    const count = this.services.messages.count(this.query);
    if (this.options.size > 0) {
      const pending = Math.max(0, count - this.count);
      if (pending === this.pending) return false;
      this.pending = pending;
      return true;
    }
    this.count = count;
    if (this.atTop) this.reload();
    return true;
  }

  /**
   * Another console acknowledged, replied to or removed messages (several operators on one store): the page is read
   * again so this one shows it within a tick. While options are typed the list holds still; Enter or F5 brings it in,
   * and an option on a message someone else already handled changes nothing (act() skips it).
   */
  private othersActed(): boolean {
    if (this.options.size > 0) return false;
    this.count = this.services.messages.count(this.query);
    this.reload();
    return true;
  }

  resume(): void {
    this.count = this.services.messages.count(this.query);
    this.pending = 0;
    this.reload();
  }

  type(ch: string): Outcome | false {
    this.note = null;
    if (this.focus !== null) {
      this.headerTyped = true;
      return this.header[this.focus]!.type(ch);
    }
    if (this.rows.length === 0) return false;
    if (!/^\d$/.test(ch)) return error(`Option ${ch} not valid: type an option number from the list above.`);
    this.options.set(this.rows[this.cursor]!.id, ch);
    return {};
  }

  command(id: string): Outcome | undefined {
    const m = this.services.messages;
    const n = this.rows.length;
    this.note = null;
    switch (id) {
      case 'export-log':
        return {
          push: [
            exportPrompt(this.services, this.query, this.count, (line) => {
              this.note = line;
              this.noteFresh = true;
            }),
          ],
        };
      case 'enter':
        return this.enter();
      case 'next-field':
      case 'prev-field':
        this.move(id === 'next-field' ? 1 : -1);
        return {};
      case 'clear-field':
        if (n) this.options.delete(this.rows[this.cursor]!.id);
        return {};
      case 'erase-field':
        if (this.focus === null) return error('Ctrl+U erases a header field: move the cursor up into one first.');
        this.header[this.focus]!.set('');
        this.headerTyped = true;
        return {};
      case 'alt-view':
        this.alt = !this.alt;
        return {};
      case 'work-with-rules':
        return { push: [new WorkWithRules(this.services, this.keymap)] };
      case 'ftp-sessions':
        return { push: [new FtpSessions(this.services, this.keymap)] };
      case 'work-with-systems':
        return { push: [new WorkWithSystems(this.services, this.keymap)] };
      case 'refresh':
        return this.refresh();
      case 'subset':
        return { push: [this.subsetPrompt()] };
      case 'repeat':
        return this.repeat();
      case 'top':
        this.show(m.page(this.query, this.pageSize).messages);
        this.cursor = 0;
        return {};
      // The oldest page: the `pageSize` messages just above id 0.
      case 'bottom':
        this.show(m.page(this.query, this.pageSize, { after: 0 }).messages);
        this.cursor = 0;
        return {};
      case 'page-down': {
        const down = this.more ? m.page(this.query, this.pageSize, { before: this.rows[n - 1]!.id }).messages : [];
        if (down.length === 0) return error('Already at the bottom of the list.');
        this.show(down);
        this.cursor = 0;
        return {};
      }
      case 'page-up': {
        if (this.atTop) return error('Already at the top of the list.');
        // The store answers a page up that would be short with the first page (a full one) instead.
        this.show(m.page(this.query, this.pageSize, { after: this.rows[0]!.id }).messages);
        this.cursor = 0;
        return {};
      }
      default:
        return undefined;
    }
  }

  /**
   * F5: the newest messages at the top. An option typed on a message that is then no longer shown is dropped, so
   * an option only ever acts on a message the operator saw on its row.
   */
  private refresh(): Outcome {
    this.atTop = true;
    this.syncHeader();
    this.resume();
    const shown = new Set(this.rows.map((r) => r.id));
    const dropped = [...this.options.keys()].filter((id) => !shown.has(id));
    for (const id of dropped) this.options.delete(id);
    if (dropped.length === 0) return {};
    return info(
      `${dropped.length} option${dropped.length === 1 ? '' : 's'} dropped: ${dropped.length === 1 ? 'its message is' : 'their messages are'} no longer on this page.`,
    );
  }

  render(ctx: ViewContext): Grid {
    return renderConsole(this, { ...ctx, message: this.note ?? ctx.message });
  }

  /**
   * F21: the Subset Messages prompt (on the Activity Log its search); Enter there narrows the list and positions
   * it when a time is typed. `first`: the Activity Log's opening search, which the list replaces.
   */
  private subsetPrompt(first = false): PromptForm {
    const log = this.mode === 'log';
    return new PromptForm(log ? 'activity-log-search' : 'subset-messages', log ? LOG_SEARCH_FIELDS : SUBSET_FIELDS, subsetValues(this.query), (v) => {
      const r = subsetQuery(log ? {} : { console: true }, v, this.services.now());
      if ('error' in r) return r;
      const typed = v.position?.trim() ?? '';
      const time = typed ? parsePosition(typed, this.services.now()) : null;
      // Not a time: words of the text (11:05 and 2h are times; anything else with a letter is words to find).
      const position: Position | null = !typed ? null : time !== null ? { time } : /[a-z]/i.test(typed) ? { text: typed } : null;
      if (typed && position === null) return { error: `Position to ${typed} not valid: type 11:05, 24/11/26 18:00, 2h or words.`, field: 'position' };
      if (position && 'text' in position && this.services.messages.count(this.withWords(r.query, position.text)) === 0)
        return { error: `No message of the list has the words ${position.text}.`, field: 'position' };
      this.query = r.query;
      this.syncHeader();
      this.options.clear();
      this.count = this.services.messages.count(this.query);
      this.pending = 0;
      this.positionAt = position;
      if (this.pageSize > 0) {
        if (position === null) this.show(this.services.messages.page(this.query, this.pageSize).messages);
        else this.position(position);
      }
      this.cursor = 0;
      const n = this.count.toLocaleString('en-US');
      const message = { text: `${n} message${this.count === 1 ? '' : 's'} ${log ? 'found' : 'in the subset'}.`, error: false };
      return first ? { replace: [this], message } : { pop: true, message };
    });
  }

  /**
   * Tab and the arrows walk every input field in screen order, as on a 5250: the console's header fields (Systems,
   * Severity, User, Msg ID, Text), then the Opt field of each row, and round again. The Activity Log has no header fields.
   */
  private move(step: 1 | -1): void {
    const header = this.mode === 'console' ? this.header.length : 0;
    const total = header + this.rows.length;
    if (total === 0) return;
    const at = this.focus ?? header + this.cursor;
    const to = (at + step + total) % total;
    this.focus = to < header ? to : null;
    if (to >= header) this.cursor = to - header;
  }

  /** Enter with header fields typed: the values as the console's subset, or which field is wrong. */
  private applyHeader(): Outcome | null {
    const v = Object.fromEntries(HEADER_FIELDS.map((f, i) => [f.key, this.header[i]!.value]));
    const r = subsetQuery({ console: true }, v, this.services.now());
    if ('error' in r) {
      const at = HEADER_FIELDS.findIndex((f) => f.key === r.field);
      if (at >= 0) this.focus = at;
      return error(r.error);
    }
    this.query = r.query;
    this.syncHeader();
    this.atTop = true;
    this.resume();
    this.cursor = 0;
    return null;
  }

  /** F13: the option on the cursor's row (or the nearest typed above it) goes on every row below it on this page. */
  private repeat(): Outcome {
    const from = this.rows
      .slice(0, this.cursor + 1)
      .map((r) => this.options.get(r.id))
      .reverse()
      .find((o) => o !== undefined);
    if (from === undefined) return error('Type an option on a row first; F13 copies it to the rows below.');
    for (const r of this.rows.slice(this.cursor + 1)) this.options.set(r.id, from);
    return {};
  }

  /** The query narrowed further by words of the text (both the search's words and these must occur). */
  private withWords(q: MessageQuery, words: string): MessageQuery {
    return { ...q, text: q.text ? `${q.text} ${words}` : words };
  }

  /**
   * Shows the page whose first row is the newest message at or before the time, or the newest with the words (the
   * oldest page when none is).
   */
  private position(p: Position): void {
    this.positionAt = null;
    const q = 'time' in p ? { ...this.query, until: p.time } : this.withWords(this.query, p.text);
    const at = this.services.messages.page(q, 1).messages[0];
    this.show(at ? this.pageFrom(at.id) : this.services.messages.page(this.query, this.pageSize, { after: 0 }).messages);
    this.cursor = 0;
  }

  /** The page that starts with message `id` (inclusive): read down from its newer neighbour. */
  private pageFrom(id: number): Message[] {
    const m = this.services.messages;
    const newer = m.page(this.query, 1, { after: id }).messages[0];
    if (!newer || newer.id === id) return m.page(this.query, this.pageSize).messages;
    return m.page(this.query, this.pageSize, { before: newer.id }).messages;
  }

  /** Re-reads the page at the current position, keeping the cursor on the same message where possible. */
  private reload(): void {
    const m = this.services.messages;
    const keep = this.rows[this.cursor]?.id;
    const first = this.rows[0];
    let page = this.atTop || !first ? m.page(this.query, this.pageSize).messages : this.pageFrom(first.id);
    if (page.length === 0 && !this.atTop) page = m.page(this.query, this.pageSize, { after: 0 }).messages;
    this.show(page);
    const at = this.rows.findIndex((r) => r.id === keep);
    this.cursor = at >= 0 ? at : Math.min(this.cursor, Math.max(0, this.rows.length - 1));
  }

  // "More..." and "at top" are probed with 1-row keyset reads rather than trusting `more`, whose meaning
  // differs for pages read upwards.
  private show(page: Message[]): void {
    const m = this.services.messages;
    // What the store looked like when this page was read, for the live refresh (tick) to notice other processes' commits.
    this.seenChanges = m.changes?.();
    this.rows = page;
    const first = page[0];
    const last = page[page.length - 1];
    // A page read "after" the newest message falls back to the first page, which starts with this same message.
    const newer = first && m.page(this.query, 1, { after: first.id }).messages[0];
    this.atTop = !first || !newer || newer.id === first.id;
    this.more = !!last && m.page(this.query, 1, { before: last.id }).messages.length > 0;
  }

  /** The states of a message that may refuse an option (key map `whyDisabled`): an inquiry not yet answered, or not. */
  private states(id: number): string[] {
    const m = this.rows.find((r) => r.id === id) ?? this.services.messages.get(id);
    return m?.inquiry && m.ack === null ? ['inquiry'] : ['information'];
  }

  /**
   * Enter: the options typed, then (when header fields were typed) the new subset. Options are processed top-down
   * and all checked first, so one bad option changes nothing.
   */
  private enter(): Outcome {
    // Options act on the rows they were typed on, so they run before a typed subset changes the rows.
    if (this.headerTyped) {
      const done = this.options.size ? this.processOptions() : {};
      if (done.message?.error) return done;
      const bad = this.applyHeader();
      if (bad) return bad;
      const n = this.count.toLocaleString('en-US');
      return { ...done, message: done.message ?? { text: `${n} message${this.count === 1 ? '' : 's'} in the subset.`, error: false } };
    }
    return this.processOptions();
  }

  private processOptions(): Outcome {
    const typed = [...this.options].sort((a, b) => b[0] - a[0]);
    // Enter with nothing typed re-reads the list, as on a 5250.
    if (typed.length === 0) return (this.resume(), {});
    const plan: { id: number; action: string }[] = [];
    for (const [id, opt] of typed) {
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, this.services.readOnly, this.states(id)) : `Option ${opt} not valid for this screen.`;
      if (why) {
        const row = this.rows.findIndex((r) => r.id === id);
        if (row >= 0) this.cursor = row;
        return error(why);
      }
      plan.push({ id, action: b!.id });
    }
    this.options.clear();
    const ids = (action: string) => plan.filter((p) => p.action === action).map((p) => p.id);
    const notes: string[] = [];
    // A message a rule marked requireComment gets its comment prompt; the others are acted on at once.
    const message = (id: number) => this.rows.find((r) => r.id === id) ?? this.services.messages.get(id);
    const held = plan.filter((p) => {
      const m = p.action === 'remove' || p.action === 'ack' ? message(p.id) : null;
      return m !== null && m.ack === null && needsComment(m);
    });
    const removed = ids('remove').filter((id) => !held.some((h) => h.id === id));
    const acked = ids('ack').filter((id) => !held.some((h) => h.id === id));
    if (removed.length) notes.push(plural(this.services.messages.act(removed, 'remove').length, 'removed'));
    if (acked.length) notes.push(plural(this.services.messages.act(acked, 'ack').length, 'acknowledged'));
    const prompts = held.flatMap((p): Screen[] => {
      const m = message(p.id);
      return m ? [commentPrompt(this.services, m, p.action as MessageAction)] : [];
    });
    const deferred = ids('defer');
    if (deferred.length) prompts.push(deferPrompt(this.services, deferred));
    const opens = plan.flatMap((p): Screen[] => {
      if (p.action === 'reply') {
        const prompt = replyPrompt(this.services, p.id);
        if (prompt instanceof PromptForm) return [prompt];
        if (prompt.message) notes.push(prompt.message.text);
        return [];
      }
      if (p.action === 'details') return [new MessageDetails(this.services, p.id, this.keymap, (id) => new SessionMessages(this.services, id, this.keymap))];
      if (p.action === 'show-attributes') return [new MessageAttributes(this.services, p.id, this.keymap)];
      if (p.action === 'investigate') {
        const msg = this.services.messages.get(p.id);
        return msg ? [Investigate.prompt(this.services, this.keymap, investigateValues(msg))] : [];
      }
      const m = p.action === 'create-rule-from' ? this.services.messages.get(p.id) : null;
      return m ? [RuleEditor.create(this.services, draftFromMessage(m), this.keymap)] : [];
    });
    if (removed.length || acked.length) this.resume();
    const push = [...prompts, ...opens];
    return { ...(notes.length ? info(notes.join(' ')) : {}), ...(push.length ? { push } : {}) };
  }
}
