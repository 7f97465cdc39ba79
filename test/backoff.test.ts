// Reconnect delays: exponential from the base, capped, the upper half random (jitter).
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/collectors/backoff.js';

describe('backoff', () => {
  const o = { baseMs: 1000, maxMs: 60_000 };
  it('doubles from the base up to the cap', () => {
    expect([0, 1, 2, 3, 10, 100].map((n) => backoffDelay(n, o, () => 1))).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
  });
  it('jitters within the upper half of each step', () => {
    expect([0, 3, 10].map((n) => backoffDelay(n, o, () => 0))).toEqual([500, 4000, 30_000]);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, o);
      expect(d).toBeGreaterThanOrEqual(8000);
      expect(d).toBeLessThanOrEqual(16_000);
    }
  });
});
