/** Small seeded randomness, so a run with the same seed repeats exactly. */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: a fast 32-bit PRNG, good enough for shuffling and initialisation. Returns a Random. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several integers into one 32-bit seed (e.g. (seed, epoch)), so nearby inputs give unrelated streams. */
export function mixSeeds(...values: number[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    hash = Math.imul(hash ^ (value >>> 0), 0x01000193);
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d);
    hash ^= hash >>> 12;
  }
  return hash >>> 0;
}

/** An integer in [0, n), from a Random. */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Shuffles an array in place with Fisher-Yates and returns it. */
export function shuffle<T extends { length: number; [i: number]: unknown }>(items: T, random: Random): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}
