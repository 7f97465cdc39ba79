// Turns blessed key events into the key names of data/keymaps (f1..f24, enter, S-tab, q, 5, …).

interface BlessedKey {
  name?: string;
  full?: string;
  code?: string;
  shift?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

/**
 * Name of a key blessed recognised. `return` is dropped because blessed emits an `enter` twin for every
 * CR; Shift+F1..F12 become F13..F24 as on a 5250 keyboard; a printable character is itself (blessed
 * calls `A` `S-a`, and the rule editor's fields need the character typed), a blank `space`.
 */
export function keyName(ch: string | undefined, key: BlessedKey | undefined): string | null {
  const full = key?.full ?? ch;
  if (!full || full === 'return') return null;
  if (ch && !key?.ctrl && !key?.meta && [...ch].length === 1 && ch >= ' ' && !/[\x7f-\x9f]/.test(ch)) return ch === ' ' ? 'space' : ch;
  if (full === 'linefeed') return 'enter';
  const shifted = /^S-f(\d+)$/.exec(full);
  if (shifted && Number(shifted[1]) <= 12) return `f${Number(shifted[1]) + 12}`;
  return full;
}

// Sequences blessed names 'undefined' and drops (STACK.md): xterm's Shift+F1..F4 (`ESC[1;2P`..) and the
// VT220/linux F13..F20 (`ESC[25~`..`ESC[34~`, the terminfo kf13..kf20).
const RAW: Record<string, number> = {
  '[P': 1,
  '[Q': 2,
  '[R': 3,
  '[S': 4,
  '[25~': 13,
  '[26~': 14,
  '[28~': 15,
  '[29~': 16,
  '[31~': 17,
  '[32~': 18,
  '[33~': 19,
  '[34~': 20,
};

/** Name of a function key blessed dropped, from the raw input keypress; null for everything else. */
export function rawFunctionKey(key: BlessedKey | undefined): string | null {
  if (key?.name !== 'undefined' || !key.code) return null;
  const n = RAW[key.code];
  if (n === undefined) return null;
  return `f${n <= 4 && key.shift ? n + 12 : n}`;
}

/**
 * Terminal type for blessed: its terminfo parser fails on screen-256color and degrades tmux-256color, so xterm's is
 * used for those. A DEC VT (vt100, vt220…) gets vt100's: no alternate screen and no cursor hiding it cannot do.
 */
export function terminalFor(term: string | undefined): string {
  if (term === 'linux') return 'linux';
  return /^vt\d/.test(term ?? '') ? 'vt100' : 'xterm-256color';
}
