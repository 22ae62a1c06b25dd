/**
 * `SeedSequence`: NumPy's way of turning a small integer seed into well-mixed generator state.
 *
 * A seed is split into 32-bit words, hashed into a 4-word pool, and the pool is hashed again to
 * produce as many words as the generator needs. All arithmetic is on 32-bit unsigned integers,
 * done with `Math.imul` (a plain `a * b` would exceed 2^53 and lose its low bits before wrapping).
 * This matches `numpy.random.SeedSequence(seed)` bit for bit (NumPy 2.x, `bit_generator.pyx`).
 */
import { ArgumentError, describeValue } from '../errors.js';

// The hashing constants of NumPy's SeedSequence (taken from Melissa O'Neill's seed_seq_fe).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

/**
 * Checks a seed given by the user and returns it as a bigint. `op` names the caller in errors.
 * A `number` seed must be a safe integer: above 2^53 a number literal may already have been
 * rounded to a different integer than the one typed, which would silently give another stream.
 */
export function checkSeed(op: string, seed: unknown): bigint {
  if (typeof seed === 'bigint') {
    if (seed < 0n) throw new ArgumentError(`${op}: seed must be a non-negative integer, got ${seed}n`);
    return seed;
  }
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed) || seed < 0) {
      throw new ArgumentError(`${op}: seed must be a non-negative integer (number or bigint), got ${describeValue(seed)}`);
    }
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError(
        `${op}: seed ${seed} is above Number.MAX_SAFE_INTEGER (2^53 - 1), where numbers skip integers, so it may not be the seed you wrote; pass the seed as a bigint (with an n suffix, like 12345678901234567891n)`,
      );
    }
    return BigInt(seed);
  }
  throw new ArgumentError(`${op}: seed must be a non-negative integer (number or bigint), got ${describeValue(seed)}`);
}

/**
 * The seed as 32-bit words, least significant first, with no trailing zero words; `[0]` for 0.
 * Matches NumPy's `_coerce_to_uint32_array(seed)`.
 *
 * @example
 * seedToWords(2n ** 32n + 7n); // [7, 1]
 */
export function seedToWords(seed: bigint): number[] {
  if (seed < 0n) throw new ArgumentError(`seedToWords: seed must be non-negative, got ${seed}n`);
  if (seed === 0n) return [0];
  const words: number[] = [];
  for (let s = seed; s > 0n; s >>= 32n) words.push(Number(s & 0xffffffffn));
  return words;
}

/**
 * NumPy's `SeedSequence` for an integer seed: the entropy words and the mixed 4-word pool.
 *
 * @example
 * const ss = new SeedSequence(42);
 * ss.generateState64(4); // the four u64 words that seed PCG64(42):
 * // [11465652750463011511n, 15382171918060459190n, 9018504550953525431n, 3703499796004394495n]
 */
export class SeedSequence {
  /** The seed's 32-bit words (`entropy_uint32` in the fixtures), least significant first. */
  readonly entropy: readonly number[];
  /** The mixed pool of 4 u32 words, NumPy's `SeedSequence.pool`. */
  readonly pool: Uint32Array;

  /** @param seed a non-negative integer; a `number` must be a safe integer. */
  constructor(seed: number | bigint) {
    this.entropy = Object.freeze(seedToWords(checkSeed('SeedSequence', seed)));
    this.pool = mixEntropy(this.entropy);
  }

  /**
   * `n` u32 words drawn from the pool: NumPy's `generate_state(n, np.uint32)`.
   * Each word cycles through the pool (0, 1, 2, 3, 0, ...) and is hashed with a running multiplier.
   */
  generateState32(n: number): Uint32Array {
    checkWordCount('generateState32', n, 1);
    const out = new Uint32Array(n);
    let h = INIT_B;
    for (let i = 0; i < n; i++) {
      let v = (this.pool[i % POOL_SIZE]! ^ h) >>> 0;
      h = Math.imul(h, MULT_B) >>> 0; // updated before it is used, as in NumPy
      v = Math.imul(v, h) >>> 0;
      out[i] = (v ^ (v >>> 16)) >>> 0;
    }
    return out;
  }

  /**
   * `n` u64 words: NumPy's `generate_state(n, np.uint64)`, i.e. `2n` u32 words paired low word
   * first.
   */
  generateState64(n: number): bigint[] {
    checkWordCount('generateState64', n, 2);
    const w = this.generateState32(2 * n);
    const out: bigint[] = [];
    for (let k = 0; k < n; k++) out.push((BigInt(w[2 * k + 1]!) << 32n) | BigInt(w[2 * k]!));
    return out;
  }
}

/** Checks a count of words to generate (`perWord` u32 words each): a non-negative integer that fits an array. */
function checkWordCount(op: string, n: unknown, perWord: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new ArgumentError(`${op}: n must be a non-negative integer, got ${describeValue(n)}`);
  if (n * perWord > 2 ** 32) throw new ArgumentError(`${op}: n = ${n} words is more than an array can hold (at most 2^32 u32 words)`);
}

/** Hashes the entropy words into the 4-word pool (NumPy's `mix_entropy`). */
function mixEntropy(entropy: readonly number[]): Uint32Array {
  // One running multiplier `h` for every hashmix below, updated on each call.
  let h = INIT_A;
  const hashmix = (value: number): number => {
    let v = (value ^ h) >>> 0;
    h = Math.imul(h, MULT_A) >>> 0; // updated before it is used
    v = Math.imul(v, h) >>> 0;
    return (v ^ (v >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    // Each product wraps mod 2^32; their difference is an exact integer, which >>> 0 wraps too.
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };

  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i]! : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
    }
  }
  // Words beyond the fourth (seeds of 2^128 and above) are mixed into every pool word.
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst]!, hashmix(entropy[src]!));
  }
  return pool;
}
