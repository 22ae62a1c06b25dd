/**
 * `Generator` and `defaultRng(seed)`: NumPy's `np.random.default_rng(seed)` for tapegrad,
 * reproducing NumPy 2.x's streams bit for bit (same seed, same calls, same float64 bits), so that
 * weights drawn here match a NumPy reference implementation exactly.
 *
 * Return types follow one rule: without `size` a method returns a single `number`; with a `size`
 * (a count, or a shape like `[2, 3]`) it returns a float64 `Tensor` of that shape, filled in C
 * (row-major) order. `integers` returns `bigint`s instead when one of its bounds is a `bigint`.
 */
import { ArgumentError, describeValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { checkFinite } from '../errors.js';
import { checkSize, type Size } from './args.js';
import {
  drawBigIntegers,
  fillIntegers,
  fillNormal,
  fillRandom,
  fillStandardNormal,
  fillUniform,
  shuffleInPlace,
  standardNormal,
} from './distributions.js';
import { PCG64 } from './pcg64.js';
import { checkSeed } from './seed-sequence.js';

/** The typed arrays `shuffle` and `permutation` accept besides plain arrays. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const INT64_MIN = -(2n ** 63n);
const INT64_LIMIT = 2n ** 63n; // the largest exclusive upper bound NumPy's int64 path accepts

/**
 * NumPy's random `Generator` over a `PCG64` bit generator. Make one with `defaultRng(seed)`.
 *
 * @example
 * const rng = defaultRng(42);
 * rng.normal(0, 0.1, [2, 2]); // Tensor [[0.030471707975443137, -0.10399841062404956],
 *                             //         [0.07504511958064573, 0.0940564716391214]]
 */
export class Generator {
  /** The underlying bit generator, NumPy's `rng.bit_generator`: `randomRaw()`, `state`. */
  readonly bitGenerator: PCG64;

  /** Wraps a `PCG64` (NumPy's `Generator(PCG64(seed))`); `defaultRng(seed)` does this for you. */
  constructor(bitGenerator: PCG64) {
    if (!(bitGenerator instanceof PCG64)) {
      throw new ArgumentError(`Generator: bitGenerator must be a PCG64, got ${describeValue(bitGenerator)}`);
    }
    this.bitGenerator = bitGenerator;
  }

  /**
   * Uniform floats in [0, 1), NumPy's `random(size)`: each is the top 53 bits of a 64-bit word
   * times 2^-53 (0 is possible, 1 is not).
   *
   * @example
   * defaultRng(42).random();       // 0.7739560485559633
   * defaultRng(0).random([2, 3]);  // Tensor of shape [2, 3]
   */
  random(): number;
  random(size: Size): Tensor;
  random(size?: Size): number | Tensor {
    if (size === undefined) return this.bitGenerator.nextDouble();
    return this.tensor('random', size, (out) => fillRandom(this.bitGenerator, out));
  }

  /**
   * Standard normal draws (mean 0, standard deviation 1), NumPy's `standard_normal(size)`, by
   * its 256-layer ziggurat.
   *
   * @example
   * defaultRng(42).standardNormal(); // 0.30471707975443135
   */
  standardNormal(): number;
  standardNormal(size: Size): Tensor;
  standardNormal(size?: Size): number | Tensor {
    if (size === undefined) return standardNormal(this.bitGenerator);
    return this.tensor('standardNormal', size, (out) => fillStandardNormal(this.bitGenerator, out));
  }

  /**
   * Normal draws `loc + scale * z`, `z` standard normal (product rounded, then the sum, as NumPy
   * computes it). `loc` and `scale` must be finite and `scale >= 0`.
   *
   * @example
   * const rng = defaultRng(42);
   * rng.normal(0, 0.1, [2, 2]); // [[0.030471707975443137, -0.10399841062404956], [0.07504511958064573, 0.0940564716391214]]
   * rng.normal(0, 0.1, [2, 1]); // [[-0.19510351886538366], [-0.13021795068623182]] (the stream goes on)
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | undefined, scale: number | undefined, size: Size): Tensor;
  normal(loc = 0, scale = 1, size?: Size): number | Tensor {
    checkFinite('normal', 'loc', loc);
    checkFinite('normal', 'scale', scale);
    if (scale < 0) throw new ArgumentError(`normal: scale must be >= 0, got ${scale}`);
    if (size === undefined) return loc + scale * standardNormal(this.bitGenerator);
    return this.tensor('normal', size, (out) => fillNormal(this.bitGenerator, loc, scale, out));
  }

  /**
   * Uniform floats in [low, high), NumPy's `uniform(low, high, size)`: `low + (high - low) * u`
   * with `u` from `random()`. `low <= high`, both finite, and `high - low` must not overflow.
   * (With `low == high` every value is `low`; a value can round up to `high` when the range is
   * tiny against `low`, as in NumPy.)
   *
   * @example
   * defaultRng(42).uniform(-1, 1); // 0.5479120971119267
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: Size): Tensor;
  uniform(low = 0, high = 1, size?: Size): number | Tensor {
    checkFinite('uniform', 'low', low);
    checkFinite('uniform', 'high', high);
    if (low > high) throw new ArgumentError(`uniform: low (${low}) must not be greater than high (${high})`);
    const range = high - low; // once per call, as NumPy does
    if (!Number.isFinite(range)) {
      throw new ArgumentError(`uniform: the range high - low = ${high} - (${low}) overflows float64`);
    }
    if (size === undefined) return low + range * this.bitGenerator.nextDouble();
    return this.tensor('uniform', size, (out) => fillUniform(this.bitGenerator, low, range, out));
  }

  /**
   * Uniform integers in [low, high), NumPy's `integers(low, high, size)` with its default int64
   * dtype and `endpoint=False`. With one bound, `integers(n)` draws from [0, n).
   *
   * Types: with `number` bounds (safe integers) the results are `number`s, or a `Tensor` for a
   * `size`; if either bound is a `bigint` (needed beyond ±2^53, up to NumPy's int64 limits
   * -2^63 <= low < high <= 2^63) the results are `bigint`s, or a flat `bigint[]` in C order for
   * a `size`. Ranges up to 2^32 values use the buffered 32-bit stream (two values per 64-bit
   * word, the leftover half kept for the next call), wider ones a 64-bit word per value.
   *
   * @example
   * defaultRng(42).integers(5);             // 0
   * defaultRng(42).integers(0, 10, [2, 3]); // Tensor [[0, 7, 6], [4, 4, 8]]
   * defaultRng(42).integers(-(2n ** 63n), 2n ** 63n, 2); // [5053597115156604552n, -1127493779279708223n]
   */
  integers(low: number, high?: number): number;
  integers(low: number, high: number | undefined, size: Size): Tensor;
  integers(low: bigint, high?: number | bigint): bigint;
  integers(low: number | bigint, high: bigint): bigint;
  integers(low: bigint, high: number | bigint | undefined, size: Size): bigint[];
  integers(low: number | bigint, high: bigint, size: Size): bigint[];
  integers(low: number | bigint, high?: number | bigint, size?: Size): number | bigint | Tensor | bigint[] {
    if (high === undefined) {
      checkIntegerBound('high', low);
      if (low <= 0) {
        throw new ArgumentError(
          `integers: with one bound, integers(high) draws from [0, high) and needs high > 0, got ${describeValue(low)}`,
        );
      }
      high = low;
      low = typeof high === 'bigint' ? 0n : 0;
    } else {
      checkIntegerBound('low', low);
      checkIntegerBound('high', high);
    }
    if (typeof low === 'number' && typeof high === 'number') {
      if (low >= high) throw new ArgumentError(`integers: low (${low}) must be less than high (${high})`);
      const [lo, hi] = [low, high];
      if (size === undefined) {
        const one = new Float64Array(1);
        fillIntegers(this.bitGenerator, lo, hi, one);
        return one[0]!;
      }
      return this.tensor('integers', size, (out) => fillIntegers(this.bitGenerator, lo, hi, out));
    }
    const [lo, hi] = [BigInt(low), BigInt(high)];
    if (lo >= hi) throw new ArgumentError(`integers: low (${lo}n) must be less than high (${hi}n)`);
    if (lo < INT64_MIN) throw new ArgumentError(`integers: low (${lo}n) is below the int64 range; it must be >= -(2n ** 63n)`);
    if (hi > INT64_LIMIT) throw new ArgumentError(`integers: high (${hi}n) is above the int64 range; it must be <= 2n ** 63n`);
    if (size === undefined) return drawBigIntegers(this.bitGenerator, lo, hi, 1)[0]!;
    return drawBigIntegers(this.bitGenerator, lo, hi, checkSize('integers', size).count);
  }

  /**
   * A random permutation, NumPy's `permutation(x)`: for a number `n`, the integers 0..n-1 in a
   * random order (as a plain array, handy for indexing); for an array or typed array, a shuffled
   * copy (the input is left alone). Same draws as `shuffle`.
   *
   * @example
   * defaultRng(42).permutation(5); // [4, 2, 3, 1, 0]
   */
  permutation(n: number): number[];
  permutation<T>(x: readonly T[]): T[];
  permutation<A extends TypedArray>(x: A): A;
  permutation(x: number | readonly unknown[] | TypedArray): unknown[] | TypedArray {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x > 2 ** 32 - 1) {
        throw new ArgumentError(`permutation: n must be an integer in [0, 2^32 - 1], got ${describeValue(x)}`);
      }
      const order = Array.from({ length: x }, (_, i) => i);
      shuffleInPlace(this.bitGenerator, order);
      return order;
    }
    if (!Array.isArray(x) && !isTypedArray(x)) {
      throw new ArgumentError(`permutation: x must be a non-negative integer, an array or a typed array, got ${describeValue(x)}`);
    }
    const copy = x.slice();
    shuffleInPlace(this.bitGenerator, copy);
    return copy;
  }

  /**
   * Shuffles an array or typed array in place, NumPy's `shuffle(x)` on a 1-d array (a
   * Fisher-Yates pass from the end, drawing each index by masked rejection). This is the one
   * method that modifies its argument, as its name says; it returns nothing, like NumPy's.
   *
   * @example
   * const x = [1, 2, 3, 4, 5];
   * defaultRng(42).shuffle(x);
   * x; // [5, 3, 4, 2, 1]
   */
  shuffle(x: unknown[] | TypedArray): void {
    if (!Array.isArray(x) && !isTypedArray(x)) {
      const hint = (x as unknown) instanceof Tensor ? ' (tensors are never modified in place; permutation(n) gives a shuffled order)' : '';
      throw new ArgumentError(`shuffle: x must be an array or a typed array, got ${describeValue(x)}${hint}`);
    }
    if (Object.isFrozen(x) && x.length > 1) throw new ArgumentError('shuffle: x is frozen, so it cannot be shuffled in place');
    shuffleInPlace(this.bitGenerator, x);
  }

  /** Checks `size`, fills a new buffer of that many values with `fill`, and wraps it. */
  private tensor(op: string, size: Size, fill: (out: Float64Array) => void): Tensor {
    const { shape, count } = checkSize(op, size);
    const data = new Float64Array(count);
    fill(data);
    return new Tensor(data, shape);
  }
}

/**
 * NumPy's `np.random.default_rng(seed)`: a `Generator` over `PCG64` seeded through
 * `SeedSequence`. The seed is any non-negative integer: a `number` up to 2^53 - 1, or a
 * `bigint` of any size (seeds above 2^128 are mixed in like NumPy's).
 *
 * @example
 * const rng = defaultRng(42);
 * rng.normal(0, 0.1, [2, 2]); // the same weights as np.random.default_rng(42).normal(0, 0.1, (2, 2))
 */
export function defaultRng(seed: number | bigint): Generator {
  return new Generator(new PCG64(checkSeed('defaultRng', seed)));
}

/** A bound of `integers`: a safe-integer `number` or a `bigint`. */
function checkIntegerBound(name: string, value: unknown): void {
  if (typeof value === 'bigint') return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ArgumentError(`integers: ${name} must be an integer (a number or a bigint), got ${describeValue(value)}`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new ArgumentError(
      `integers: ${name} (${value}) is beyond Number.MAX_SAFE_INTEGER (2^53 - 1), where numbers skip integers; pass bigint bounds (with an n suffix, like 2n ** 60n) to get bigint results`,
    );
  }
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}
