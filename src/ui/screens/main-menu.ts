// The main menu: every screen by number (option number + Enter, as on a 5250 menu); what it lists is data.
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { DEFAULT_KEYMAP, type Keymap } from '../keymap.js';
import { menuEntries, renderMainMenu } from '../render-main-menu.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { OPENERS } from '../screen-registry.js';

// A menu entry naming a screen nobody registered is a broken build, found at load rather than on Enter.
for (const e of menuEntries()) {
  if (!OPENERS[e.opens]) throw new Error(`screens/main-menu.json: option ${e.option} opens "${e.opens}", which src/ui/screen-registry.ts does not know`);
}

/** Controller of the main menu: the selection field typed into, Enter opens the entry. */
export class MainMenu implements Screen {
  readonly id = 'main-menu' as const;
  selection = '';

  constructor(
    private readonly services: Services,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {}

  resize(): void {}

  type(ch: string): Outcome | false {
    if (!/^\d$/.test(ch)) return error(`Selection ${ch} not valid: type the number of an entry.`);
    this.selection = (this.selection + ch).slice(-2);
    return {};
  }

  edit(key: string): Outcome | false {
    if (key !== 'backspace' && key !== 'delete' && key !== 'space') return false;
    this.selection = key === 'backspace' ? this.selection.slice(0, -1) : '';
    return {};
  }

  command(id: string): Outcome | undefined {
    if (id !== 'enter') return undefined;
    const typed = this.selection;
    if (typed === '') return error('Type the number of an entry, then press Enter.');
    const entry = menuEntries().find((e) => e.option === Number(typed));
    if (!entry) return error(`Selection ${typed} not valid.`);
    this.selection = '';
    return { push: [OPENERS[entry.opens]!(this.services, this.keymap)] };
  }

  render(ctx: ViewContext): Grid {
    return renderMainMenu(this, ctx);
  }
}
