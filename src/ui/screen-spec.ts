// Screens are data (DESIGN §9): titles and list columns come from screens/*.json, checked against their schema
// (screen-spec-schema.ts) by the tests and by the console once its first screen is up.
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../core/paths.js';

/** The screens msgmon knows; keymap records name these in `screens`. */
export const SCREEN_IDS = [
  'main-menu',
  'work-with-messages',
  'message-details',
  'message-attributes',
  'help',
  'work-with-rules',
  'rule-editor',
  'rule-test',
  'select-value',
  'confirm-delete',
  'ftp-sessions',
  'session-messages',
  'confirm-remove-session',
  'work-with-systems',
  'system-details',
  'system-status',
  'subset-messages',
  'activity-log',
  'activity-log-search',
  'subset-sessions',
  'message-comment',
  'defer-message',
  'investigate-prompt',
  'investigate',
  'watch-lists',
  'add-watch-entry',
  'work-with-channels',
  'work-with-escalations',
  'channel-editor',
  'procedure-editor',
  'notify-display',
  'reply-inquiry',
  'export-log',
] as const;

/** The screens msgmon knows. */
export type ScreenId = (typeof SCREEN_IDS)[number];

/** One list column as the spec declares it (the schema, screen-spec-schema.ts, documents each field). */
export interface ColumnSpec {
  id: string;
  heading: string;
  width: number;
  minWidth: number;
  maxWidth?: number;
  multiDay: boolean;
  align: 'left' | 'right';
}

/** A screen spec, defaults applied. */
export interface ScreenSpec {
  id: ScreenId;
  title: string;
  titles?: Record<string, string>;
  textInput: boolean;
  instructions?: string;
  columns: ColumnSpec[];
  altColumns?: ColumnSpec[];
  menu?: { option: number; label: string; opens: string }[];
}

/**
 * The bundled specs as their files hold them (screen-spec-schema.ts checks them against the schema). Read with
 * readFileSync rather than imported: 33 JSON modules each cost an ESM resolution before the console's first paint.
 */
export const SPEC_FILES = Object.fromEntries(
  SCREEN_IDS.map((id) => [id, JSON.parse(fs.readFileSync(path.join(packageRoot, 'screens', `${id}.json`), 'utf8')) as unknown]),
) as Record<ScreenId, unknown>;

/** A spec file with the schema's defaults (checkBundledSpecs proves them equal to the schema's result). */
function withDefaults(data: unknown): ScreenSpec {
  const spec = data as ScreenSpec;
  const column = (c: ColumnSpec): ColumnSpec => ({ ...c, minWidth: c.minWidth ?? 0, multiDay: c.multiDay ?? false, align: c.align ?? 'left' });
  return {
    ...spec,
    textInput: spec.textInput ?? false,
    columns: (spec.columns ?? []).map(column),
    ...(spec.altColumns ? { altColumns: spec.altColumns.map(column) } : {}),
  };
}

/** Checks that a spec only uses columns its renderer can fill; throws naming the file otherwise. */
export function checkColumns(spec: ScreenSpec, known: readonly string[]): ScreenSpec {
  for (const c of [...spec.columns, ...(spec.altColumns ?? [])]) {
    if (!known.includes(c.id)) {
      throw new Error(`screens/${spec.id}.json: unknown column "${c.id}" (known: ${known.join(', ')})`);
    }
  }
  return spec;
}

/** The bundled specs, defaults applied. */
export const SPECS = Object.fromEntries(Object.entries(SPEC_FILES).map(([id, data]) => [id, withDefaults(data)])) as Record<ScreenId, ScreenSpec>;

/** A laid-out column: where it starts and how wide it is on this terminal. */
export interface PlacedColumn extends ColumnSpec {
  x: number;
  w: number;
}

/** Places the columns that fit this width, one blank between them, starting at column 1 (5250 style). */
export function layoutColumns(cols: ColumnSpec[], width: number, rows: { multiDay?: boolean } = {}): PlacedColumn[] {
  const out: PlacedColumn[] = [];
  let x = 1;
  for (const c of cols) {
    if ((width < c.minWidth && !(c.multiDay && rows.multiDay)) || (c.maxWidth !== undefined && width > c.maxWidth)) continue;
    const w = c.width === 0 ? Math.max(0, width - x) : c.width;
    out.push({ ...c, x, w });
    x += w + 1;
  }
  return out;
}
