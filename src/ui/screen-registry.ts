// The screens the main menu can open, by the id its entries name (screens/main-menu.json `opens`): a new screen
// registers here once and appears in the menu with one line of data.
import type { Services } from '../core/services.js';
import type { Keymap } from './keymap.js';
import type { Screen } from './screen.js';
import { FtpSessions } from './screens/ftp-sessions.js';
import { WorkWithMessages } from './screens/work-with-messages.js';
import { WorkWithRules } from './screens/work-with-rules.js';
import { WorkWithSystems } from './screens/work-with-systems.js';
import { SystemStatus } from './screens/system-status.js';
import { Investigate } from './screens/investigate.js';
import { WatchLists } from './screens/watch-lists.js';
import { WorkWithChannels } from './screens/work-with-channels.js';
import { WorkWithEscalations } from './screens/work-with-escalations.js';

/** Opens a screen on the services with the key map. */
export type ScreenOpener = (services: Services, keymap: Keymap) => Screen;

/** Every screen a menu entry may open. */
export const OPENERS: Record<string, ScreenOpener> = {
  'work-with-messages': (s, k) => new WorkWithMessages(s, k),
  'activity-log': (s, k) => WorkWithMessages.activityLog(s, k),
  'ftp-sessions': (s, k) => new FtpSessions(s, k),
  'work-with-systems': (s, k) => new WorkWithSystems(s, k),
  'work-with-rules': (s, k) => new WorkWithRules(s, k),
  'system-status': (s, k) => new SystemStatus(s, k),
  investigate: (s, k) => Investigate.prompt(s, k),
  'watch-lists': (s, k) => new WatchLists(s, k),
  'work-with-channels': (s, k) => new WorkWithChannels(s, k),
  'work-with-escalations': (s, k) => new WorkWithEscalations(s, k),
};
