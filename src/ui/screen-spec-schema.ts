// The schema of screens/*.json (zod). Screens read the specs without it (screen-spec.ts applies the defaults), so
// the console paints before zod loads; the tests and the console, right after its first paint, check every bundled
// spec here: a bad edit is found at start-up, not mid-session.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { SCREEN_IDS, SPEC_FILES, SPECS, type ColumnSpec, type ScreenId, type ScreenSpec } from './screen-spec.js';

const columnSchema: z.ZodType<ColumnSpec, unknown> = z.object({
  id: z.string().min(1),
  heading: z.string(),
  /** Characters; 0 means "the rest of the line" (only sensible for the last column). */
  width: z.number().int().min(0),
  /** The column is shown only on terminals at least this wide. */
  minWidth: z.number().int().min(0).default(0),
  /** The column is shown only on terminals at most this wide (a narrower twin of a column wide terminals show). */
  maxWidth: z.number().int().min(0).optional(),
  /** Also shown below minWidth when the rows shown span more than one day (the date next to times that repeat). */
  multiDay: z.boolean().default(false),
  align: z.enum(['left', 'right']).default('left'),
});

const screenSchema: z.ZodType<ScreenSpec, unknown> = z.object({
  id: z.enum(SCREEN_IDS),
  title: z.string().min(1).max(50),
  /** Titles per mode of a screen that creates, changes and displays (the rule editor). */
  titles: z.record(z.string(), z.string().min(1).max(50)).optional(),
  /**
   * The screen has text input fields: printable keys type into them, so its plain-key alternatives must be
   * keys that type nothing (Ctrl+…, Esc, Page Down).
   */
  textInput: z.boolean().default(false),
  /** The blue line above the option legend; absent when the screen has no options yet. */
  instructions: z.string().optional(),
  columns: z.array(columnSchema).default([]),
  /** The F11 alternative view; absent when the screen has none. */
  altColumns: z.array(columnSchema).optional(),
  /**
   * The main menu's entries (5250 style: number + Enter). `opens` names a screen in src/ui/screen-registry.ts;
   * adding a screen to the menu is one line here.
   */
  menu: z.array(z.object({ option: z.number().int().min(1).max(99), label: z.string().min(1).max(60), opens: z.string().min(1) })).optional(),
});

/** Validates a spec; throws naming the file so a bad edit is found at start-up, not mid-session. */
export function parseScreenSpec(data: unknown, file: string): ScreenSpec {
  const parsed = screenSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: invalid screen spec\n${z.prettifyError(parsed.error)}`);
  const spec = parsed.data;
  if (!file.endsWith(`${spec.id}.json`)) throw new Error(`${file}: id "${spec.id}" does not match the file name`);
  const options = (spec.menu ?? []).map((e) => e.option);
  const twice = options.find((o, i) => options.indexOf(o) !== i);
  if (twice !== undefined) throw new Error(`${file}: menu option ${twice} is listed twice`);
  for (const cols of [spec.columns, spec.altColumns ?? []]) {
    const fill = cols.findIndex((c) => c.width === 0);
    if (fill >= 0 && fill !== cols.length - 1) {
      throw new Error(`${file}: column ${cols[fill]!.id} has width 0 but is not the last column`);
    }
  }
  return spec;
}

/**
 * Checks every bundled spec against the schema, and that the specs the screens use (defaults applied without zod)
 * are exactly what the schema makes of the files; throws naming the file otherwise.
 */
export function checkBundledSpecs(): void {
  for (const [id, data] of Object.entries(SPEC_FILES)) {
    const file = `screens/${id}.json`;
    if (!isDeepStrictEqual(parseScreenSpec(data, file), SPECS[id as ScreenId]))
      throw new Error(`${file}: the defaults applied at load differ from the schema's`);
  }
}
