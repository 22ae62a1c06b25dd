import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../packages/core/src/errors.js';
import { Tensor } from '../../../packages/core/src/tensor.js';
import { defaultRng, Generator } from '../../../packages/core/src/random/index.js';

/** Expects `f` to throw an ArgumentError whose message matches `message`. */
function refuses(f: () => unknown, message: string | RegExp): void {
  expect(f).toThrow(ArgumentError);
  expect(f).toThrow(message);
}

const bad = <T>(v: unknown) => v as T;

describe('random: bad input raises clear ArgumentErrors', () => {
  it('seeds', () => {
    refuses(() => defaultRng(-1), 'defaultRng: seed must be a non-negative integer (number or bigint), got -1');
    refuses(() => defaultRng(-5n), 'defaultRng: seed must be a non-negative integer, got -5n');
    refuses(() => defaultRng(0.5), 'defaultRng: seed must be a non-negative integer (number or bigint), got 0.5');
    refuses(() => defaultRng(Number.NaN), 'got NaN');
    refuses(() => defaultRng(Infinity), 'got Infinity');
    refuses(() => defaultRng(bad<number>(undefined)), 'got undefined');
    refuses(() => defaultRng(bad<number>('42')), 'got "42"');
    refuses(
      // biome-ignore lint/correctness/noPrecisionLoss: a number seed above 2^53 has already lost its digits; the error says so
      () => defaultRng(12345678901234567891),
      /defaultRng: seed 12345678901234567000 is above Number.MAX_SAFE_INTEGER \(2\^53 - 1\).* pass the seed as a bigint/,
    );
    refuses(() => new Generator(bad<never>({})), /Generator: bitGenerator must be a PCG64, got an object/);
  });

  it('sizes', () => {
    const rng = defaultRng(0);
    refuses(() => rng.random(-1), 'random: size must be a non-negative integer or an array of non-negative integers, got -1');
    refuses(
      () => rng.standardNormal([2, -3]),
      'standardNormal: size must be a non-negative integer or an array of non-negative integers, got [2, -3]',
    );
    refuses(() => rng.normal(0, 1, [2.5]), 'normal: size must be');
    refuses(
      () => rng.uniform(0, 1, bad<number>('3')),
      'uniform: size must be a non-negative integer or an array of non-negative integers, got "3"',
    );
    refuses(() => rng.integers(0, 5, [Number.NaN]), 'integers: size must be');
    refuses(() => rng.integers(0n, 5n, -2), 'integers: size must be');
    refuses(() => rng.bitGenerator.randomRaw([1, 0.5]), 'randomRaw: size must be');
    refuses(() => rng.random([2 ** 20, 2 ** 20]), 'more than an array can hold');
  });

  it('normal and uniform parameters', () => {
    const rng = defaultRng(0);
    refuses(() => rng.normal(Number.NaN, 1), 'normal: loc must be a finite number, got NaN');
    refuses(() => rng.normal(0, Infinity), 'normal: scale must be a finite number, got Infinity');
    refuses(() => rng.normal(0, -0.5, 3), 'normal: scale must be >= 0, got -0.5');
    refuses(() => rng.normal(bad<number>('1'), 1), 'normal: loc must be a finite number, got "1"');
    refuses(() => rng.uniform(-Infinity, 1), 'uniform: low must be a finite number, got -Infinity');
    refuses(() => rng.uniform(0, Number.NaN), 'uniform: high must be a finite number, got NaN');
    refuses(() => rng.uniform(2, 1), 'uniform: low (2) must not be greater than high (1)');
    refuses(() => rng.uniform(-1e308, 1e308), 'uniform: the range high - low = 1e+308 - (-1e+308) overflows float64');
  });

  it('integers bounds', () => {
    const rng = defaultRng(0);
    refuses(() => rng.integers(5, 5), 'integers: low (5) must be less than high (5)');
    refuses(() => rng.integers(7, 3, 2), 'integers: low (7) must be less than high (3)');
    refuses(() => rng.integers(5n, 5n), 'integers: low (5n) must be less than high (5n)');
    refuses(() => rng.integers(0), 'integers: with one bound, integers(high) draws from [0, high) and needs high > 0, got 0');
    refuses(() => rng.integers(-3n), 'needs high > 0, got -3');
    refuses(() => rng.integers(0.5, 3), 'integers: low must be an integer (a number or a bigint), got 0.5');
    refuses(() => rng.integers(0, Number.NaN), 'integers: high must be an integer (a number or a bigint), got NaN');
    refuses(() => rng.integers(0, 2 ** 60), /integers: high \(1152921504606847000\) is beyond Number.MAX_SAFE_INTEGER.*pass bigint bounds/);
    refuses(
      () => rng.integers(0n, 2n ** 63n + 1n),
      'integers: high (9223372036854775809n) is above the int64 range; it must be <= 2n ** 63n',
    );
    refuses(() => rng.integers(-(2n ** 63n) - 1n, 0n), 'integers: low (-9223372036854775809n) is below the int64 range');
  });

  it('permutation and shuffle', () => {
    const rng = defaultRng(0);
    refuses(() => rng.permutation(-1), 'permutation: n must be an integer in [0, 2^32 - 1], got -1');
    refuses(() => rng.permutation(2.5), 'got 2.5');
    refuses(
      () => rng.permutation(bad<number>({ length: 3 })),
      /permutation: x must be a non-negative integer, an array or a typed array, got an object/,
    );
    refuses(
      () => rng.shuffle(bad<number[]>(new Tensor(Float64Array.of(1, 2), [2]))),
      /shuffle: x must be an array or a typed array, got a Tensor \(tensors are never modified in place/,
    );
    refuses(() => rng.shuffle(bad<number[]>('abc')), 'shuffle: x must be an array or a typed array, got "abc"');
    const frozen = Object.freeze([1, 2, 3]);
    refuses(() => rng.shuffle(bad<number[]>(frozen)), 'shuffle: x is frozen');
  });

  it('a refused call draws nothing', () => {
    const rng = defaultRng(0);
    const before = rng.bitGenerator.state;
    expect(() => rng.normal(0, -1, 5)).toThrow(ArgumentError);
    expect(() => rng.integers(3, 1, 5)).toThrow(ArgumentError);
    expect(() => rng.random([-1])).toThrow(ArgumentError);
    expect(rng.bitGenerator.state).toEqual(before);
  });
});
