// Golden screens: the Grids of the main screens at 80×24 and 132×27 against checked-in text (and colours).
// UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts rewrites the files; review the diff before committing.
import { describe, expect, it } from 'vitest';
import type { Grid } from '../src/ui/grid.js';
import { Navigator } from '../src/ui/navigator.js';
import { memoryServices } from './support/memory-services.js';
import { golden } from './support/golden-file.js';

// 1,274 older listings + the 10 sample messages: the count reads 1,284 as on the SCREENS.md reference.
const open = (cols: number, rows: number) => Navigator.console(memoryServices({ filler: 1274 }), { cols, rows });
const keys = (nav: Navigator, ...names: string[]) => names.forEach((k) => nav.key(k));
const DOWN5 = ['down', 'down', 'down', 'down', 'down'];

const SCREENS: Record<string, (nav: Navigator) => void> = {
  console: () => undefined,
  // F12 on the console: the main menu under it.
  'main-menu': (nav) => keys(nav, 'f12'),
  // The Activity Log (main menu 2): its search with a user typed, then the list found.
  'activity-log-search': (nav) => keys(nav, 'f12', '2', 'enter', 'down', 'down', 'down', ...'thomask'),
  'activity-log': (nav) => keys(nav, 'f12', '2', 'enter', 'down', 'down', 'down', ...'thomask', 'enter'),
  // F21: the Subset Messages prompt, a user typed.
  'subset-messages': (nav) => keys(nav, 'f21', 'down', 'down', ...'thomask'),
  details: (nav) => keys(nav, ...DOWN5, '5', 'enter'),
  attributes: (nav) => keys(nav, ...DOWN5, '8', 'enter'),
  // Work with Automated Responses: the six sample rules of the SCREENS.md reference, with hits.
  rules: (nav) => keys(nav, 'f16'),
  // 9=Create rule on the FTP0020 row: the editor prefilled from the message, one screen per tab.
  'rule-editor': (nav) => keys(nav, ...DOWN5, '9', 'enter'),
  'rule-editor-filters': (nav) => keys(nav, ...DOWN5, '9', 'enter', 'pagedown'),
  'rule-editor-fields': (nav) => keys(nav, ...DOWN5, '9', 'enter', 'pagedown', 'pagedown'),
  'rule-editor-actions': (nav) => keys(nav, ...DOWN5, '9', 'enter', 'f8', 'f8', 'f8'),
  // Work with Systems (F14): connected, retrying, refused and a jump host without sources; 5=Display of ftp3.
  systems: (nav) => keys(nav, 'f14'),
  'system-details': (nav) => keys(nav, 'f14', 'down', 'down', '5', 'enter'),
};

describe('golden screens', () => {
  for (const [cols, rows] of [
    [80, 24],
    [132, 27],
  ] as const) {
    for (const [name, go] of Object.entries(SCREENS)) {
      it(`${name} ${cols}x${rows}`, () => {
        const nav = open(cols, rows);
        go(nav);
        const grid = nav.render();
        golden(`${name}-${cols}x${rows}.txt`, grid.toText());
        golden(`${name}-${cols}x${rows}.attr.txt`, grid.toAttrText());
      });
    }
  }

  it('uses the 5250 colours: title white, legend blue, data green, severity 90 red', () => {
    const grid: Grid = open(80, 24).render();
    const fg = (r: number, c: number) => grid.at(r, c).attr.fg;
    expect(grid.line(0).indexOf('Work with Messages')).toBeGreaterThan(0);
    expect(grid.at(0, grid.line(0).indexOf('Work')).attr).toMatchObject({ fg: 'white', bold: true });
    expect(fg(7, 1)).toBe('white'); // column heading
    expect(fg(4, 1)).toBe('blue'); // "Type options, press Enter."
    expect(fg(21, 1)).toBe('blue'); // F-key legend
    expect(grid.line(8)).toContain('FTP0003');
    expect(fg(8, 9)).toBe('green');
    expect(grid.line(17)).toContain('MON0003');
    expect(grid.at(17, 6).attr).toMatchObject({ fg: 'red' });
    expect(grid.at(8, 2).attr.underline).toBe(true); // the Opt input field
  });
});
