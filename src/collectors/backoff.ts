// Reconnect delays: capped exponential backoff with jitter, so many collectors that lost one host do not retry in step.

/** Delay settings in milliseconds. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Default: 1 s, doubling, at most 60 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/** The delay before attempt `n` (0-based): min(max, base·2ⁿ), of which the upper half is random. */
export function backoffDelay(n: number, o: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(n, 30));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
