// The one key-binding table (DESIGN §9): dispatch, legends, help and refusal messages all read it.
import defaultKeymap from '../../data/keymaps/default.json' with { type: 'json' };

/** One action: its keys, legend label, screens, and whether --read-only refuses it (documented in keymap-schema.ts). */
export interface Binding {
  id: string;
  keys: string[];
  label: string;
  screens: string[];
  dangerous: boolean;
  legend: boolean;
  option?: string;
  help: string;
  whyDisabled?: Record<string, string>;
}

/** A validated key map with the lookups the screens need. */
export interface Keymap {
  bindings: Binding[];
}

/** The bundled key map with the schema's defaults (checkBundledKeymap proves them equal to the schema's result). */
export const DEFAULT_KEYMAP: Keymap = {
  bindings: (defaultKeymap.bindings as Partial<Binding>[]).map((b) => ({ ...b, legend: b.legend ?? true }) as Binding),
};

function applies(b: Binding, screen: string): boolean {
  return b.screens.includes('*') || b.screens.includes(screen);
}

/** All bindings of a screen, in table order (the order legends and help use). */
export function bindingsFor(km: Keymap, screen: string): Binding[] {
  return km.bindings.filter((b) => applies(b, screen));
}

/** The binding a key name triggers on a screen, if any. */
export function bindingForKey(km: Keymap, screen: string, key: string): Binding | undefined {
  return km.bindings.find((b) => b.keys.includes(key) && applies(b, screen));
}

/** The binding an option typed in the Opt column means on a screen, if any. */
export function bindingForOption(km: Keymap, screen: string, option: string): Binding | undefined {
  return km.bindings.find((b) => b.option === option && applies(b, screen));
}

/**
 * The message-line text when a binding may not run now, or null when it may: read-only refuses dangerous
 * bindings, and `states` (what the row under it is: `inquiry`, …) refuse those the record says why for.
 */
export function refusal(b: Binding, readOnly: boolean, states: readonly string[] = []): string | null {
  const what = b.option ? `Option ${b.option}` : b.label.split('=')[0]!;
  if (b.dangerous && readOnly) return `${what} not allowed: msgmon runs read-only`;
  const why = states.map((s) => b.whyDisabled?.[s]).find((w) => w !== undefined);
  return why ? `${what} not allowed: ${why}` : null;
}

const KEY_NAMES: Record<string, string> = {
  escape: 'Esc',
  enter: 'Enter',
  pagedown: 'PgDn',
  pageup: 'PgUp',
  home: 'Home',
  end: 'End',
  up: 'Up',
  down: 'Down',
  tab: 'Tab',
  'S-tab': 'Shift+Tab',
  space: 'Space',
  backspace: 'Backspace',
  delete: 'Del',
};

/** How a key name is shown to people: `f3` → `F3`, `escape` → `Esc`, `C-c` → `Ctrl+C`. */
export function keyLabel(key: string): string {
  if (/^f\d+$/.test(key)) return key.toUpperCase();
  if (KEY_NAMES[key]) return KEY_NAMES[key]!;
  if (key.startsWith('C-')) return `Ctrl+${key.slice(2).toUpperCase()}`;
  return key;
}

/** True for a key name that types a character (`q`, `5`, `?`, Space) rather than a key that types nothing. */
export function typesText(key: string): boolean {
  return [...key].length === 1 || key === 'space';
}

/**
 * What to press where the terminal eats F-keys: a single character if there is one (Home and End can
 * be eaten too), else the first key that is not an F-key. On a screen with text fields a character
 * types into the field, so only keys that type nothing count there.
 */
export function plainKey(b: Binding, textInput = false): string | undefined {
  const usable = b.keys.filter((k) => !/^f\d+$/.test(k) && !(textInput && typesText(k)));
  return usable.find((k) => [...k].length === 1) ?? usable[0];
}
