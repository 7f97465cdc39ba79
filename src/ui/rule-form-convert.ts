// Rule ↔ editor form: what the form cannot show (time windows, frequency, notify, watch filters, tests) is
// kept from the rule as written and named on its tab, so changing a rule on screen never loses a part of it.
import type { FieldCondition, RuleDraft, RuleMatch } from '../core/rule-types.js';
import type { Message } from '../core/types.js';
import { CONDITION_ROWS, FIELDS, fieldDef, type FormValues, type TabId } from './rule-form.js';

/** A rule as the form shows it, with the parts it keeps unchanged and the tabs it cannot edit. */
export interface RuleForm {
  values: FormValues;
  /** Notes per tab about what is kept as written. */
  kept: Partial<Record<TabId, string>>;
  locked: TabId[];
}

/** A problem found while building a rule from the form, on a field of it. */
export interface FormProblem {
  key: string | null;
  message: string;
}

const TEST_KEYS = { EQ: 'equals', GLOB: 'glob', REGEX: 'regex', IN: 'in', GT: 'gt', GE: 'ge', LT: 'lt', LE: 'le', EXIST: 'exists' } as const;
const CODE_OF = Object.fromEntries(Object.entries(TEST_KEYS).map(([code, key]) => [key, code])) as Record<string, string>;

const text = (v: string | string[] | undefined) => (v === undefined ? '' : Array.isArray(v) ? v.join(',') : v);
const flag = (b: boolean | undefined) => (b ? 'Y' : 'N');

/** `a, b` → `['a', 'b']`, `a` → `'a'`, blank → undefined. */
export function listValue(s: string | undefined): string | string[] | undefined {
  const items = (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return items.length === 0 ? undefined : items.length === 1 ? items[0] : items;
}

/** One row per test of each condition; null when a condition cannot be shown as rows (a negated pair). */
function conditionRows(conds: FieldCondition[]): FormValues | null {
  const v: FormValues = {};
  let row = 0;
  for (const c of conds) {
    const tests = Object.keys(TEST_KEYS)
      .map((code) => TEST_KEYS[code as keyof typeof TEST_KEYS])
      .filter((k) => c[k] !== undefined);
    if (tests.length !== 1 && c.not) return null;
    for (const k of tests) {
      if (row >= CONDITION_ROWS) return null;
      const raw = c[k]!;
      Object.assign(v, {
        [`c${row}.field`]: c.field,
        [`c${row}.test`]: CODE_OF[k]!,
        [`c${row}.not`]: flag(c.not),
        [`c${row}.case`]: flag(c.ignoreCase),
        [`c${row}.missing`]: flag(c.orMissing),
        [`c${row}.value`]: k === 'exists' ? flag(raw as boolean) : Array.isArray(raw) ? raw.join(',') : String(raw),
      });
      row++;
    }
  }
  return v;
}

/** The form of a rule (or of a draft made from a message). */
export function formFromRule(r: RuleDraft): RuleForm {
  const m = r.match;
  const a = r.actions;
  const kept: RuleForm['kept'] = {};
  const locked: TabId[] = [];
  const values: FormValues = {
    desc: r.description,
    seq: r.seq === undefined ? '' : String(r.seq),
    enabled: flag(r.enabled !== false),
    log: a.log ?? 'Y',
    sev: a.severity === undefined ? '' : String(a.severity),
    rewrite: a.text ?? '',
    hlColor: a.highlight?.color ?? '',
    hlReverse: flag(a.highlight?.reverse),
    hlBlink: flag(a.highlight?.blink),
    hlUnderline: flag(a.highlight?.underline),
    inquiry: flag(a.inquiry),
    replies: text(a.replies),
    defaultReply: a.defaultReply ?? '',
    comment: flag(a.requireComment),
    tags: text(a.tags),
    cont: flag(a.then === 'continue'),
  };
  if (r.watch) {
    locked.push('filters', 'fields');
    kept.filters = `A watch rule (raises MON0030): its filters are in "watch". Change them in a rule file (msgmon rules export, import --replace).`;
  } else {
    Object.assign(values, {
      msgId: text(m.msgId),
      system: text(m.system),
      source: text(m.source),
      user: text(m.user),
      sevMin: m.severity?.min === undefined ? '' : String(m.severity.min),
      sevMax: m.severity?.max === undefined ? '' : String(m.severity.max),
      textContains: m.text?.contains ?? '',
      textRegex: m.text?.regex ?? '',
      textCase: flag(m.text?.ignoreCase),
    });
    const rows = conditionRows(m.fields ?? []);
    if (rows) Object.assign(values, rows);
    else {
      locked.push('fields');
      kept.fields = `These conditions do not fit the rows (${(m.fields ?? []).length}, or a negated pair): they are kept as written. Change them in a rule file.`;
    }
    const more = [
      m.when && 'time windows',
      m.frequency && `frequency ${m.frequency.count} in ${m.frequency.minutes} min by ${(m.frequency.by ?? []).join(',') || 'rule'}`,
    ];
    if (more.some(Boolean)) kept.filters = `Kept as written: ${more.filter(Boolean).join('; ')}.`;
  }
  const acts = [a.notify?.length && `notify ${a.notify.join(',')}`, a.escalate && `escalate ${a.escalate}`].filter(Boolean);
  if (acts.length) kept.actions = `Kept as written: ${acts.join('; ')}.`;
  if (r.tests?.length)
    kept.general = `${r.tests.length} test case${r.tests.length === 1 ? '' : 's'}: run when the rule is saved; a failing one stops the save.`;
  return { values, kept, locked };
}

/** Builds the conditions of the Fields tab; `rows[i]` is the form row of condition i (for problems). */
function conditionsFrom(v: FormValues): { conds: FieldCondition[]; rows: number[] } | FormProblem {
  const conds: FieldCondition[] = [];
  const rows: number[] = [];
  for (let r = 0; r < CONDITION_ROWS; r++) {
    const get = (cell: string) => (v[`c${r}.${cell}`] ?? '').trim();
    const field = get('field');
    if (!field) {
      if (get('value') || get('test')) return { key: `c${r}.field`, message: `Condition ${r + 1}: name the field it tests (F4 for a list)` };
      continue;
    }
    const code = (get('test') || 'EQ').toUpperCase();
    const key = TEST_KEYS[code as keyof typeof TEST_KEYS];
    if (!key) return { key: `c${r}.test`, message: `Condition ${r + 1}: test ${code} is not one of ${Object.keys(TEST_KEYS).join(' ')}` };
    const raw = v[`c${r}.value`] ?? '';
    const c: FieldCondition = { field };
    if (key === 'in') c.in = [listValue(raw) ?? []].flat();
    else if (key === 'exists') {
      if (!['', 'Y', 'N'].includes(raw.trim().toUpperCase()))
        return { key: `c${r}.value`, message: `Condition ${r + 1}: EXIST takes Y (present) or N (absent)` };
      c.exists = raw.trim().toUpperCase() !== 'N';
    } else if (['gt', 'ge', 'lt', 'le'].includes(key)) {
      if (raw.trim() === '' || !Number.isFinite(Number(raw)))
        return { key: `c${r}.value`, message: `Condition ${r + 1}: ${code} compares numbers; type a number` };
      c[key as 'gt'] = Number(raw);
    } else c[key as 'equals'] = raw;
    for (const [cell, prop] of [
      ['not', 'not'],
      ['case', 'ignoreCase'],
      ['missing', 'orMissing'],
    ] as const)
      if (get(cell).toUpperCase() === 'Y') c[prop] = true;
    conds.push(c);
    rows.push(r);
  }
  return { conds, rows };
}

/** What the form says, merged into the rule it was made from; or the first problem found. */
export function draftFromForm(
  v: FormValues,
  base: RuleDraft | null,
  locked: readonly TabId[],
): { draft: RuleDraft; clear: boolean; conditionRows: number[] } | FormProblem {
  for (const [key, value] of Object.entries(v)) {
    const def = fieldDef(key);
    if (def?.prompt === 'yn' && !['', 'Y', 'N'].includes(value.toUpperCase())) return { key, message: `${def.label}: type Y or N` };
  }
  const yes = (key: string, blank = false) => (v[key] ? v[key]!.toUpperCase() === 'Y' : blank);
  const num = (key: string): number | undefined | FormProblem => {
    const s = (v[key] ?? '').trim();
    if (s === '') return undefined;
    return /^\d+$/.test(s) ? Number(s) : { key, message: `${fieldDef(key)!.label}: type a whole number` };
  };
  const nums = { seq: num('seq'), sevMin: num('sevMin'), sevMax: num('sevMax'), sev: num('sev') };
  for (const n of Object.values(nums)) if (typeof n === 'object') return n;
  const [seq, sevMin, sevMax, sev] = [nums.seq, nums.sevMin, nums.sevMax, nums.sev] as (number | undefined)[];
  const match: RuleMatch = { ...(base?.match ?? {}) };
  let conditionRows: number[] = [];
  if (!locked.includes('filters')) {
    for (const k of ['msgId', 'system', 'source', 'user', 'severity', 'text'] as const) delete match[k];
    Object.assign(
      match,
      Object.fromEntries(
        Object.entries({
          msgId: listValue(v.msgId),
          system: listValue(v.system),
          source: listValue(v.source),
          user: listValue(v.user),
          severity:
            sevMin === undefined && sevMax === undefined
              ? undefined
              : { ...(sevMin === undefined ? {} : { min: sevMin }), ...(sevMax === undefined ? {} : { max: sevMax }) },
          text:
            !v.textContains && !v.textRegex
              ? undefined
              : {
                  ...(v.textContains ? { contains: v.textContains } : {}),
                  ...(v.textRegex ? { regex: v.textRegex } : {}),
                  ...(yes('textCase') ? { ignoreCase: true } : {}),
                },
        }).filter(([, x]) => x !== undefined),
      ),
    );
  }
  if (!locked.includes('fields')) {
    const built = conditionsFrom(v);
    if ('message' in built) return built;
    delete match.fields;
    if (built.conds.length) match.fields = built.conds;
    conditionRows = built.rows;
  }
  const {
    log: _l,
    severity: _s,
    text: _t,
    highlight: _h,
    inquiry: _i,
    replies: _r,
    defaultReply: _d,
    requireComment: _c,
    tags: _g,
    then: _n,
    ...keptActions
  } = base?.actions ?? {};
  const highlight = {
    ...(v.hlColor ? { color: v.hlColor.trim().toLowerCase() } : {}),
    ...(yes('hlReverse') ? { reverse: true } : {}),
    ...(yes('hlBlink') ? { blink: true } : {}),
    ...(yes('hlUnderline') ? { underline: true } : {}),
  };
  const tags = listValue(v.tags);
  const replies = listValue(v.replies);
  const actions = {
    ...keptActions,
    ...(v.log && (v.log !== 'Y' || base?.actions.log) ? { log: v.log } : {}),
    ...(sev === undefined ? {} : { severity: sev }),
    ...(v.rewrite?.trim() ? { text: v.rewrite.trimEnd() } : {}),
    ...(Object.keys(highlight).length ? { highlight } : {}),
    ...(yes('inquiry') ? { inquiry: true } : {}),
    ...(replies === undefined ? {} : { replies: [replies].flat() }),
    ...(v.defaultReply?.trim() ? { defaultReply: v.defaultReply.trim() } : {}),
    ...(yes('comment') ? { requireComment: true } : {}),
    ...(tags === undefined ? {} : { tags: [tags].flat() }),
    ...(yes('cont') ? { then: 'continue' } : {}),
  } as RuleDraft['actions'];
  const draft: RuleDraft = {
    ...(base?.id === undefined ? {} : { id: base.id }),
    ...(seq === undefined ? {} : { seq }),
    description: (v.desc ?? '').trim(),
    enabled: yes('enabled', true),
    match,
    actions,
    ...(base?.watch ? { watch: base.watch } : {}),
    ...(base?.tests ? { tests: base.tests } : {}),
  };
  return { draft, clear: yes('clear'), conditionRows };
}

/** The form field a schema problem path belongs to (`match.fields.0.regex` → the value of the row it came from). */
export function fieldForPath(path: string, conditionRows: readonly number[]): string | null {
  const c = /^match\.fields\.(\d+)(?:\.(\w+))?/.exec(path);
  if (c) {
    const row = conditionRows[Number(c[1])] ?? 0;
    const cell = { field: 'field', ignoreCase: 'case', not: 'not', orMissing: 'missing' }[c[2] ?? ''] ?? (c[2] ? 'value' : 'test');
    return `c${row}.${cell}`;
  }
  let best: { key: string; len: number } | null = null;
  for (const { key, paths } of FIELDS) {
    for (const p of paths) {
      if ((path === p || path.startsWith(`${p}.`)) && p.length > (best?.len ?? -1)) best = { key, len: p.length };
    }
  }
  return best?.key ?? (path === 'tests' ? 'desc' : null);
}

/** Attributes a new rule takes from a console message on 9=Create rule, besides message ID, system and user. */
export const PREFILL_FIELDS = ['client', 'protocol'];

/**
 * A new rule from a message: its message ID, and either (9=Create rule on the console) system, user, client
 * and protocol with log option L, or (1=Use in new rule on Attributes) the attributes picked, tested for equality.
 */
export function draftFromMessage(m: Message, picked?: readonly string[]): RuleDraft {
  const user = m.fields.user === undefined ? undefined : String(m.fields.user);
  const names = picked ?? ['system', ...(user === undefined ? [] : ['user']), ...PREFILL_FIELDS.filter((f) => m.fields[f] !== undefined)];
  const match: RuleMatch = { msgId: m.msgId };
  const fields: FieldCondition[] = [];
  for (const name of names) {
    if (name === 'system') match.system = m.system;
    else if (name === 'source') match.source = m.source;
    else if (name === 'user' && user !== undefined) match.user = user;
    else {
      const value = name === 'session' ? m.session : name === 'severity' ? m.severity : m.fields[name];
      if (value !== undefined && value !== null) fields.push({ field: name, equals: String(value) });
    }
  }
  if (fields.length) match.fields = fields;
  const from = picked ? (picked.includes('user') ? user : undefined) : (user ?? m.system);
  return {
    description: `Messages like ${m.msgId}${from ? ` from ${from}` : ''}`.slice(0, 120),
    enabled: true,
    match,
    actions: picked ? {} : { log: 'L' },
  };
}
