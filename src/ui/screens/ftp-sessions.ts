// FTP Sessions: the sessions newest first with their summaries; 5=Display messages, 4=Remove messages.
import type { Services } from '../../core/services.js';
import type { SessionQuery, SessionSummary } from '../../core/sessions.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import { renderSessions, SESSION_HEADER_FIELDS, sessionsViewport } from '../render-sessions.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { TextField } from '../text-field.js';
import { ConfirmRemoveSessions } from './confirm-remove-session.js';
import { Listed } from './listed.js';
import { SessionMessages } from './session-messages.js';
import { PromptForm } from './prompt-form.js';

const SUBSET_FIELDS = [
  { key: 'user', label: 'User', width: 20, hint: 'blank for all' },
  { key: 'system', label: 'System', width: 20, hint: 'name, or *ALL' },
  { key: 'client', label: 'Client address', width: 39, hint: '10.0.0.5, or 10.0.* ' },
  { key: 'active', label: 'Active sessions only', width: 1, hint: 'Y=Yes, N=No' },
];

/** `10.0.*` style client patterns, matched against the whole address. */
function clientMatches(pattern: string, client: string | null): boolean {
  if (!pattern) return true;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return client !== null && re.test(client);
}

/** How many sessions the list holds (newest first); older ones: msgmon sessions --since. */
export const SESSION_LIST_LIMIT = 1000;

/** Controller of FTP Sessions: the list is re-read when new messages arrive and when it is on top again. */
export class FtpSessions extends Listed<string> implements Screen {
  readonly id = 'ftp-sessions' as const;
  rows: SessionSummary[] = [];
  readonly list: OptionList<string>;
  /** The subset (F21): user, system, active only; the client is matched here (the session service has no client filter). */
  query: SessionQuery = {};
  client = '';
  private seenLastId = -1;
  /** The subset's fields typed in place above the headings (User, System, Client, Active); null focus: the list. */
  readonly header = SESSION_HEADER_FIELDS.map((f) => new TextField(f.label.replace(/[ .:]+$/, ''), f.width));
  focus: number | null = null;
  private headerTyped = false;

  constructor(
    private readonly services: Services,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.list = new OptionList(
      () => this.rows.map((r) => r.id),
      () => sessionsViewport(this.height),
    );
    this.resume();
    this.syncHeader();
  }

  /** The header fields show the subset in force. */
  private syncHeader(): void {
    const v = this.subsetValues();
    SESSION_HEADER_FIELDS.forEach((f, i) => this.header[i]!.set(v[f.key] ?? ''));
    this.headerTyped = false;
  }

  private subsetValues(): Record<string, string> {
    const q = this.query;
    return { user: q.user ?? '', system: q.system ?? '*ALL', client: this.client, active: q.active ? 'Y' : 'N' };
  }

  /** The cursor is in a header field: characters type there. */
  inTextField(): boolean {
    return this.focus !== null;
  }

  override type(ch: string): Outcome | false {
    if (this.focus === null) return super.type(ch);
    this.headerTyped = true;
    return this.header[this.focus]!.type(this.focus === 3 ? ch.toUpperCase() : ch);
  }

  edit(key: string): Outcome | false {
    return this.focus === null ? false : this.header[this.focus]!.edit(key);
  }

  resume(): void {
    this.seenLastId = this.services.messages.lastId();
    this.rows = this.services.sessions.list(this.query, SESSION_LIST_LIMIT).filter((r) => clientMatches(this.client, r.client));
    this.list.focus(this.list.cursor);
  }

  /** Live: a new message may start, change or end a session; the cursor stays on its session. */
  tick(): boolean {
    if (this.services.messages.lastId() === this.seenLastId) return false;
    const at = this.rows[this.list.cursor]?.id;
    this.resume();
    const i = this.rows.findIndex((r) => r.id === at);
    if (i >= 0) this.list.focus(i);
    return true;
  }

  command(id: string): Outcome | undefined {
    const fields = this.header.length;
    const last = this.rows.length - 1;
    // Tab and the arrows walk the header fields, then the Opt fields of the rows, and round again (5250 order).
    if (id === 'next-field' && (this.focus !== null || this.list.cursor >= last)) {
      this.focus = this.focus === null ? 0 : this.focus + 1 < fields ? this.focus + 1 : null;
      if (this.focus === null) this.list.focus(0);
      return {};
    }
    if (id === 'prev-field' && (this.focus !== null || this.list.cursor <= 0)) {
      this.focus = this.focus === null ? fields - 1 : this.focus > 0 ? this.focus - 1 : null;
      if (this.focus === null) this.list.focus(Math.max(0, last));
      return {};
    }
    switch (id) {
      case 'enter':
        return this.headerTyped ? this.applyHeader() : this.enter();
      case 'erase-field':
        if (this.focus === null) return error('Ctrl+U erases a header field: move the cursor up into one first.');
        this.header[this.focus]!.set('');
        this.headerTyped = true;
        return {};
      case 'refresh':
        this.resume();
        this.syncHeader();
        return {};
      case 'top':
        this.list.focus(0);
        return {};
      case 'bottom':
        this.list.focus(this.rows.length - 1);
        return {};
      case 'subset':
        return { push: [this.subsetPrompt()] };
      default:
        return this.list.command(id);
    }
  }

  render(ctx: ViewContext): Grid {
    const q = this.query;
    const subset = [
      q.user ? `user ${q.user}` : '',
      q.system ? `system ${q.system}` : '',
      this.client ? `client ${this.client}` : '',
      q.active ? 'active only' : '',
    ]
      .filter(Boolean)
      .join(', ');
    return renderSessions(
      {
        rows: this.rows,
        subset,
        list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(this.rows[i]!.id) },
        header: this.header,
        focus: this.focus,
      },
      ctx,
    );
  }

  /** F21: user, system, client and active only; Enter lists the sessions that match, F5 keeps the subset. */
  private subsetPrompt(): PromptForm {
    return new PromptForm('subset-sessions', SUBSET_FIELDS, this.subsetValues(), (v) => {
      const r = this.applySubset(v);
      return 'error' in r ? r : { pop: true, message: r.message };
    });
  }

  /** Enter with header fields typed: the same subset as F21, or which field is wrong (the cursor goes there). */
  private applyHeader(): Outcome {
    const v = Object.fromEntries(SESSION_HEADER_FIELDS.map((f, i) => [f.key, this.header[i]!.value]));
    const r = this.applySubset(v);
    if ('error' in r) {
      this.focus = SESSION_HEADER_FIELDS.findIndex((f) => f.key === r.field);
      return error(r.error);
    }
    return r;
  }

  /** Takes the subset's values (user, system, client, active Y/N) and lists what matches. */
  private applySubset(v: Record<string, string>): { error: string; field: string } | { message: { text: string; error: false } } {
    const active = (v.active ?? '').trim().toUpperCase();
    if (active !== '' && active !== 'Y' && active !== 'N') return { error: `Active sessions only ${active} not valid: type Y or N.`, field: 'active' };
    const system = v.system?.trim() ?? '';
    this.query = {
      ...(v.user?.trim() ? { user: v.user.trim() } : {}),
      ...(system && system.toUpperCase() !== '*ALL' ? { system } : {}),
      ...(active === 'Y' ? { active: true } : {}),
    };
    this.client = v.client?.trim() ?? '';
    this.list.options.clear();
    this.resume();
    this.syncHeader();
    this.list.focus(0);
    const n = this.rows.length;
    return { message: { text: `${n.toLocaleString('en-US')} session${n === 1 ? '' : 's'} in the subset.`, error: false } };
  }

  /** 5s open the sessions' messages one after another; 4s stay typed until the removal is confirmed. */
  private enter(): Outcome {
    if (this.list.typed().length === 0) return (this.resume(), {});
    const plan = this.plan(this.services.readOnly, (id) => this.rows.findIndex((r) => r.id === id));
    if (!Array.isArray(plan)) return plan;
    const row = (id: string) => this.rows.find((r) => r.id === id)!;
    const screens: Screen[] = [];
    const removes = plan.filter((p) => p.action === 'remove-session').map((p) => row(p.key));
    const blank = () => removes.forEach((r) => this.list.options.delete(r.id));
    if (removes.length) screens.push(new ConfirmRemoveSessions(this.services, removes, blank, this.keymap));
    for (const p of plan.filter((x) => x.action === 'display-session')) {
      this.list.options.delete(p.key);
      screens.push(new SessionMessages(this.services, p.key, this.keymap));
    }
    return { push: screens };
  }
}
