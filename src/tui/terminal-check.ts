// Whether this terminal can show the console at all: checked before blessed is loaded, so the refusal is quick and plain.

/** Why the console cannot run on this terminal type, or null when it can. */
export function terminalRefusal(term: string | undefined): string | null {
  if (term === 'dumb') {
    return 'the console needs a terminal that can move the cursor, and TERM=dumb cannot; run it in a real terminal (TERM=xterm-256color), or use msgmon messages or msgmon log for text output';
  }
  return null;
}
