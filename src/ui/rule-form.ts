// The rule editor's fields as data: which tab, label, length, prompt, and which schema paths report on them.
// Rule ↔ form conversion lives in rule-form-convert.ts; the controller and renderer only read these tables.

/** The editor's tabs, in Page Down order. */
export type TabId = 'general' | 'filters' | 'fields' | 'actions';

/** Tab ids and the names on the tab bar. */
export const TABS: { id: TabId; label: string }[] = [
  { id: 'general', label: 'General' },
  { id: 'filters', label: 'Filters' },
  { id: 'fields', label: 'Fields' },
  { id: 'actions', label: 'Actions' },
];

/** What F4 lists for a field: values from the services, or a fixed choice. */
export type PromptKind = 'msgId' | 'system' | 'user' | 'field' | 'yn' | 'log' | 'color' | 'test';

/** One input field of the form. */
export interface FieldDef {
  key: string;
  tab: TabId;
  label: string;
  /** Most characters the field takes. */
  max: number;
  /** Characters shown (the rest scrolls); default `max`, clipped to the screen. */
  width?: number;
  /** Letters typed become capitals (Y/N, log option, test codes, message IDs). */
  upper?: boolean;
  /** Short help right of the field, shown when it fits. */
  hint?: string;
  prompt?: PromptKind;
  /** Several values, comma separated: F4 may pick several. */
  list?: boolean;
  /** Schema paths (prefixes) whose problems belong to this field. */
  paths: string[];
}

const yn = (key: string, tab: TabId, label: string, paths: string[], hint = 'Y=Yes, N=No'): FieldDef => ({
  key,
  tab,
  label,
  max: 1,
  upper: true,
  hint,
  prompt: 'yn',
  paths,
});

/** The labelled fields of General, Filters and Actions, in cursor order. */
export const FIELDS: FieldDef[] = [
  { key: 'desc', tab: 'general', label: 'Description', max: 120, width: 50, paths: ['description'] },
  { key: 'seq', tab: 'general', label: 'Sequence number', max: 6, hint: 'Lower runs first', paths: ['seq'] },
  yn('enabled', 'general', 'Enabled', ['enabled']),
  {
    key: 'msgId',
    tab: 'filters',
    label: 'Message ID',
    max: 120,
    width: 32,
    upper: true,
    list: true,
    prompt: 'msgId',
    hint: 'F4=List, * ? wildcards, a,b',
    paths: ['match.msgId'],
  },
  {
    key: 'system',
    tab: 'filters',
    label: 'System',
    max: 120,
    width: 32,
    list: true,
    prompt: 'system',
    hint: 'F4=List, * ? wildcards',
    paths: ['match.system'],
  },
  { key: 'source', tab: 'filters', label: 'Source', max: 120, width: 32, list: true, hint: '* ? wildcards', paths: ['match.source'] },
  { key: 'user', tab: 'filters', label: 'User', max: 120, width: 32, list: true, prompt: 'user', hint: 'F4=List, * ? wildcards', paths: ['match.user'] },
  { key: 'sevMin', tab: 'filters', label: 'Severity from', max: 2, hint: '0-99', paths: ['match.severity.min', 'match.severity'] },
  { key: 'sevMax', tab: 'filters', label: 'Severity to', max: 2, hint: '0-99', paths: ['match.severity.max'] },
  { key: 'textContains', tab: 'filters', label: 'Text contains', max: 120, width: 40, paths: ['match.text.contains', 'match.text'] },
  { key: 'textRegex', tab: 'filters', label: 'Text regex', max: 120, width: 40, paths: ['match.text.regex'] },
  yn('textCase', 'filters', 'Ignore case of text', ['match.text.ignoreCase']),
  { key: 'log', tab: 'actions', label: 'Log option', max: 1, upper: true, prompt: 'log', hint: 'Y=Console+log, L=Log only, N=Discard', paths: ['actions.log'] },
  yn('clear', 'actions', 'Clear console now', [], 'Y=Matches leave the console (L, N)'),
  { key: 'sev', tab: 'actions', label: 'Set severity', max: 2, hint: '0-99, blank=unchanged', paths: ['actions.severity'] },
  { key: 'rewrite', tab: 'actions', label: 'Rewrite text', max: 200, width: 40, hint: '&USER &PATH', paths: ['actions.text'] },
  {
    key: 'hlColor',
    tab: 'actions',
    label: 'Highlight colour',
    max: 9,
    prompt: 'color',
    hint: 'F4=List',
    paths: ['actions.highlight.color', 'actions.highlight'],
  },
  yn('hlReverse', 'actions', 'Reverse image', ['actions.highlight.reverse']),
  yn('hlBlink', 'actions', 'Blink', ['actions.highlight.blink']),
  yn('hlUnderline', 'actions', 'Underline', ['actions.highlight.underline']),
  yn('inquiry', 'actions', 'Inquiry', ['actions.inquiry'], 'Y=Stays until answered'),
  { key: 'replies', tab: 'actions', label: 'Allowed replies', max: 120, width: 32, list: true, hint: 'G,C,I  blank=any', paths: ['actions.replies'] },
  { key: 'defaultReply', tab: 'actions', label: 'Default reply', max: 16, upper: true, hint: 'blank reply records it', paths: ['actions.defaultReply'] },
  yn('comment', 'actions', 'Comment required', ['actions.requireComment'], 'Y=To acknowledge or remove'),
  { key: 'tags', tab: 'actions', label: 'Tags', max: 120, width: 32, list: true, hint: 'a,b', paths: ['actions.tags'] },
  yn('cont', 'actions', 'Continue to later rules', ['actions.then']),
];

/** Field condition rows on the Fields tab. */
export const CONDITION_ROWS = 8;

/** The cells of one condition row, left to right. */
export const CONDITION_CELLS = ['field', 'test', 'value', 'not', 'case', 'missing'] as const;

/** One cell of a condition row. */
export type ConditionCell = (typeof CONDITION_CELLS)[number];

/** The tests a condition row may name, what they mean, and the schema key each becomes. */
export const TESTS: { code: string; text: string }[] = [
  { code: 'EQ', text: 'equals (compared as text)' },
  { code: 'GLOB', text: 'matches a * ? pattern (the whole value)' },
  { code: 'REGEX', text: 'regular expression found in the value' },
  { code: 'IN', text: 'one of a list: a,b,c' },
  { code: 'GT', text: 'number greater than' },
  { code: 'GE', text: 'number greater than or equal' },
  { code: 'LT', text: 'number less than' },
  { code: 'LE', text: 'number less than or equal' },
  { code: 'EXIST', text: 'present (value Y) or absent (value N)' },
];

/** The definition of a condition cell as a field (for typing, F4 and error messages). */
export function conditionDef(row: number, cell: ConditionCell): FieldDef {
  const key = `c${row}.${cell}`;
  const base = { key, tab: 'fields' as const, label: `Condition ${row + 1} ${cell}`, paths: [] };
  switch (cell) {
    case 'field':
      return { ...base, max: 32, width: 16, prompt: 'field' };
    case 'test':
      return { ...base, max: 5, upper: true, prompt: 'test' };
    case 'value':
      return { ...base, max: 200, list: false };
    default:
      return { ...base, max: 1, upper: true, prompt: 'yn' };
  }
}

/** Every field of a tab in cursor order (condition cells row by row). */
export function tabFields(tab: TabId): FieldDef[] {
  if (tab !== 'fields') return FIELDS.filter((f) => f.tab === tab);
  return Array.from({ length: CONDITION_ROWS }, (_, r) => CONDITION_CELLS.map((c) => conditionDef(r, c))).flat();
}

/** The definition of any field key. */
export function fieldDef(key: string): FieldDef | undefined {
  const c = /^c(\d+)\.(\w+)$/.exec(key);
  if (c) return conditionDef(Number(c[1]), c[2] as ConditionCell);
  return FIELDS.find((f) => f.key === key);
}

/** The form's values by field key (blank fields are empty strings or absent). */
export type FormValues = Record<string, string>;
