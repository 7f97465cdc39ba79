// Remote text must never drive the operator's terminal: control characters become visible text.

/**
 * Replaces C0/C1 control characters (ESC, BEL, CSI, …) and DEL with caret or \xNN notation, so
 * `\x1b]0;pwned\x07` shows as `^[]0;pwned^G` instead of retitling the terminal.
 */
export function sanitizeForTerminal(s: string): string {
  // Fast path: most lines are plain printable text.
  if (!/[\x00-\x1f\x7f-\x9f]/.test(s)) return s;
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return '^' + String.fromCharCode(code + 64);
    if (code === 0x7f) return '^?';
    return '\\x' + code.toString(16);
  });
}

/**
 * Replaces lone UTF-16 surrogates (a journal entry's `\ud800` escape, a JSON error quoting half a character) with
 * U+FFFD: SQLite stores text as UTF-8, which cannot hold them, so the stored text would differ from what was made.
 */
export function wellFormed(s: string): string {
  return /[\ud800-\udfff]/.test(s) ? s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : s;
}
