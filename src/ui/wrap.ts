// Word wrapping for the text screens: long paths and raw lines must stay readable, not be cut off. Widths are
// display columns (a CJK character takes two).
import { displayWidth, fitWidth } from './grid.js';

/**
 * Wraps text to `first` columns on the first line and `rest` on the others. Breaks at blanks; a word
 * longer than a line (a path, a raw log line) is split hard so nothing is lost.
 */
export function wrap(text: string, first: number, rest: number = first): string[] {
  const out: string[] = [];
  let line = '';
  const width = () => Math.max(1, out.length === 0 ? first : rest);
  for (const word of text.split(/ +/)) {
    if (word === '') continue;
    const sep = line ? ' ' : '';
    if (displayWidth(line) + sep.length + displayWidth(word) <= width()) {
      line += sep + word;
      continue;
    }
    if (line) {
      out.push(line);
      line = '';
    }
    let rest = word;
    while (displayWidth(rest) > width()) {
      const piece = fitWidth(rest, width()) || [...rest][0]!;
      out.push(piece);
      rest = rest.slice(piece.length);
    }
    line = rest;
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

/** Wraps each paragraph (split on newlines) and joins the results, for catalog help text. */
export function wrapParagraphs(text: string, first: number, rest: number = first): string[] {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) out.push(...wrap(para, out.length === 0 ? first : rest, rest));
  return out;
}

/** Cuts text into pieces of `width` columns: for raw lines, where every blank must survive. */
export function chunk(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  let rest = text;
  while (rest) {
    const piece = fitWidth(rest, w) || [...rest][0]!;
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  return out.length ? out : [''];
}
