// How soon the console may re-read its screen again for commits by other processes (the collector's messages, other
// consoles' acknowledgements). Paced by what the last re-read cost, not by a fixed gap: a fixed 250 ms held back a
// new message that came just after any other commit (the collector writes its status row every poll) even where
// the page reads in a millisecond, and a live line took up to 0.35 s to show.

/**
 * The next re-read waits this many times as long as the last one took: under a steady stream of commits
 * re-reading the page (and its count, which a text subset makes costly) takes at most a fifth of the process, and
 * keys stay answered between re-reads.
 */
export const REFRESH_COST_FACTOR = 4;

/** And at least this long: at most ten re-reads for commits a second, however cheap they are. */
export const REFRESH_MIN_GAP_MS = 100;

/** The earliest time of the next re-read after one that ran from `start` to `end` (ms, one clock). */
export function nextRefreshAt(start: number, end: number): number {
  if (!(end >= start)) throw new Error(`refresh ended (${end}) before it started (${start})`);
  return end + Math.max(REFRESH_MIN_GAP_MS, (end - start) * REFRESH_COST_FACTOR);
}
