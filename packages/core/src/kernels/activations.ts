/** Activation kernels: one loop each, written out so that each reads like its formula. */
import { allocF64 } from './alloc.js';

/** `max(z, 0)`; a NaN stays NaN, as in PyTorch (`z <= 0` is false for NaN) */
export function reluKernel(z: Float64Array): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! <= 0 ? 0 : z[i]!;
  return out;
}

/** `z if z > 0 else α·z` */
export function leakyReluKernel(z: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * z[i]!;
  return out;
}

/**
 * `z if z > 0 else α[c]·z`, where c is the channel of each element: `z` is viewed as
 * `[outer, channels, inner]` and `alpha` has one value per channel (or one value for all).
 */
export function preluKernel(z: Float64Array, alpha: Float64Array, outer: number, channels: number, inner: number): Float64Array {
  const out = allocF64(z.length);
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
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * Math.expm1(z[i]!);
  return out;
}

// ---- backward, fused: the derivative times the incoming gradient, in one pass -------------------
// These compute exactly what the rules in ops/activations.ts compute with tensor ops; backward
// uses them when it is not being recorded (no `createGraph`), where one pass and one array beat
// three of each. Each line repeats its rule's expression, in the same order of operations.

/** `g` where z > 0, else 0 (as `where(z ≤ 0, 0, g)`: a NaN z passes g). */
export function reluBackwardKernel(z: Float64Array, g: Float64Array): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! <= 0 ? 0 : g[i]!;
  return out;
}

/** `g · (z > 0 ? 1 : α)` */
export function leakyReluBackwardKernel(z: Float64Array, g: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = g[i]! * (z[i]! > 0 ? 1 : alpha);
  return out;
}

/** `g · (z > 0 ? 1 : eᶻ·α)` */
export function eluBackwardKernel(z: Float64Array, g: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = g[i]! * (z[i]! > 0 ? 1 : Math.exp(z[i]!) * alpha);
  return out;
}

/**
 * PReLU's two gradients over `z` viewed as `[outer, channels, inner]`: `dz = g · (z > 0 ? 1 : α_c)`
 * and `dα_c = Σ g · (z > 0 ? 0 : z)` over the elements of channel c (one sum when α has one value).
 */
export function preluBackwardKernel(
  z: Float64Array,
  g: Float64Array,
  alpha: Float64Array,
  outer: number,
  channels: number,
  inner: number,
  wantDz: boolean,
  wantDalpha: boolean,
): { dz: Float64Array | null; dalpha: Float64Array | null } {
  const dz = wantDz ? allocF64(z.length) : null;
  const dalpha = wantDalpha ? allocF64(alpha.length) : null;
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const k = alpha.length === 1 ? 0 : c;
      const a = alpha[k]!;
      let s = 0;
      for (let j = 0; j < inner; j++, i++) {
        const zi = z[i]!;
        const gi = g[i]!;
        if (dz) dz[i] = gi * (zi > 0 ? 1 : a);
        s += gi * (zi > 0 ? 0 : zi);
      }
      if (dalpha) dalpha[k] += s;
    }
  }
  return { dz, dalpha };
}
