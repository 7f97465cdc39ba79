// Rule changes, once, for the screens (Work with Rules, the rule editor, 9=Create rule) and for `msgmon rules`:
// every rule is checked by the schema and its own inline tests before anything is saved, changes are made under
// the configuration's lock from a fresh read, --read-only is refused here, and a running follower picks a change
// up at its next batch (the file's mtime changes).
import type {
  MessageAction,
  MessageHelp,
  RulePromptKind,
  RulePromptValue,
  RuleProblem,
  RuleRow,
  RuleSaveResult,
  RuleService,
  RuleTestResult,
} from '../core/services.js';
import type { Rule, RuleDraft, RuleHits } from '../core/rule-types.js';
import { UserError } from '../core/errors.js';
import { consoleMatches, replaySteps, runSteps, type ReplayCatalog, type ReplayStore } from '../pipeline/rule-replay.js';
import { parseConfigRules } from '../rules/rule-file.js';
import { actionWord, assignIds, filterSummary, msgIdSummary, notYetThere, ordered } from '../rules/rule-list.js';
import { asDraft, draftSchema } from '../rules/schema.js';
import { runRuleTests } from '../rules/self-test.js';
import { ConfigStore } from '../store/config-store.js';
import { missingRefs } from '../notify/refs.js';
import type { MessageStore } from '../store/message-store.js';
import { recentFieldNames, seenValues } from '../store/seen-values.js';

/** What a change makes of the current rules: the rules to save (none: nothing changes) and what to report. */
export interface RulesEdit<T> {
  rules?: Rule[];
  result: T;
}

/**
 * Changes the configured rules: `edit` gets the rules of a fresh read under the configuration's lock and its
 * rules are saved atomically before the lock is let go, so parallel changes never lose one another and the
 * ids an edit hands out are the ids saved. Returns the edit's result.
 */
export function updateRules<T>(config: ConfigStore, edit: (rules: Rule[]) => RulesEdit<T>): T {
  return config.update((d) => {
    const before = parseConfigRules(d.rules, config.file);
    const e = edit(before);
    if (e.rules) refuseMissingRefs(e.rules, before, d);
    if (e.rules) d.rules = ordered(e.rules) as unknown as Array<Record<string, unknown>>;
    return e.result;
  });
}

/** A new or changed rule that notifies a channel or starts a procedure the configuration does not have is refused. */
function refuseMissingRefs(rules: Rule[], before: Rule[], d: { channels: Array<Record<string, unknown>>; escalations: Array<Record<string, unknown>> }): void {
  const old = new Set(before.map((r) => JSON.stringify(r)));
  const channels = d.channels.map((c) => String(c.name));
  const procedures = d.escalations.map((p) => String(p.name));
  for (const r of rules) {
    if (old.has(JSON.stringify(r))) continue;
    const missing = missingRefs(r.actions, channels, procedures);
    if (missing.length) throw new UserError(`rule${r.id ? ` #${r.id}` : ''} not saved: ${missing.map((m) => `${m.path}: ${m.message}`).join('; ')}`);
  }
}

/** Where the rules are kept: read fresh each time, so changes made by `msgmon rules` show on F5. */
export interface RuleConfig {
  read(): Rule[];
  /** Applies `edit` to a fresh read and saves its rules, serialised with every other writer; returns its result. */
  update<T>(edit: (rules: Rule[]) => RulesEdit<T>): T;
}

/** What the service needs of the message store. */
export interface RuleStoreAccess extends ReplayStore {
  ruleHits(): Map<number, RuleHits>;
  clearRuleHits(ruleId: number): void;
  act(ids: number[], action: MessageAction): number[];
  lastId(): number;
  /** Distinct values seen, sorted. */
  seen(column: 'system' | 'user'): string[];
  /** Field names of recent messages, sorted. */
  fieldNames(): string[];
}

/** What the service needs of the catalog. */
export interface RuleCatalog extends ReplayCatalog {
  ids(): string[];
  help(msgId: string): MessageHelp | null;
}

/** A dry run on screen reads this many of the newest messages, so F10 answers in about a second at any store size. */
export const SCREEN_TEST_WINDOW = 100_000;

/** Attributes every message has, which field conditions may test besides its fields. */
const ATTRIBUTES: RulePromptValue[] = [
  { value: 'system', text: 'System the message came from' },
  { value: 'source', text: 'Source (log file) on that system' },
  { value: 'msgId', text: 'Message ID' },
  { value: 'severity', text: 'Severity 0-99 (numbers: GT GE LT LE)' },
  { value: 'session', text: 'FTP/SFTP session id' },
  { value: 'text', text: 'First-level message text' },
];

function problemsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): RuleProblem[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** RuleService over a rule configuration, a message store and the catalog. */
export class ConfigRuleService implements RuleService {
  constructor(
    private readonly config: RuleConfig,
    private readonly store: RuleStoreAccess,
    private readonly catalog: RuleCatalog,
    private readonly readOnly: boolean,
  ) {}

  list(): RuleRow[] {
    const hits = this.store.ruleHits();
    return ordered(this.config.read()).map((rule) => ({
      rule,
      hits: hits.get(rule.id)?.hits ?? 0,
      lastHit: hits.get(rule.id)?.lastHit ?? null,
      msgIds: msgIdSummary(rule),
      action: actionWord(rule),
      filters: filterSummary(rule),
    }));
  }

  get(id: number): Rule | null {
    return this.config.read().find((r) => r.id === id) ?? null;
  }

  save(draft: RuleDraft, opts: { clearConsole?: boolean } = {}): RuleSaveResult {
    if (this.readOnly) return { ok: false, problems: [{ path: '', message: 'not allowed: msgmon runs read-only' }] };
    const checked = this.check(draft);
    if (!Array.isArray(checked)) return { ok: false, problems: checked.problems };
    const [d] = checked;
    try {
      const rule = this.config.update<Rule | null>((rules) => {
        if (d.id === undefined) {
          const added = assignIds(rules, [d])[0]!;
          return { rules: [...rules, added], result: added };
        }
        const old = rules.find((r) => r.id === d.id);
        if (!old) return { result: null };
        const changed = { ...d, id: old.id, seq: d.seq ?? old.seq };
        return { rules: rules.map((r) => (r === old ? changed : r)), result: changed };
      });
      if (!rule) return { ok: false, problems: [{ path: 'id', message: `rule #${d.id} no longer exists (deleted meanwhile); press F12` }] };
      const cleared = opts.clearConsole && rule.enabled ? this.store.act(consoleMatches(this.store, this.catalog, rule), 'remove').length : 0;
      const warning = rule.actions.log === 'N' ? `rule #${rule.id} discards what it matches (log option N): nothing of those messages is kept` : null;
      return { ok: true, rule, added: d.id === undefined, warning, cleared };
    } catch (err) {
      if (err instanceof UserError) return { ok: false, problems: [{ path: '', message: err.message }] };
      throw err;
    }
  }

  remove(id: number): Rule | null {
    this.writable();
    const removed = this.config.update<Rule | null>((rules) => {
      const old = rules.find((r) => r.id === id);
      return old ? { rules: rules.filter((r) => r !== old), result: old } : { result: null };
    });
    if (removed) this.store.clearRuleHits(id);
    return removed;
  }

  setEnabled(id: number, enabled: boolean): Rule | null {
    return this.changeOne(id, (old) => ({ ...old, enabled }));
  }

  /** Gives a rule another sequence number (rules run lowest first); null when it is gone. */
  move(id: number, seq: number): Rule | null {
    return this.changeOne(id, (old) => ({ ...old, seq }));
  }

  /**
   * Adds the drafts of a rule file (`rules add`, `rules import`), all or nothing: each must pass its own inline
   * tests (the schema checked them when the file was read). `skipPresent` leaves out rules whose content is there
   * already (importing a file twice adds it once); `replace` restores a file as it is, ids included.
   */
  addAll(drafts: RuleDraft[], opts: { source: string; replace?: boolean; skipPresent?: boolean }): { added: Rule[]; present: Rule[] } {
    this.writable();
    drafts.forEach((d, i) => {
      const failed = this.failedTests(d);
      if (failed.length) throw new UserError(`${opts.source}: rule ${i + 1} ("${d.description}"): tests: ${failed.join('; ')}; nothing was changed`);
    });
    return this.config.update((current) => {
      const existing = opts.replace ? [] : current;
      const { fresh, present } = opts.skipPresent && !opts.replace ? notYetThere(existing, drafts) : { fresh: drafts, present: [] };
      const added = assignIds(existing, fresh, opts.replace);
      const seen = new Set<number>();
      for (const r of added) {
        if (seen.has(r.id)) throw new UserError(`${opts.source}: id ${r.id} is used twice; nothing was changed`);
        seen.add(r.id);
      }
      return { rules: [...existing, ...added], result: { added, present } };
    });
  }

  test(draft: RuleDraft, opts: { examples?: number } = {}): RuleTestResult {
    return runSteps(this.testInSteps(draft, opts));
  }

  *testInSteps(draft: RuleDraft, opts: { examples?: number } = {}): Generator<{ done: number; total: number }, RuleTestResult> {
    const checked = this.check(draft, false);
    if (!Array.isArray(checked)) return { ok: false, problems: checked.problems };
    const [d] = checked;
    const rule: Rule = { ...d, id: d.id ?? 0, seq: d.seq ?? 0 };
    const last = this.store.lastId();
    const afterId = Math.max(0, last - SCREEN_TEST_WINDOW);
    // Ids are dense but for deleted rows: the window's size is a close enough total for a progress figure.
    const total = Math.min(this.store.count({}), last - afterId);
    const { perRule: _, ...report } = yield* replaySteps(this.store, this.catalog, [rule], { afterId, total }, opts.examples ?? 5);
    return { ok: true, report };
  }

  prompt(kind: RulePromptKind): RulePromptValue[] {
    if (kind === 'msgId') return this.catalog.ids().map((value) => ({ value, text: this.catalog.help(value)?.template ?? '' }));
    if (kind === 'field') {
      const names = new Set(ATTRIBUTES.map((a) => a.value));
      return [
        ...ATTRIBUTES,
        ...this.store
          .fieldNames()
          .filter((f) => !names.has(f))
          .map((value) => ({ value, text: 'field seen in recent messages' })),
      ];
    }
    return this.store.seen(kind).map((value) => ({ value, text: '' }));
  }

  /** The draft validated by the rules schema (and, for saving, its own inline tests), or the problems. */
  private check(draft: RuleDraft, tests = true): [RuleDraft] | { problems: RuleProblem[] } {
    const parsed = draftSchema.safeParse(draft);
    if (!parsed.success) return { problems: problemsOf(parsed.error.issues) };
    const d = asDraft(parsed.data);
    if (tests) {
      const failed = this.failedTests(d);
      if (failed.length) return { problems: [{ path: 'tests', message: `the rule fails its own tests: ${failed.join('; ')}` }] };
    }
    return [d];
  }

  /** The rule's inline tests that fail, rendered with the catalog as the engine would. */
  private failedTests(d: RuleDraft): string[] {
    return runRuleTests(d, (id, f) => ({ text: this.catalog.text(id, f), severity: this.catalog.severity(id) }));
  }

  /** Changes the rule with this id in a fresh read; null when it is gone. */
  private changeOne(id: number, edit: (old: Rule) => Rule): Rule | null {
    this.writable();
    return this.config.update<Rule | null>((rules) => {
      const old = rules.find((r) => r.id === id);
      if (!old) return { result: null };
      const rule = edit(old);
      return { rules: rules.map((r) => (r === old ? rule : r)), result: rule };
    });
  }

  private writable(): void {
    if (this.readOnly) throw new UserError('not allowed: msgmon runs read-only');
  }
}

/** The configuration file of a home as a RuleConfig: read and validated fresh, changed under its lock, saved atomically (0600). */
export function fileRuleConfig(file: string): RuleConfig {
  return {
    read: () => parseConfigRules(new ConfigStore(file).data.rules, file),
    update: (edit) => updateRules(new ConfigStore(file), edit),
  };
}

/** The SQLite store as the service needs it, opened only when a call needs it (`rules add` needs no store). */
export function storeRuleAccess(store: () => MessageStore): RuleStoreAccess {
  return {
    scan: (q, after, limit) => store().scan(q, after, limit),
    count: (q) => store().count(q),
    ruleHits: () => store().ruleHits(),
    clearRuleHits: (id) => store().clearRuleHits(id),
    act: (ids, action) => store().act(ids, action),
    lastId: () => store().lastId(),
    seen: (column) => seenValues(store().db, column),
    fieldNames: () => recentFieldNames(store().db),
  };
}
