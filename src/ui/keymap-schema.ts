// The schema of data/keymaps/*.json (zod), kept out of keymap.ts so that the console paints before zod loads; the
// tests and the console, right after its first paint, check the bundled key map here.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import defaultKeymap from '../../data/keymaps/default.json' with { type: 'json' };
import { SCREEN_IDS } from './screen-spec.js';
import { DEFAULT_KEYMAP, type Binding, type Keymap } from './keymap.js';

const bindingSchema: z.ZodType<Binding, unknown> = z.object({
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

const keymapSchema = z.object({ bindings: z.array(bindingSchema).min(1) });

/** Validates a key map; throws naming the file and the problem, including keys bound twice on a screen. */
export function parseKeymap(data: unknown, file: string): Keymap {
  const parsed = keymapSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: invalid key map\n${z.prettifyError(parsed.error)}`);
  const { bindings } = parsed.data;
  const seen = new Map<string, string>();
  for (const b of bindings) {
    const unknown = b.screens.find((s) => s !== '*' && !(SCREEN_IDS as readonly string[]).includes(s));
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

/** Checks the bundled key map, and that the one the screens use (defaults applied without zod) is what the schema gives. */
export function checkBundledKeymap(): void {
  const file = 'data/keymaps/default.json';
  if (!isDeepStrictEqual(parseKeymap(defaultKeymap, file), DEFAULT_KEYMAP)) throw new Error(`${file}: the defaults applied at load differ from the schema's`);
}
