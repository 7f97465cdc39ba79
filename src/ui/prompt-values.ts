// What F4 lists for a field of the rule editor: fixed choices (Y/N, log options, colours, tests) or values
// from the services (message IDs of the catalog, systems, users and field names seen in the store).
import type { RulePromptValue, Services } from '../core/services.js';
import { fieldDef, TESTS, type FormValues, type PromptKind } from './rule-form.js';

const FIXED: Partial<Record<PromptKind, RulePromptValue[]>> = {
  yn: [
    { value: 'Y', text: 'Yes' },
    { value: 'N', text: 'No' },
  ],
  log: [
    { value: 'Y', text: 'Console and Activity Log' },
    { value: 'L', text: 'Activity Log only: off the console (silences scripts)' },
    { value: 'N', text: 'Discard: nothing is kept, not even in the Activity Log' },
  ],
  color: ['red', 'yellow', 'pink', 'turquoise', 'white', 'blue', 'green'].map((value) => ({ value, text: '' })),
  test: TESTS.map((t) => ({ value: t.code, text: t.text })),
};

// A condition's value can be prompted when its field is one the services know the values of.
const VALUE_PROMPT: Record<string, PromptKind> = { msgId: 'msgId', system: 'system', user: 'user' };

/** The list F4 shows for a field, or null when the field has none. */
export function promptValues(services: Services, key: string, values: FormValues): { title: string; values: RulePromptValue[] } | null {
  const def = fieldDef(key);
  if (!def) return null;
  let kind = def.prompt;
  const cond = /^c(\d+)\.value$/.exec(key);
  if (cond) kind = VALUE_PROMPT[(values[`c${cond[1]}.field`] ?? '').trim()];
  if (!kind) return null;
  const fixed = FIXED[kind];
  return { title: def.label, values: fixed ?? services.rules.prompt(kind as 'msgId' | 'system' | 'user' | 'field') };
}
