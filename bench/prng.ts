// Seeded pseudo-random numbers: the generator must give the same bytes for the same seed on every machine,
// so nothing here may touch Math.random or the clock.

/** mulberry32: 32-bit state, fast, good enough for synthetic logs (not for cryptography). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience draws on top of one mulberry32 stream; one Rng per generated file keeps runs reproducible. */
export class Rng {
  private readonly u: () => number;
  constructor(seed: number) {
    this.u = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.u();
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.u() * (hi - lo + 1));
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.u() < p;
  }
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.u() * items.length)] as T;
  }
  /** Exponential delay with the given mean: arrivals and think times of people are roughly Poisson. */
  expo(mean: number): number {
    return -Math.log(1 - this.u()) * mean;
  }
  /** Log-normal size: file sizes span bytes to gigabytes with most of them small. */
  logNormal(mu: number, sigma: number): number {
    const z = Math.sqrt(-2 * Math.log(1 - this.u())) * Math.cos(2 * Math.PI * this.u());
    return Math.exp(mu + sigma * z);
  }
}
