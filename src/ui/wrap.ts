// Word wrapping for the text screens: long paths and raw lines must stay readable, not be cut off.

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
    if ([...line].length + sep.length + [...word].length <= width()) {
      line += sep + word;
      continue;
    }
    if (line) {
      out.push(line);
      line = '';
    }
    let chars = [...word];
    while (chars.length > width()) {
      out.push(chars.slice(0, width()).join(''));
      chars = chars.slice(width());
    }
    line = chars.join('');
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

/** Cuts text into pieces of exactly `width` characters: for raw lines, where every blank must survive. */
export function chunk(text: string, width: number): string[] {
  const chars = [...text];
  const w = Math.max(1, width);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += w) out.push(chars.slice(i, i + w).join(''));
  return out.length ? out : [''];
}
