// The console's pacing of re-reads for other processes' commits: cheap re-reads may follow each other quickly (a
// new message is not held back by an unrelated commit just before it), costly ones leave the process mostly free.
import { describe, expect, it } from 'vitest';
import { nextRefreshAt, REFRESH_COST_FACTOR, REFRESH_MIN_GAP_MS } from '../src/tui/refresh-gap.js';

describe('refresh pacing for commits', () => {
  it('a cheap re-read allows the next one after the minimum gap', () => {
    expect(nextRefreshAt(1000, 1002)).toBe(1002 + REFRESH_MIN_GAP_MS);
    expect(nextRefreshAt(0, 0)).toBe(REFRESH_MIN_GAP_MS);
  });

  it('a costly re-read (a text subset on a big store) waits in proportion, so re-reads take at most a fifth of the time', () => {
    const start = 5000;
    const cost = 300;
    const next = nextRefreshAt(start, start + cost);
    expect(next - (start + cost)).toBe(cost * REFRESH_COST_FACTOR);
    expect(cost / (next - start)).toBeLessThanOrEqual(1 / (1 + REFRESH_COST_FACTOR));
  });

  it('the minimum gap keeps it under ten re-reads a second and below the old fixed 250 ms', () => {
    expect(1000 / REFRESH_MIN_GAP_MS).toBeLessThanOrEqual(10);
    expect(REFRESH_MIN_GAP_MS).toBeLessThan(250);
  });

  it('an end before the start is refused', () => {
    expect(() => nextRefreshAt(10, 5)).toThrow(/before it started/);
    expect(() => nextRefreshAt(Number.NaN, 5)).toThrow();
  });
});
