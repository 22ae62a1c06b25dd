/**
 * Elementwise kernels in WebAssembly with 128-bit SIMD (two float64s per instruction), for the
 * `'wasm'` backend: arithmetic (+ − × ÷) and the activations with their derivatives. Each gives
 * exactly the bits of its TypeScript twin in `kernels/js/`: the same IEEE operation on the same
 * values, and a side of a kink is picked by a comparison mask (`v128.bitselect`), never by a
 * multiplication by 1 or 0, so NaN, ±0 and ±∞ come out as there.
 *
 * Pointers are byte addresses in linear memory; `n` counts values. The caller
 * (`kernels/wasm/elementwise.ts`) copies the operands in and the result out.
 */

const ADD = 0;
const SUB = 1;
const MUL = 2;
// and 3: DIV, the remaining case of `apply` and `apply2`

/** `x ∘ y` for one pair of values (the odd value at the end of a SIMD loop). */
function apply(kind: i32, x: f64, y: f64): f64 {
  if (kind === ADD) return x + y;
  if (kind === SUB) return x - y;
  if (kind === MUL) return x * y;
  return x / y;
}

/** `x ∘ y` for two pairs of values. */
function apply2(kind: i32, x: v128, y: v128): v128 {
  if (kind === ADD) return f64x2.add(x, y);
  if (kind === SUB) return f64x2.sub(x, y);
  if (kind === MUL) return f64x2.mul(x, y);
  return f64x2.div(x, y);
}

/**
 * `out[i] = a[i mod aLen] ∘ b[i mod bLen]` for i < n, where each of `aLen` and `bLen` is n, 1 (a
 * single value) or the length of a row that repeats along the leading axes (a bias against a
 * batch), and one of them is n. `kind`: 0 add, 1 sub, 2 mul, 3 div.
 */
export function binary(kind: i32, a: usize, aLen: usize, b: usize, bLen: usize, out: usize, n: usize): void {
  if (aLen === 1 || bLen === 1) {
    // One side is a single value, splatted once.
    const scalarLeft = aLen === 1;
    const s = load<f64>(scalarLeft ? a : b);
    const s2 = f64x2.splat(s);
    const v = scalarLeft ? b : a;
    let i: usize = 0;
    for (; i + 2 <= n; i += 2) {
      const x = v128.load(v + i * 8);
      v128.store(out + i * 8, scalarLeft ? apply2(kind, s2, x) : apply2(kind, x, s2));
    }
    if (i < n) store<f64>(out + i * 8, scalarLeft ? apply(kind, s, load<f64>(v + i * 8)) : apply(kind, load<f64>(v + i * 8), s));
    return;
  }
  // Rows: the shorter side (if any) restarts at every row.
  const row = min(aLen, bLen);
  for (let o: usize = 0; o < n; o += row) {
    const x = aLen === n ? a + o * 8 : a;
    const y = bLen === n ? b + o * 8 : b;
    const z = out + o * 8;
    let i: usize = 0;
    for (; i + 2 <= row; i += 2) v128.store(z + i * 8, apply2(kind, v128.load(x + i * 8), v128.load(y + i * 8)));
    if (i < row) store<f64>(z + i * 8, apply(kind, load<f64>(x + i * 8), load<f64>(y + i * 8)));
  }
}

/** `out = z <= 0 ? 0 : z` (a NaN stays NaN). */
export function relu(z: usize, out: usize, n: usize): void {
  const zero = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(z + i * 8);
    v128.store(out + i * 8, v128.bitselect(zero, v, f64x2.le(v, zero)));
  }
  if (i < n) {
    const v = load<f64>(z + i * 8);
    store<f64>(out + i * 8, v <= 0 ? 0 : v);
  }
}

/** `out = z > 0 ? z : α·z` over `n` values: Leaky ReLU, and PReLU one channel at a time. */
export function leakyRelu(z: usize, out: usize, n: usize, alpha: f64): void {
  const zero = f64x2.splat(0);
  const a = f64x2.splat(alpha);
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(z + i * 8);
    v128.store(out + i * 8, v128.bitselect(v, f64x2.mul(v, a), f64x2.gt(v, zero)));
  }
  if (i < n) {
    const v = load<f64>(z + i * 8);
    store<f64>(out + i * 8, v > 0 ? v : v * alpha);
  }
}

/** `out = z <= 0 ? 0 : g` (a NaN z passes g). */
export function reluBackward(g: usize, z: usize, out: usize, n: usize): void {
  const zero = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) {
    v128.store(out + i * 8, v128.bitselect(zero, v128.load(g + i * 8), f64x2.le(v128.load(z + i * 8), zero)));
  }
  if (i < n) store<f64>(out + i * 8, load<f64>(z + i * 8) <= 0 ? 0 : load<f64>(g + i * 8));
}

/** `out = z > 0 ? g : α·g`: Leaky ReLU's derivative times g, and PReLU's one channel at a time. */
export function leakyReluBackward(g: usize, z: usize, out: usize, n: usize, alpha: f64): void {
  const zero = f64x2.splat(0);
  const a = f64x2.splat(alpha);
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(g + i * 8);
    v128.store(out + i * 8, v128.bitselect(v, f64x2.mul(v, a), f64x2.gt(v128.load(z + i * 8), zero)));
  }
  if (i < n) {
    const v = load<f64>(g + i * 8);
    store<f64>(out + i * 8, load<f64>(z + i * 8) > 0 ? v : v * alpha);
  }
}

/**
 * PReLU forward, `z` viewed as `[outer, channels, inner]`, α with `alphaLen` values (`channels`,
 * or 1 for all): each block of `inner` values is Leaky ReLU with its channel's α.
 */
export function prelu(z: usize, alpha: usize, alphaLen: usize, out: usize, outer: usize, channels: usize, inner: usize): void {
  for (let o: usize = 0, at: usize = 0; o < outer; o++) {
    for (let c: usize = 0; c < channels; c++, at += inner * 8) {
      leakyRelu(z + at, out + at, inner, load<f64>(alpha + (alphaLen === 1 ? 0 : c) * 8));
    }
  }
}

/**
 * PReLU's two gradients: `dz = g · (z > 0 ? 1 : α_c)` when `wantDz` (blocks as in `prelu`), and
 * `dα_c += Σ g · (z > 0 ? 0 : z)` over each block, summed in order, as the TypeScript kernel does.
 * `dalpha` (α's length) must hold zeros, or is 0 when not wanted.
 */
export function preluBackward(
  g: usize,
  z: usize,
  alpha: usize,
  alphaLen: usize,
  dz: usize,
  dalpha: usize,
  outer: usize,
  channels: usize,
  inner: usize,
): void {
  for (let o: usize = 0, at: usize = 0; o < outer; o++) {
    for (let c: usize = 0; c < channels; c++, at += inner * 8) {
      const k = alphaLen === 1 ? 0 : c;
      if (dz !== 0) leakyReluBackward(g + at, z + at, dz + at, inner, load<f64>(alpha + k * 8));
      if (dalpha !== 0) {
        let s: f64 = 0;
        for (let j: usize = 0; j < inner; j++) {
          const zj = load<f64>(z + at + j * 8);
          s += load<f64>(g + at + j * 8) * (zj > 0 ? 0 : zj);
        }
        store<f64>(dalpha + k * 8, load<f64>(dalpha + k * 8) + s);
      }
    }
  }
}
