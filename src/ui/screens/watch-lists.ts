// Work with Watch Lists: the sensitive paths, commands and users and the trusted networks of the configuration;
// F6 adds an entry (checked as `msgmon watch add` checks it), 4 removes one. Changes go through the service.
import type { Services } from '../../core/services.js';
import { WATCH_LIST_NAMES, type WatchListName } from '../../core/watchlists.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { OptionList } from '../option-list.js';
import type { PromptField } from '../render-prompt.js';
import { renderWatchLists, watchListsViewport, type WatchEntryRow } from '../render-watch-lists.js';
import { error, info, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { Listed } from './listed.js';
import { PromptForm } from './prompt-form.js';

const ADD_FIELDS: PromptField[] = [
  { key: 'list', label: 'List', width: 18, hint: 'name, or its beginning' },
  { key: 'entry', label: 'Entry', width: 45, hint: '' },
];

const ADD_NOTE =
  'trustedNetworks: an address or network (10.0.0.0/8, ::ffff:192.168.0.0/120). sensitivePaths, sensitiveCommands, ' +
  'sensitiveUsers: wildcards (/srv/finance/*, SITE*, root).';

const keyOf = (r: WatchEntryRow) => `${r.list}\u0001${r.entry}`;

/** The list a name typed in the prompt means (case does not matter, a unique beginning is enough). */
function listNamed(typed: string): WatchListName | null {
  const t = typed.trim().toLowerCase();
  if (!t) return null;
  const hits = WATCH_LIST_NAMES.filter((n) => n.toLowerCase().startsWith(t));
  return WATCH_LIST_NAMES.find((n) => n.toLowerCase() === t) ?? (hits.length === 1 ? hits[0]! : null);
}

/** Controller of Work with Watch Lists. */
export class WatchLists extends Listed<string> implements Screen {
  readonly id = 'watch-lists' as const;
  rows: WatchEntryRow[] = [];
  readonly list: OptionList<string>;

  constructor(
    private readonly services: Services,
    protected readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    super();
    this.list = new OptionList(
      () => this.rows.map(keyOf),
      () => watchListsViewport(this.height),
    );
    this.resume();
  }

  /** Reads the lists again (another terminal may have run `msgmon watch`). */
  resume(): void {
    const lists = this.services.watchLists.lists();
    this.rows = WATCH_LIST_NAMES.flatMap((list) => lists[list].map((entry) => ({ list, entry })));
    this.list.focus(Math.min(this.list.cursor, Math.max(0, this.rows.length - 1)));
  }

  command(id: string): Outcome | undefined {
    switch (id) {
      case 'enter':
        return this.enter();
      case 'refresh':
        this.resume();
        return {};
      case 'add-entry':
        return { push: [this.addPrompt()] };
      case 'top':
        this.list.focus(0);
        return {};
      case 'bottom':
        this.list.focus(this.rows.length - 1);
        return {};
      default:
        return this.list.command(id);
    }
  }

  /** F6: list and entry; Enter adds it (or says what is wrong and keeps the prompt open). */
  private addPrompt(): PromptForm {
    const at = this.rows[this.list.cursor];
    return new PromptForm(
      'add-watch-entry',
      ADD_FIELDS,
      { list: at?.list ?? '' },
      (v) => {
        const list = listNamed(v.list ?? '');
        if (!list) return { error: `List ${(v.list ?? '').trim() || '(blank)'} not valid: type one of ${WATCH_LIST_NAMES.join(', ')}.`, field: 'list' };
        const r = this.services.watchLists.add(list, [v.entry ?? '']);
        if (!r.ok) return { error: `${r.error}.`.replace(/\.\.$/, '.'), field: 'entry' };
        this.resume();
        const i = this.rows.findIndex((x) => x.list === list && x.entry === (v.entry ?? '').trim());
        if (i >= 0) this.list.focus(i);
        return { pop: true, message: { text: `${(v.entry ?? '').trim()} added to ${list}.`, error: false } };
      },
      ADD_NOTE,
    );
  }

  /** 4 removes the entries typed (all checked against the key map first). */
  private enter(): Outcome {
    if (this.list.typed().length === 0) return (this.resume(), {});
    const plan = this.plan(this.services.readOnly, (k) => this.rows.findIndex((r) => keyOf(r) === k));
    if (!Array.isArray(plan)) return plan;
    const gone = plan.map((p) => this.rows.find((r) => keyOf(r) === p.key)!);
    for (const list of WATCH_LIST_NAMES) {
      const entries = gone.filter((r) => r.list === list).map((r) => r.entry);
      if (!entries.length) continue;
      const r = this.services.watchLists.remove(list, entries);
      if (!r.ok) return (this.resume(), error(r.error));
    }
    this.list.options.clear();
    this.resume();
    return info(`${gone.length} entr${gone.length === 1 ? 'y' : 'ies'} removed.`);
  }

  render(ctx: ViewContext): Grid {
    return renderWatchLists(
      { rows: this.rows, list: { top: this.list.top, cursor: this.list.cursor, option: (i) => this.list.options.get(keyOf(this.rows[i]!)) } },
      ctx,
    );
  }
}
