import { describe, expect, it } from 'vitest';
import { mixSeeds, mulberry32, randomInt, shuffle } from './random';

describe('mulberry32', () => {
  it('repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const take = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 1000 }, () => random());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    const values = take(123);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('spreads evenly over ten buckets', () => {
    const random = mulberry32(2024);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[randomInt(random, 10)]++;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('mixSeeds', () => {
  it('depends on every value and on their order', () => {
    const seeds = new Set([mixSeeds(1, 0), mixSeeds(0, 1), mixSeeds(1, 1), mixSeeds(1), mixSeeds(2, 0)]);
    expect(seeds.size).toBe(5);
    expect(mixSeeds(42, 3)).toBe(mixSeeds(42, 3));
  });
});

describe('shuffle', () => {
  it('permutes in place, repeatably for a seed', () => {
    const a = shuffle(Int32Array.from({ length: 100 }, (_, i) => i), mulberry32(5));
    const b = shuffle(Int32Array.from({ length: 100 }, (_, i) => i), mulberry32(5));
    expect(a).toEqual(b);
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(shuffle(['x'], mulberry32(1))).toEqual(['x']);
  });
});
