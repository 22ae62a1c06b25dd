/**
 * Candidate WebAssembly kernels for the elementwise probe (`elementwise.mjs`): Leaky ReLU and its
 * derivative with `f64x2` SIMD, and an elementwise sum. They give the TypeScript kernels' bits:
 * a value is picked by a comparison mask, not multiplied by 1. Not part of the shipped module.
 */

export function heapBase(): usize {
  return __heap_base;
}

/** out[i] = z[i] > 0 ? z[i] : α·z[i] */
export function leakyRelu(z: usize, out: usize, n: usize, alpha: f64): void {
  const a = f64x2.splat(alpha);
  const zero = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(z + i * 8);
    v128.store(out + i * 8, v128.bitselect(v, f64x2.mul(v, a), f64x2.gt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f64>(z + i * 8);
    store<f64>(out + i * 8, v > 0 ? v : v * alpha);
  }
}

/** out[i] = z[i] > 0 ? g[i] : α·g[i] */
export function leakyReluBackward(g: usize, z: usize, out: usize, n: usize, alpha: f64): void {
  const a = f64x2.splat(alpha);
  const zero = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(g + i * 8);
    v128.store(out + i * 8, v128.bitselect(v, f64x2.mul(v, a), f64x2.gt(v128.load(z + i * 8), zero)));
  }
  for (; i < n; i++) {
    const v = load<f64>(g + i * 8);
    store<f64>(out + i * 8, load<f64>(z + i * 8) > 0 ? v : v * alpha);
  }
}

/** out[i] = x[i] + y[i] */
export function add(x: usize, y: usize, out: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 2 <= n; i += 2) v128.store(out + i * 8, f64x2.add(v128.load(x + i * 8), v128.load(y + i * 8)));
  for (; i < n; i++) store<f64>(out + i * 8, load<f64>(x + i * 8) + load<f64>(y + i * 8));
}
