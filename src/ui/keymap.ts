// The one key-binding table (DESIGN §9): dispatch, legends, help and refusal messages all read it.
import { z } from 'zod';
import defaultKeymap from '../../data/keymaps/default.json' with { type: 'json' };
import { SPECS } from './screen-spec.js';

const bindingSchema = z.object({
  /** Command id the controllers understand. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Key names as the adapter reports them (`f3`, `S-tab`, `pagedown`, `q`); options have none. */
  keys: z.array(z.string().min(1)),
  /** `F3=Exit` or `4=Remove`: the text of the legend. */
  label: z.string().min(1),
  /** Screen ids the binding applies to; `*` for all. */
  screens: z.array(z.string().min(1)).min(1),
  dangerous: z.boolean(),
  /** False for keys every 5250 user knows (Enter, arrows, Page Down) that the legend never lists. */
  legend: z.boolean().default(true),
  /** A list option typed in the Opt column rather than a key. */
  option: z.string().regex(/^\d$/).optional(),
  help: z.string().min(1),
  /**
   * Why the action may not run on a row in some state, by the state's name (`inquiry`, `raw`): the controller
   * says which states its row is in, the message line says `Option 4 not allowed: <reason>`.
   */
  whyDisabled: z.record(z.string(), z.string().min(1)).optional(),
});

/** One action: its keys, legend label, screens, and whether --read-only refuses it. */
export type Binding = z.infer<typeof bindingSchema>;

const keymapSchema = z.object({ bindings: z.array(bindingSchema).min(1) });

/** A validated key map with the lookups the screens need. */
export interface Keymap {
  bindings: Binding[];
}

/** Validates a key map; throws naming the file and the problem, including keys bound twice on a screen. */
export function parseKeymap(data: unknown, file: string): Keymap {
  const parsed = keymapSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: invalid key map\n${z.prettifyError(parsed.error)}`);
  const { bindings } = parsed.data;
  const seen = new Map<string, string>();
  for (const b of bindings) {
    const unknown = b.screens.find((s) => s !== '*' && !(s in SPECS));
    if (unknown) throw new Error(`${file}: binding ${b.id} names unknown screen "${unknown}"`);
    if (b.keys.length === 0 && !b.option) throw new Error(`${file}: binding ${b.id} has neither keys nor option`);
    if (b.legend && !b.option && !/^F\d+=/.test(b.label)) {
      throw new Error(`${file}: binding ${b.id} is in the legend but its label is not "Fn=…"`);
    }
    for (const screen of b.screens) {
      for (const k of [...b.keys, ...(b.option ? [`option ${b.option}`] : [])]) {
        const prev = seen.get(`${screen}\0${k}`);
        if (prev) throw new Error(`${file}: ${k} is bound to both ${prev} and ${b.id} on ${screen}`);
        seen.set(`${screen}\0${k}`, b.id);
      }
    }
  }
  // A key bound on '*' and on one screen would have been caught only per listed screen; check across.
  for (const [key, id] of seen) {
    const [screen, k] = key.split('\0') as [string, string];
    if (screen === '*') continue;
    const star = seen.get(`*\0${k}`);
    if (star && star !== id) throw new Error(`${file}: ${k} is bound to both ${star} and ${id} on ${screen}`);
  }
  return { bindings };
}

/** The bundled key map, validated once at load. */
export const DEFAULT_KEYMAP: Keymap = parseKeymap(defaultKeymap, 'data/keymaps/default.json');

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
