// Screens are data (DESIGN §9): titles and list columns come from screens/*.json, checked against their schema
// (screen-spec-schema.ts) by the tests and by the console once its first screen is up.
import workWithMessages from '../../screens/work-with-messages.json' with { type: 'json' };
import messageDetails from '../../screens/message-details.json' with { type: 'json' };
import messageAttributes from '../../screens/message-attributes.json' with { type: 'json' };
import help from '../../screens/help.json' with { type: 'json' };
import mainMenu from '../../screens/main-menu.json' with { type: 'json' };
import subsetMessages from '../../screens/subset-messages.json' with { type: 'json' };
import activityLog from '../../screens/activity-log.json' with { type: 'json' };
import subsetSessions from '../../screens/subset-sessions.json' with { type: 'json' };
import activityLogSearch from '../../screens/activity-log-search.json' with { type: 'json' };
import workWithRules from '../../screens/work-with-rules.json' with { type: 'json' };
import ruleEditor from '../../screens/rule-editor.json' with { type: 'json' };
import ruleTest from '../../screens/rule-test.json' with { type: 'json' };
import selectValue from '../../screens/select-value.json' with { type: 'json' };
import confirmDelete from '../../screens/confirm-delete.json' with { type: 'json' };
import ftpSessions from '../../screens/ftp-sessions.json' with { type: 'json' };
import sessionMessages from '../../screens/session-messages.json' with { type: 'json' };
import confirmRemoveSession from '../../screens/confirm-remove-session.json' with { type: 'json' };
import workWithSystems from '../../screens/work-with-systems.json' with { type: 'json' };
import systemDetails from '../../screens/system-details.json' with { type: 'json' };
import systemStatus from '../../screens/system-status.json' with { type: 'json' };
import messageComment from '../../screens/message-comment.json' with { type: 'json' };
import deferMessage from '../../screens/defer-message.json' with { type: 'json' };
import investigatePrompt from '../../screens/investigate-prompt.json' with { type: 'json' };
import investigate from '../../screens/investigate.json' with { type: 'json' };
import watchLists from '../../screens/watch-lists.json' with { type: 'json' };
import addWatchEntry from '../../screens/add-watch-entry.json' with { type: 'json' };
import workWithChannels from '../../screens/work-with-channels.json' with { type: 'json' };
import workWithEscalations from '../../screens/work-with-escalations.json' with { type: 'json' };
import channelEditor from '../../screens/channel-editor.json' with { type: 'json' };
import procedureEditor from '../../screens/procedure-editor.json' with { type: 'json' };
import notifyDisplay from '../../screens/notify-display.json' with { type: 'json' };
import replyInquiry from '../../screens/reply-inquiry.json' with { type: 'json' };
import exportLog from '../../screens/export-log.json' with { type: 'json' };

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

/** The bundled specs as their files hold them (screen-spec-schema.ts checks them against the schema). */
export const SPEC_FILES: Record<ScreenId, unknown> = {
  'main-menu': mainMenu,
  'work-with-messages': workWithMessages,
  'message-details': messageDetails,
  'message-attributes': messageAttributes,
  help: help,
  'work-with-rules': workWithRules,
  'rule-editor': ruleEditor,
  'rule-test': ruleTest,
  'select-value': selectValue,
  'confirm-delete': confirmDelete,
  'ftp-sessions': ftpSessions,
  'session-messages': sessionMessages,
  'confirm-remove-session': confirmRemoveSession,
  'work-with-systems': workWithSystems,
  'system-details': systemDetails,
  'system-status': systemStatus,
  'subset-messages': subsetMessages,
  'activity-log': activityLog,
  'activity-log-search': activityLogSearch,
  'subset-sessions': subsetSessions,
  'message-comment': messageComment,
  'defer-message': deferMessage,
  'investigate-prompt': investigatePrompt,
  investigate: investigate,
  'watch-lists': watchLists,
  'add-watch-entry': addWatchEntry,
  'work-with-channels': workWithChannels,
  'work-with-escalations': workWithEscalations,
  'channel-editor': channelEditor,
  'procedure-editor': procedureEditor,
  'notify-display': notifyDisplay,
  'reply-inquiry': replyInquiry,
  'export-log': exportLog,
};

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
