// Pure render of the Help screen (F1): a screen's bindings from the key map, with plain-key alternatives.
import { ATTR, type Grid } from './grid.js';
import { bindingsFor, keyLabel, typesText, type Keymap } from './keymap.js';
import { docViewport, renderDoc, type DocLine } from './render.js';
import { SPECS, type ScreenId } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const SPEC = SPECS.help;
const KEY_COL = 1;
const ALSO_COL = 11;
const ACTION_COL = 30;
/** First grid row of the scrollable help text. */
export const HELP_FIRST_ROW = 2;

/** What the help renderer reads: whose keys, scroll position, whether dangerous ones are refused. */
export interface HelpView {
  target: ScreenId;
  top: number;
  readOnly: boolean;
}

/** The title: the described screen's own title, so the operator knows whose keys these are. */
export function helpTitle(target: ScreenId): string {
  return `${SPECS[target].title} - ${SPEC.title}`;
}

/** The help text as document lines: keys first (F-key, alternatives, action), then the list options. */
export function helpDoc(km: Keymap, v: HelpView, cols: number): DocLine[] {
  const width = cols - ACTION_COL - 1;
  const doc: DocLine[] = [
    [
      { col: KEY_COL, text: 'Key', attr: ATTR.heading },
      { col: ALSO_COL, text: 'Or press', attr: ATTR.heading },
      { col: ACTION_COL, text: 'Action', attr: ATTR.heading },
    ],
  ];
  const all = bindingsFor(km, v.target);
  const describe = (label: string, help: string, dangerous: boolean) => {
    const name = label.includes('=') ? label.slice(label.indexOf('=') + 1) : label;
    const note = dangerous && v.readOnly ? ' Not allowed: msgmon runs read-only.' : '';
    return wrap(`${name}: ${help}${note}`, width);
  };
  // On a screen with text fields, characters type into the field: only keys that type nothing are listed.
  const usable = (k: string) => !(SPECS[v.target].textInput && typesText(k));
  for (const b of all.filter((x) => !x.option)) {
    const [first, ...others] = b.keys.filter(usable).map(keyLabel);
    // F13..F24 are Shift+F1..F12 on xterm-style terminals: say so next to the key.
    const high = /^F(1[3-9]|2[0-4])$/.exec(first ?? '');
    const rest = high ? [`Shift+F${Number(high[1]) - 12}`, ...others] : others;
    describe(b.label, b.help, b.dangerous).forEach((text, i) =>
      doc.push(
        i === 0
          ? [
              { col: KEY_COL, text: first ?? '', attr: ATTR.value },
              { col: ALSO_COL, text: rest.join(', ').slice(0, ACTION_COL - ALSO_COL - 1), attr: ATTR.data },
              { col: ACTION_COL, text, attr: ATTR.data },
            ]
          : [{ col: ACTION_COL, text, attr: ATTR.data }],
      ),
    );
  }
  const options = all.filter((x) => x.option);
  if (options.length) {
    doc.push([], [{ col: KEY_COL, text: 'Options: type one in the Opt column of a row, press Enter.', attr: ATTR.instruction }]);
    for (const b of options) {
      describe(b.label, b.help, b.dangerous).forEach((text, i) =>
        doc.push([...(i === 0 ? [{ col: KEY_COL, text: b.option!, attr: ATTR.value }] : []), { col: ACTION_COL, text, attr: ATTR.data }]),
      );
    }
  }
  doc.push([]);
  for (const [i, text] of FUNCTION_KEYS.flatMap((p) => [...wrap(p, cols - 2), '']).entries()) {
    doc.push(text ? [{ col: KEY_COL, text, attr: i === 0 ? ATTR.instruction : ATTR.data }] : []);
  }
  return doc;
}

/** How F13..F24 reach msgmon from the terminals operators use (the same text on every help screen). */
export const FUNCTION_KEYS = [
  'Function keys F13 to F24, and where F-keys do not arrive:',
  'xterm-style terminals (xterm, GNOME Terminal, Konsole, iTerm2, Windows Terminal): Shift+F1 to Shift+F12 are F13 to F24.',
  'PuTTY in its default keyboard mode (ESC[n~): Shift+F1 to Shift+F10 send F11 to F20, so F13 to F20 are Shift+F3 to Shift+F10 and Shift+F2 arrives as F12 (back one screen; it never leaves msgmon). For F21 to F24 use the plain keys, or set Terminal > Keyboard > Function keys to Xterm R6.',
  'tmux passes Shift+F-keys on with an xterm-style TERM (set -g xterm-keys on, the default in current tmux); GNU screen passes what the outer terminal sends.',
  'Every action also has a plain key (the Or press column above); F24 or m shows them on the bottom lines. F3 leaves msgmon from any screen; F12 and Esc only go back.',
];

/** Rows of the help viewport at this height. */
export function helpViewport(rows: number): number {
  return docViewport(rows, HELP_FIRST_ROW);
}

/** Model → Grid for the Help screen. */
export function renderHelp(v: HelpView, ctx: ViewContext): Grid {
  return renderDoc(ctx, SPEC.id, helpTitle(v.target), (cols) => helpDoc(ctx.keymap, v, cols), v.top, HELP_FIRST_ROW);
}
