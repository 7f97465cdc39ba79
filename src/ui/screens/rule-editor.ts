// The rule editor: General / Filters / Fields / Actions tabs of input fields; Enter saves through the
// RuleService (which validates whole), F4 lists values for the field, F10 shows a dry run, F12 cancels.
import type { RuleProblem, RuleRow, RuleTestResult, Services } from '../../core/services.js';
import type { Rule, RuleDraft } from '../../core/rule-types.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { renderRuleEditor, type EditorMode, type EditorView } from '../render-rule-editor.js';
import { fieldDef, TABS, tabFields, type FormValues, type TabId } from '../rule-form.js';
import { draftFromForm, fieldForPath, formFromRule, type FormProblem } from '../rule-form-convert.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { BackgroundSteps } from '../background-steps.js';
import { promptValues } from '../prompt-values.js';
import { RuleTestScreen } from './rule-test.js';
import { SelectValue } from './select-value.js';

/** The sequence number a new rule gets: the next free tens below 100, so it runs before the starter set. */
export function suggestSeq(seqs: readonly number[]): number {
  const own = seqs.filter((s) => s < 100);
  const next = (own.length ? Math.max(...own) : 0) + 10;
  return next < 100 && !seqs.includes(next) ? next : Math.max(0, ...seqs) + 10;
}

/** Controller of the rule editor for one rule (or a new one). */
export class RuleEditor implements Screen {
  readonly id = 'rule-editor' as const;
  tab: TabId = 'general';
  readonly values: FormValues;
  readonly kept: EditorView['kept'];
  readonly locked: TabId[];
  /** Index of the focused field among the current tab's fields, and the character position in it. */
  focusIndex = 0;
  pos = 0;
  /** The F10 test while it runs in steps, and what its result opens. */
  private testing: { job: BackgroundSteps<RuleTestResult>; report: (r: RuleTestResult) => Outcome } | null = null;

  private constructor(
    private readonly services: Services,
    private readonly keymap: Keymap,
    readonly mode: EditorMode,
    private readonly base: RuleDraft | null,
    private readonly stats: Pick<RuleRow, 'hits' | 'lastHit'>,
    clear: boolean,
  ) {
    const form = formFromRule(base ?? { description: '', enabled: true, match: {}, actions: {} });
    this.values = { ...form.values, clear: clear ? 'Y' : 'N' };
    this.kept = form.kept;
    this.locked = form.locked;
    if (mode === 'create' && !this.values.seq) this.values.seq = String(suggestSeq(this.seqs()));
    // The cursor starts at the beginning of the first field, so a long description shows its start (5250 style).
    this.pos = 0;
  }

  /** A new rule, blank (F6) or from a draft (9=Create rule, 1=Use in new rule); clears the console of what it silences. */
  static create(services: Services, draft: RuleDraft | null = null, keymap: Keymap = DEFAULT_KEYMAP): RuleEditor {
    return new RuleEditor(services, keymap, 'create', draft, { hits: 0, lastHit: null }, true);
  }

  /** A new rule starting from a copy of `rule` (3=Copy). */
  static copy(services: Services, rule: Rule, keymap: Keymap = DEFAULT_KEYMAP): RuleEditor {
    const { id: _id, seq: _seq, ...rest } = rule;
    return RuleEditor.create(services, rest, keymap);
  }

  /** Change (2) or display (5) a rule. */
  static open(services: Services, row: RuleRow, mode: 'change' | 'display', keymap: Keymap = DEFAULT_KEYMAP): RuleEditor {
    return new RuleEditor(services, keymap, mode, row.rule, row, false);
  }

  resize(): void {}

  private seqs(): number[] {
    try {
      return this.services.rules.list().map((r) => r.rule.seq);
    } catch {
      return [];
    }
  }

  private fields(): string[] {
    return this.locked.includes(this.tab) || this.mode === 'display' ? [] : tabFields(this.tab).map((f) => f.key);
  }

  private key(): string | undefined {
    return this.fields()[this.focusIndex];
  }

  /** Where the cursor rests on entering a field: after its value (on a one-character field, on it). */
  private end(): number {
    const k = this.key();
    return k && fieldDef(k)!.max > 1 ? this.value().length : 0;
  }

  private value(): string {
    const k = this.key();
    return k ? (this.values[k] ?? '') : '';
  }

  /** Moves the cursor to a field (switching tab); the cursor rests after its value. */
  focus(key: string): void {
    const def = fieldDef(key);
    if (!def) return;
    this.tab = def.tab;
    this.focusIndex = Math.max(0, this.fields().indexOf(key));
    this.pos = this.end();
  }

  type(ch: string): Outcome | false {
    if (this.mode === 'display') return error('The rule is only displayed here: use 2=Change on Work with Rules to change it.');
    const key = this.key();
    if (!key) return error('No input field on this tab.');
    const def = fieldDef(key)!;
    const c = def.upper ? ch.toUpperCase() : ch;
    const v = this.values[key] ?? '';
    if (def.max === 1) return ((this.values[key] = c), (this.pos = 0), {});
    if ([...v].length >= def.max) return error(`${def.label}: at most ${def.max} characters.`);
    this.values[key] = v.slice(0, this.pos) + c + v.slice(this.pos);
    this.pos += c.length;
    return {};
  }

  edit(name: string): Outcome | false {
    const key = this.key();
    if (!key) return false;
    const v = this.values[key] ?? '';
    const one = fieldDef(key)!.max === 1;
    switch (name) {
      case 'left':
        this.pos = Math.max(0, this.pos - 1);
        return {};
      case 'right':
        this.pos = Math.min(one ? 0 : v.length, this.pos + 1);
        return {};
      case 'home':
        this.pos = 0;
        return {};
      case 'end':
        this.pos = one ? 0 : v.length;
        return {};
      case 'backspace':
        if (one) this.values[key] = '';
        else if (this.pos > 0) (this.values[key] = v.slice(0, this.pos - 1) + v.slice(this.pos)), this.pos--;
        return {};
      case 'delete':
        this.values[key] = one ? '' : v.slice(0, this.pos) + v.slice(this.pos + 1);
        return {};
      case 'erase-field':
        this.values[key] = '';
        this.pos = 0;
        return {};
      case 'erase-to-end':
        this.values[key] = v.slice(0, this.pos);
        return {};
      default:
        return false;
    }
  }

  command(id: string): Outcome | undefined {
    const n = this.fields().length;
    switch (id) {
      case 'enter':
        return this.mode === 'display' ? { pop: true } : this.save();
      case 'next-field':
      case 'prev-field':
        if (n === 0) return {};
        this.focusIndex = (this.focusIndex + (id === 'next-field' ? 1 : n - 1)) % n;
        this.pos = this.end();
        return {};
      case 'next-tab':
      case 'prev-tab': {
        const i = TABS.findIndex((t) => t.id === this.tab);
        this.tab = TABS[(i + (id === 'next-tab' ? 1 : TABS.length - 1)) % TABS.length]!.id;
        this.focusIndex = 0;
        this.pos = this.end();
        return {};
      }
      case 'prompt':
        return this.prompt();
      case 'erase-field':
      case 'erase-to-end':
        return this.edit(id) || {};
      case 'run-test':
        return this.test();
      default:
        return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    const key = this.key();
    const progress = this.testing?.job.progressLine();
    if (progress) ctx = { ...ctx, message: ctx.message ?? { text: progress, error: false } };
    return renderRuleEditor(
      {
        mode: this.mode,
        tab: this.tab,
        values: this.values,
        kept: this.kept,
        locked: this.locked,
        focus: key ? { key, pos: this.pos } : null,
        rule: { id: this.mode === 'create' ? null : (this.base?.id ?? null), ...this.stats },
      },
      ctx,
    );
  }

  /** The problem's field gets the cursor; the message line names the field. */
  private problem(p: FormProblem): Outcome {
    if (p.key && !this.locked.includes(fieldDef(p.key)?.tab ?? 'general')) this.focus(p.key);
    const def = p.key ? fieldDef(p.key) : undefined;
    const named = def && !p.message.startsWith(def.label) && !p.message.startsWith('Condition') ? `${def.label}: ${p.message}` : p.message;
    return error(named);
  }

  /** A problem the service found: on its field when the form has one, else named by its schema path. */
  private serviceProblem(p: RuleProblem, conditionRows: number[]): Outcome {
    const key = fieldForPath(p.path, conditionRows);
    const message = plainWords(p.message);
    return this.problem({ key, message: key || !p.path ? message : `${p.path}: ${message}` });
  }

  private build() {
    return draftFromForm(this.values, this.mode === 'create' ? this.base && { ...this.base, id: undefined } : this.base, this.locked);
  }

  private save(): Outcome {
    const built = this.build();
    if ('message' in built) return this.problem(built);
    const r = this.services.rules.save(built.draft, { clearConsole: built.clear });
    if (!r.ok) return this.serviceProblem(r.problems[0]!, built.conditionRows);
    const notes = [`Rule #${r.rule.id} ${r.added ? 'added' : 'changed'}.`];
    if (r.cleared) notes.push(`${r.cleared} message${r.cleared === 1 ? '' : 's'} taken off the console.`);
    if (r.warning) notes.push(`Note: ${r.warning}.`);
    return { pop: true, message: { text: notes.join(' '), error: false } };
  }

  /**
   * F10: the dry run. A test over many messages runs in steps between key presses with its progress on the message
   * line ("Testing rule ... 40%"); the report opens when it ends.
   */
  private test(): Outcome {
    if (this.testing) return error('The test is still running; its report opens when it ends.');
    const built = this.build();
    if ('message' in built) return this.problem(built);
    const subject = this.mode === 'create' ? `"${built.draft.description}" (as typed, not saved)` : `#${this.base?.id} "${built.draft.description}" (as typed)`;
    const report = (r: RuleTestResult): Outcome =>
      r.ok ? { push: [new RuleTestScreen(r.report, subject, this.keymap)] } : this.serviceProblem(r.problems[0]!, built.conditionRows);
    const steps = this.services.rules.testInSteps?.(built.draft);
    if (!steps) return report(this.services.rules.test(built.draft));
    const job = new BackgroundSteps(steps, () => this.services.now(), `Testing rule ${built.draft.description}`);
    const done = job.runFor();
    if (done) return report(done);
    this.testing = { job, report };
    job.continueInBackground();
    return {};
  }

  /** A test running in steps: repaint as it moves, open its report when it ends. */
  tick(): boolean | Outcome {
    const t = this.testing;
    if (!t?.job.changed()) return false;
    if (!t.job.result) return true;
    this.testing = null;
    return t.report(t.job.result);
  }

  private prompt(): Outcome {
    const key = this.key();
    const listed = key ? promptValues(this.services, key, this.values) : null;
    if (!key || !listed) return error('F4 not available: this field has no list of values; type one.');
    const def = fieldDef(key)!;
    return {
      push: [
        new SelectValue(
          listed.title,
          listed.values,
          (picked) => {
            this.values[key] = def.list ? picked.join(',') : picked[0]!;
            this.pos = this.end();
          },
          this.keymap,
        ),
      ],
    };
  }
}

/** The schema's wording ("Too small: expected string to have >=1 characters") as an operator would say it. */
export function plainWords(message: string): string {
  const m = (re: RegExp) => re.exec(message);
  let r = m(/^Too small: expected string to have >=(\d+) characters?/);
  if (r) return r[1] === '1' ? 'must not be blank' : `needs at least ${r[1]} characters`;
  r = m(/^Too big: expected string to have <=(\d+) characters?/);
  if (r) return `at most ${r[1]} characters`;
  r = m(/^Too small: expected (?:number|int) to be >=?(-?[\d.]+)/);
  if (r) return `must be ${r[1]} or more`;
  r = m(/^Too big: expected (?:number|int) to be <=?(-?[\d.]+)/);
  if (r) return `must be ${r[1]} or less`;
  r = m(/^Too small: expected array to have >=(\d+) items?/);
  if (r) return r[1] === '1' ? 'must list at least one value' : `must list at least ${r[1]} values`;
  r = m(/^Invalid input: expected (\w+), received (\w+)/);
  if (r) return r[2] === 'undefined' ? 'must be filled in' : `must be a ${r[1]}`;
  return message;
}
