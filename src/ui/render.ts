// Pure drawing shared by all screens: title row, generated F-key legend, message line, More.../Bottom.
import { formatDateTime } from '../core/time.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, Grid, type Attr } from './grid.js';
import { bindingsFor, keyLabel, plainKey, type Keymap } from './keymap.js';
import { SPECS, type ScreenId } from './screen-spec.js';
import type { ViewContext } from './screen.js';

/** 5250 minimum; smaller terminals get an 80×24 grid clipped by the terminal rather than a squeezed one. */
export const MIN_COLS = 80;
/** 5250 minimum rows. */
export const MIN_ROWS = 24;

/** A run of text at a column, the unit of the scrollable text screens. */
export interface Seg {
  col: number;
  text: string;
  attr: Attr;
}

/** One row of a scrollable document (Details, Attributes, Help). */
export type DocLine = Seg[];

const SEP = '   ';

function hostColumn(g: Grid, host: string): number {
  return g.cols - Math.min(20, Math.max(10, host.length + 1));
}

/** A grid with the title row, legend (rows 22–23 on 24 rows) and message line drawn; the body is the caller's. */
export function frame(ctx: ViewContext, screen: ScreenId, title: string): Grid {
  const g = new Grid(Math.max(ctx.cols, MIN_COLS), Math.max(ctx.rows, MIN_ROWS));
  const host = sanitizeForTerminal(ctx.hostName);
  const hostCol = hostColumn(g, host);
  g.put(0, Math.max(0, Math.floor((hostCol - title.length) / 2)), title, ATTR.title);
  g.put(0, hostCol, host.slice(0, g.cols - hostCol), ATTR.value);
  const pages = legendPages(ctx.keymap, screen, g.cols - 1, ctx.inTextField);
  const page = pages[ctx.legendPage % pages.length] ?? [];
  page.forEach((line, i) => g.put(g.rows - 3 + i, 1, line, ATTR.legend));
  if (ctx.message) {
    const text = sanitizeForTerminal(ctx.message.text).slice(0, g.cols - 2);
    g.put(g.rows - 1, 1, text, ctx.message.error ? ATTR.error : ATTR.info);
  }
  return g;
}

/** Date and time on row 2, ending where the host name column starts (as on the 5250 reference). */
export function putDateTime(g: Grid, ctx: ViewContext, row: number): void {
  const { date, time } = formatDateTime(ctx.now);
  g.put(row, hostColumn(g, sanitizeForTerminal(ctx.hostName)) - 16, `${date}  ${time}`, ATTR.value);
}

/** Last grid row a screen body may use: "More...", the two legend rows and the message line come after. */
export function bodyEnd(g: Grid): number {
  return g.rows - 5;
}

/** "More..." when there is more below, "Bottom" when not, at the bottom right of the list. */
export function putMore(g: Grid, more: boolean): void {
  g.put(g.rows - 4, g.cols - 8, more ? 'More...' : 'Bottom', ATTR.value);
}

/** The option legend ("4=Remove   5=Details …") of a screen, generated from the key map in option order. */
export function optionLegend(km: Keymap, screen: ScreenId): string {
  const opts = bindingsFor(km, screen).filter((b) => b.option && b.legend);
  return opts
    .sort((a, b) => Number(a.option) - Number(b.option))
    .map((b) => b.label)
    .join(SEP);
}

/** Draws document lines from index `top` into rows first..last; returns whether lines remain below. */
export function drawDoc(g: Grid, lines: DocLine[], top: number, first: number, last: number): boolean {
  for (let r = first; r <= last; r++) {
    for (const s of lines[top + r - first] ?? []) g.put(r, s.col, s.text, s.attr);
  }
  return top + (last - first + 1) < lines.length;
}

/** Rows a scrolled document shows, from grid row `first` to the end of the body, at this terminal height. */
export function docViewport(rows: number, first: number): number {
  return Math.max(rows, MIN_ROWS) - 5 - first + 1;
}

/** A scrolled display screen (Details, Help, a report): the frame, the document for its width from `top`, More.../Bottom. */
export function renderDoc(ctx: ViewContext, screen: ScreenId, title: string, doc: (cols: number) => DocLine[], top: number, first: number): Grid {
  const g = frame(ctx, screen, title);
  putMore(g, drawDoc(g, doc(g.cols), top, first, bodyEnd(g)));
  return g;
}

/** Packs legend items into lines of at most `width` characters, three blanks apart. */
export function packItems(items: string[], width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + SEP.length + item.length <= width) lines[lines.length - 1] = last + SEP + item;
    else lines.push(item);
  }
  return lines;
}

function paginate(items: string[], tail: string | undefined, width: number): string[][] {
  const pages: string[][] = [];
  let i = 0;
  do {
    let taken = 0;
    let lines = packItems(tail ? [tail] : [], width);
    for (let n = items.length - i; n > 0; n--) {
      const candidate = packItems([...items.slice(i, i + n), ...(tail ? [tail] : [])], width);
      if (candidate.length <= 2) {
        lines = candidate;
        taken = n;
        break;
      }
    }
    if (taken === 0 && i < items.length) {
      taken = 1; // a single item wider than two lines still gets shown, clipped, so paging always advances
      lines = packItems([items[i]!, ...(tail ? [tail] : [])], width);
    }
    pages.push(lines);
    i += taken;
  } while (i < items.length);
  return pages;
}

/**
 * The legend pages of a screen, generated from the key map: first the F-key labels, then the same actions
 * by their plain-key alternatives (for terminals that eat F-keys). F24=More keys ends every page.
 */
export function legendPages(km: Keymap, screen: ScreenId, width: number, inTextField = false): string[][] {
  const shown = bindingsFor(km, screen).filter((b) => b.legend && !b.option);
  const more = shown.find((b) => b.id === 'more-keys');
  const rest = shown.filter((b) => b !== more);
  const name = (label: string) => label.slice(label.indexOf('=') + 1);
  // In a text field a character types: only keys that type nothing are alternatives there.
  const text = SPECS[screen].textInput || inTextField;
  const plain = rest.flatMap((b) => {
    const k = plainKey(b, text);
    return k ? [`${keyLabel(k)}=${name(b.label)}`] : [];
  });
  const moreKey = more && plainKey(more, text);
  const morePlain = more && moreKey ? `${keyLabel(moreKey)}=${name(more.label)}` : undefined;
  const fkeyPages = paginate(
    rest.map((b) => b.label),
    more?.label,
    width,
  );
  return more ? [...fkeyPages, ...paginate(plain, morePlain, width)] : fkeyPages;
}
