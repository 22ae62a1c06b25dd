/** Activation kernels: one loop each, written out so that each reads like its formula. */

/** `max(z, 0)`; a NaN stays NaN, as in PyTorch (`z <= 0` is false for NaN) */
export function reluKernel(z: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! <= 0 ? 0 : z[i]!;
  return out;
}

/** `z if z > 0 else α·z` */
export function leakyReluKernel(z: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * z[i]!;
  return out;
}

/**
 * `z if z > 0 else α[c]·z`, where c is the channel of each element: `z` is viewed as
 * `[outer, channels, inner]` and `alpha` has one value per channel (or one value for all).
 */
export function preluKernel(z: Float64Array, alpha: Float64Array, outer: number, channels: number, inner: number): Float64Array {
  const out = new Float64Array(z.length);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const a = alpha.length === 1 ? alpha[0]! : alpha[c]!;
      for (let k = 0; k < inner; k++, i++) out[i] = z[i]! > 0 ? z[i]! : a * z[i]!;
    }
  }
  return out;
}

/** `z if z > 0 else α·(eᶻ − 1)` */
export function eluKernel(z: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * Math.expm1(z[i]!);
  return out;
}
