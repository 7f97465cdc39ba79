// Screens are data (DESIGN §9): titles and list columns come from screens/*.json, checked at load.
import { z } from 'zod';
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

const columnSchema = z.object({
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

/** One list column as the spec declares it. */
export type ColumnSpec = z.infer<typeof columnSchema>;

const screenSchema = z.object({
  id: z.enum([
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
  ]),
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

/** A validated screen spec. */
export type ScreenSpec = z.infer<typeof screenSchema>;

/** The screens msgmon knows; keymap records name these in `screens`. */
export type ScreenId = ScreenSpec['id'];

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

/** Checks that a spec only uses columns its renderer can fill; throws naming the file otherwise. */
export function checkColumns(spec: ScreenSpec, known: readonly string[]): ScreenSpec {
  for (const c of [...spec.columns, ...(spec.altColumns ?? [])]) {
    if (!known.includes(c.id)) {
      throw new Error(`screens/${spec.id}.json: unknown column "${c.id}" (known: ${known.join(', ')})`);
    }
  }
  return spec;
}

/** The bundled specs, validated once at load. */
export const SPECS: Record<ScreenId, ScreenSpec> = {
  'main-menu': parseScreenSpec(mainMenu, 'screens/main-menu.json'),
  'work-with-messages': parseScreenSpec(workWithMessages, 'screens/work-with-messages.json'),
  'message-details': parseScreenSpec(messageDetails, 'screens/message-details.json'),
  'message-attributes': parseScreenSpec(messageAttributes, 'screens/message-attributes.json'),
  help: parseScreenSpec(help, 'screens/help.json'),
  'work-with-rules': parseScreenSpec(workWithRules, 'screens/work-with-rules.json'),
  'rule-editor': parseScreenSpec(ruleEditor, 'screens/rule-editor.json'),
  'rule-test': parseScreenSpec(ruleTest, 'screens/rule-test.json'),
  'select-value': parseScreenSpec(selectValue, 'screens/select-value.json'),
  'confirm-delete': parseScreenSpec(confirmDelete, 'screens/confirm-delete.json'),
  'ftp-sessions': parseScreenSpec(ftpSessions, 'screens/ftp-sessions.json'),
  'session-messages': parseScreenSpec(sessionMessages, 'screens/session-messages.json'),
  'confirm-remove-session': parseScreenSpec(confirmRemoveSession, 'screens/confirm-remove-session.json'),
  'work-with-systems': parseScreenSpec(workWithSystems, 'screens/work-with-systems.json'),
  'system-details': parseScreenSpec(systemDetails, 'screens/system-details.json'),
  'system-status': parseScreenSpec(systemStatus, 'screens/system-status.json'),
  'subset-messages': parseScreenSpec(subsetMessages, 'screens/subset-messages.json'),
  'activity-log': parseScreenSpec(activityLog, 'screens/activity-log.json'),
  'activity-log-search': parseScreenSpec(activityLogSearch, 'screens/activity-log-search.json'),
  'subset-sessions': parseScreenSpec(subsetSessions, 'screens/subset-sessions.json'),
  'message-comment': parseScreenSpec(messageComment, 'screens/message-comment.json'),
  'defer-message': parseScreenSpec(deferMessage, 'screens/defer-message.json'),
  'investigate-prompt': parseScreenSpec(investigatePrompt, 'screens/investigate-prompt.json'),
  investigate: parseScreenSpec(investigate, 'screens/investigate.json'),
  'watch-lists': parseScreenSpec(watchLists, 'screens/watch-lists.json'),
  'add-watch-entry': parseScreenSpec(addWatchEntry, 'screens/add-watch-entry.json'),
  'work-with-channels': parseScreenSpec(workWithChannels, 'screens/work-with-channels.json'),
  'work-with-escalations': parseScreenSpec(workWithEscalations, 'screens/work-with-escalations.json'),
  'channel-editor': parseScreenSpec(channelEditor, 'screens/channel-editor.json'),
  'procedure-editor': parseScreenSpec(procedureEditor, 'screens/procedure-editor.json'),
  'notify-display': parseScreenSpec(notifyDisplay, 'screens/notify-display.json'),
  'reply-inquiry': parseScreenSpec(replyInquiry, 'screens/reply-inquiry.json'),
  'export-log': parseScreenSpec(exportLog, 'screens/export-log.json'),
};

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
