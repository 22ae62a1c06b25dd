/**
 * The sampling algorithms of NumPy's `Generator`, on a `PCG64`, returning plain numbers or filling
 * `Float64Array`s in C order. No argument checking here (`generator.ts` does that); these are the
 * loops a learner can read against NumPy's `src/distributions/distributions.c`.
 *
 * Floating-point expressions keep NumPy's exact evaluation order: JavaScript rounds every
 * operation separately (no fused multiply-add), as NumPy's x86-64 build does.
 */
import type { PCG64 } from './pcg64.js';
import { FI, KI, WI, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from './ziggurat.js';

const TWO_POW_23 = 8388608;
const TWO_POW_M32 = 1 / 4294967296;

/**
 * One standard normal draw by NumPy's 256-layer ziggurat (`random_standard_normal`).
 * About 99% of draws take one 64-bit word and return at the first test; the rest go through the
 * wedge test (one more word) or, for layer 0, the tail (two more words per attempt).
 */
export function standardNormal(bg: PCG64): number {
  for (;;) {
    bg.step();
    const hi = bg.outHi;
    const lo = bg.outLo;
    // Bits 0..7 pick the layer, bit 8 the sign, bits 9..60 the 52-bit magnitude rabs
    // (23 bits from the low word, 29 from the high word); bits 61..63 are unused.
    const idx = lo & 0xff;
    const rabs = (hi & 0x1fffffff) * TWO_POW_23 + (lo >>> 9);
    // NOTE: the sign is applied by multiplying by +1 or -1 (bit 8 set gives 1 - 2 = -1), which
    // is exact; `if (sign) x = -x` branches on a random bit and cost a third of the time.
    const x = rabs * WI[idx]! * (1 - ((lo >>> 7) & 2));
    if (rabs < KI[idx]!) return x; // inside the layer's rectangle: accept at once
    if (idx === 0) return normalTail(bg, (lo >>> 17) & 1);
    // Wedge: accept x if a uniform point in the layer's [f_i, f_(i-1)] band lies under the curve.
    const u = bg.nextDouble();
    if ((FI[idx - 1]! - FI[idx]!) * u + FI[idx]! < Math.exp(-0.5 * x * x)) return x;
    // Rejected: start over with a fresh word.
  }
}

/**
 * The tail beyond `ZIGGURAT_NOR_R` (Marsaglia's method), sampled until accepted.
 * NOTE: NumPy takes the tail's sign from bit 8 of `rabs` (bit 17 of the word), not from the
 * sign bit used above; `negative` is that bit.
 */
function normalTail(bg: PCG64, negative: number): number {
  for (;;) {
    // log1p(-u) rather than log(1 - u) avoids log(0); NumPy calls the C library's log1p and exp,
    // and V8's Math.log1p/Math.exp agree with glibc's on every tail draw in the fixtures.
    const xx = -ZIGGURAT_NOR_INV_R * Math.log1p(-bg.nextDouble());
    const yy = -Math.log1p(-bg.nextDouble());
    if (yy + yy > xx * xx) return negative ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
  }
}

/** Fills `out` with `random()` draws: each is `nextDouble()`, in [0, 1). */
export function fillRandom(bg: PCG64, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = bg.nextDouble();
}

/** Fills `out` with standard normal draws, in order. */
export function fillStandardNormal(bg: PCG64, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = standardNormal(bg);
}

/** Fills `out` with `loc + scale * z` for standard normal draws `z` (product rounded, then sum). */
export function fillNormal(bg: PCG64, loc: number, scale: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = loc + scale * standardNormal(bg);
}

/**
 * Fills `out` with `low + range * u` for `u = nextDouble()` (NumPy's `random_uniform`); `range`
 * is `high - low`, computed once by the caller as NumPy does.
 */
export function fillUniform(bg: PCG64, low: number, range: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = low + range * bg.nextDouble();
}

/**
 * A uniform integer in [0, rng] for `rng` in [0, 2^32 - 1], from the buffered 32-bit stream:
 * NumPy's `buffered_bounded_lemire_uint32` (Lemire's multiply-and-reject method), with the
 * `rng == 0` and `rng == 2^32 - 1` shortcuts of `random_bounded_uint64_fill`.
 */
export function boundedUint32(bg: PCG64, rng: number): number {
  if (rng === 0) return 0; // no draw at all
  if (rng === 0xffffffff) return bg.nextUint32();
  const excl = rng + 1;
  // The 64-bit product u * excl: its low half exactly by Math.imul, its high half from the
  // float64 product (within 2^12 of exact, so rounding (p - low) / 2^32 recovers it).
  let u = bg.nextUint32();
  let low = Math.imul(u, excl) >>> 0;
  if (low < excl) {
    // (2^32 - excl) mod excl: the low halves below it belong to an incomplete copy of the range.
    const threshold = (0xffffffff - rng) % excl;
    while (low < threshold) {
      u = bg.nextUint32();
      low = Math.imul(u, excl) >>> 0;
    }
  }
  return Math.round((u * excl - low) * TWO_POW_M32);
}

const MASK64 = (1n << 64n) - 1n;

/**
 * A uniform integer in [0, rng] for `rng` in [2^32, 2^64 - 1], one 64-bit word per try:
 * NumPy's `bounded_lemire_uint64` (and the full-range shortcut). Uses BigInt: this path is for
 * ranges wider than 32 bits, off the hot path.
 */
export function boundedUint64(bg: PCG64, rng: bigint): bigint {
  if (rng === MASK64) return bg.nextUint64();
  const excl = rng + 1n;
  let m = bg.nextUint64() * excl;
  if ((m & MASK64) < excl) {
    const threshold = (MASK64 + 1n - excl) % excl;
    while ((m & MASK64) < threshold) m = bg.nextUint64() * excl;
  }
  return m >> 64n;
}

/**
 * Fills `out` with uniform integers in [low, high), NumPy's `integers(low, high)` (int64,
 * endpoint=False). `low < high` must be safe integers (checked by the caller). The range decides
 * the path, as in NumPy's `random_bounded_uint64_fill`: up to 2^32 values use the buffered
 * 32-bit stream, wider ranges one 64-bit word per value.
 */
export function fillIntegers(bg: PCG64, low: number, high: number, out: Float64Array): void {
  // NOTE: high - 1 - low can round when it exceeds 2^53, but then it is far above 2^32 - 1 and
  // only the exact BigInt range is used.
  const rng = high - 1 - low;
  if (rng <= 0xffffffff) {
    for (let i = 0; i < out.length; i++) out[i] = low + boundedUint32(bg, rng);
    return;
  }
  const off = BigInt(low);
  const wide = BigInt(high) - 1n - off;
  // The sum is a safe integer (it lies in [low, high)), so Number() is exact.
  for (let i = 0; i < out.length; i++) out[i] = Number(off + boundedUint64(bg, wide));
}

/**
 * `count` uniform int64 values in [low, high) as bigints, for bounds beyond the safe-integer
 * range. `-2^63 <= low < high <= 2^63` must hold (checked by the caller).
 */
export function drawBigIntegers(bg: PCG64, low: bigint, high: bigint, count: number): bigint[] {
  const rng = high - 1n - low;
  const out = new Array<bigint>(count);
  if (rng <= 0xffffffffn) {
    const narrow = Number(rng);
    for (let i = 0; i < count; i++) out[i] = low + BigInt(boundedUint32(bg, narrow));
  } else {
    for (let i = 0; i < count; i++) out[i] = low + boundedUint64(bg, rng);
  }
  return out;
}

/**
 * A uniform integer in [0, max] by masked rejection, NumPy's `random_interval`, which `shuffle`
 * and `permutation` use (not Lemire's method). For `max < 2^32` it draws from the buffered 32-bit
 * stream, so it shares the half-word buffer with `integers`.
 */
export function randomInterval(bg: PCG64, max: number): number {
  if (max === 0) return 0;
  // The smallest all-ones mask covering max: 0b1111 for max = 9.
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  mask >>>= 0;
  let value: number;
  do value = (bg.nextUint32() & mask) >>> 0;
  while (value > max);
  return value;
}

/** Anything shuffled in place: a JS array or a typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * Fisher-Yates shuffle in place, NumPy's order: for i from n-1 down to 1, swap x[i] with x[j],
 * j = randomInterval(i). Arrays longer than 2^32 cannot exist in JS, so i always fits 32 bits.
 */
export function shuffleInPlace<T>(bg: PCG64, x: MutableArrayLike<T>): void {
  for (let i = x.length - 1; i >= 1; i--) {
    const j = randomInterval(bg, i);
    const tmp = x[j]!;
    x[j] = x[i]!;
    x[i] = tmp;
  }
}
