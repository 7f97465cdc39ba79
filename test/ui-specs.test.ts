// The data the screens are made of: key map, screen specs, Grid and wrapping rules.
import { describe, expect, it } from 'vitest';
import { ATTR, Grid } from '../src/ui/grid.js';
import { bindingForKey, bindingForOption, bindingsFor, DEFAULT_KEYMAP, plainKey, refusal, typesText } from '../src/ui/keymap.js';
import { checkBundledKeymap, parseKeymap } from '../src/ui/keymap-schema.js';
import { legendPages } from '../src/ui/render.js';
import { layoutColumns, SPECS } from '../src/ui/screen-spec.js';
import { checkBundledSpecs, parseScreenSpec } from '../src/ui/screen-spec-schema.js';
import { chunk, wrap } from '../src/ui/wrap.js';

const binding = (over: object) => ({ id: 'x', keys: ['f6'], label: 'F6=X', screens: ['*'], dangerous: false, help: 'X.', ...over });

describe('key map', () => {
  it('is the bundled file as the schema reads it, defaults included (the screens load it without zod)', () => {
    expect(() => checkBundledKeymap()).not.toThrow();
    expect(DEFAULT_KEYMAP.bindings.every((b) => typeof b.legend === 'boolean')).toBe(true);
  });

  it('gives every F-key binding a plain-key alternative', () => {
    for (const b of DEFAULT_KEYMAP.bindings) {
      if (b.keys.some((k) => /^f\d+$/.test(k)))
        expect(
          b.keys.some((k) => !/^f\d+$/.test(k)),
          b.id,
        ).toBe(true);
    }
  });

  it('gives the F-keys of screens with text fields an alternative that types nothing (q and ? type there)', () => {
    for (const id of (Object.keys(SPECS) as (keyof typeof SPECS)[]).filter((k) => SPECS[k].textInput)) {
      for (const b of bindingsFor(DEFAULT_KEYMAP, id).filter((x) => x.keys.some((k) => /^f\d+$/.test(k)))) {
        expect(plainKey(b, true), `${b.id} on ${id}`).toBeDefined();
        expect(typesText(plainKey(b, true)!)).toBe(false);
      }
    }
    expect(plainKey(bindingForKey(DEFAULT_KEYMAP, 'rule-editor', 'f3')!, true)).toBe('C-c');
  });

  it('words why an option cannot apply to a row from the record (why-disabled)', () => {
    const remove = bindingForOption(DEFAULT_KEYMAP, 'work-with-messages', '4')!;
    expect(refusal(remove, false, ['inquiry'])).toBe('Option 4 not allowed: message is an inquiry; acknowledge it with 7');
    expect(refusal(remove, true, ['inquiry'])).toBe('Option 4 not allowed: msgmon runs read-only');
    expect(refusal(bindingForOption(DEFAULT_KEYMAP, 'work-with-messages', '7')!, false, ['inquiry'])).toBeNull();
  });

  it('resolves keys per screen', () => {
    expect(bindingForKey(DEFAULT_KEYMAP, 'message-details', 'f8')?.id).toBe('attributes');
    expect(bindingForKey(DEFAULT_KEYMAP, 'work-with-messages', 'f8')).toBeUndefined();
    expect(bindingForKey(DEFAULT_KEYMAP, 'help', 'f3')?.id).toBe('exit');
  });

  it('words refusals from the record', () => {
    const remove = DEFAULT_KEYMAP.bindings.find((b) => b.option === '4')!;
    expect(refusal(remove, true)).toBe('Option 4 not allowed: msgmon runs read-only');
    expect(refusal(remove, false)).toBeNull();
    expect(refusal(binding({ dangerous: true }) as never, true)).toBe('F6 not allowed: msgmon runs read-only');
  });

  it('rejects a key bound twice on a screen, naming the file', () => {
    const bad = { bindings: [binding({}), binding({ id: 'y', screens: ['help'], label: 'F6=Y' })] };
    expect(() => parseKeymap(bad, 'data/keymaps/custom.json')).toThrow(/custom\.json: f6 is bound to both x and y on help/);
  });

  it('rejects a screen name that does not exist', () => {
    expect(() => parseKeymap({ bindings: [binding({ screens: ['work-with-message'] })] }, 'k.json')).toThrow(
      'k.json: binding x names unknown screen "work-with-message"',
    );
  });

  it('rejects a malformed record, naming the file', () => {
    expect(() => parseKeymap({ bindings: [binding({ keys: 'f6' })] }, 'data/keymaps/custom.json')).toThrow(/^data\/keymaps\/custom\.json: invalid key map/);
  });

  it('fits the legend in two rows per page and ends every page with F24', () => {
    for (const id of Object.keys(SPECS) as (keyof typeof SPECS)[]) {
      for (const page of legendPages(DEFAULT_KEYMAP, id, 79)) {
        expect(page.length).toBeLessThanOrEqual(2);
        expect(page.every((l) => l.length <= 79)).toBe(true);
        expect(page[page.length - 1]).toMatch(/(F24|m|Ctrl\+O)=More keys$/);
      }
    }
  });
});

describe('screen specs', () => {
  it('are the bundled files as the schema reads them, defaults included (the screens load them without zod)', () => {
    expect(() => checkBundledSpecs()).not.toThrow();
    expect(SPECS['work-with-messages'].columns.every((c) => c.align !== undefined && c.minWidth !== undefined)).toBe(true);
  });

  it('rejects a bad spec naming the file', () => {
    expect(() => parseScreenSpec({ id: 'message-details' }, 'screens/message-details.json')).toThrow(/^screens\/message-details\.json: invalid screen spec/);
    expect(() => parseScreenSpec({ id: 'help', title: 'Help' }, 'screens/other.json')).toThrow(/other\.json: id "help"/);
    const fillFirst = {
      id: 'help',
      title: 'H',
      columns: [
        { id: 'a', heading: 'A', width: 0 },
        { id: 'b', heading: 'B', width: 3 },
      ],
    };
    expect(() => parseScreenSpec(fillFirst, 'screens/help.json')).toThrow(/width 0 but is not the last/);
  });

  it('lays out columns as on the reference console and widens on big terminals', () => {
    const at80 = layoutColumns(SPECS['work-with-messages'].columns, 80).map((c) => [c.id, c.x, c.w]);
    expect(at80).toEqual([
      ['opt', 1, 3],
      ['sev', 5, 3],
      ['type', 9, 4],
      ['time', 14, 8],
      ['system', 23, 8],
      ['msgId', 32, 8],
      ['text', 41, 39],
    ]);
    const at132 = layoutColumns(SPECS['work-with-messages'].columns, 132).map((c) => c.id);
    expect(at132).toEqual(['opt', 'sev', 'type', 'date', 'time', 'system', 'msgId', 'source', 'user', 'text']);
  });
});

describe('Grid and wrapping', () => {
  it('clips at the edges; wide characters take two cells, what has no width of its own shows as ?', () => {
    const g = new Grid(10, 2);
    g.put(0, 7, 'abcdef', ATTR.title);
    g.put(1, 0, 'a\u4e2db\u{1f600}c\u202ed\x1b');
    expect(g.toText()).toBe('       abc\na\u4e2db\u{1f600}c?d?\n');
    expect(g.cells[1]!.map((c) => c.ch)).toEqual(['a', '\u4e2d', '', 'b', '\u{1f600}', '', 'c', '?', 'd', '?']);
    expect(g.toAttrText()).toBe('       WWW\ngggggggggg\n');
  });

  it('wraps at blanks, splits words longer than a line, and chunks raw text exactly', () => {
    expect(wrap('FTP: User thomask uploaded file /home/thomask/upload/a.txt', 20, 16)).toEqual([
      'FTP: User thomask',
      'uploaded file',
      '/home/thomask/up',
      'load/a.txt',
    ]);
    expect(chunk('a  b  c', 3)).toEqual(['a  ', 'b  ', 'c']);
  });
});
