/**
 * Activation kernels: one loop each, written out so that each reads like its formula.
 *
 * NOTE: the choice between the two sides of a kink is made without a branch. Signs of activations
 * are as good as random, and a branch on them is mispredicted half the time. On 10⁶ values of
 * random sign (Node 20, the 2-core machine of `bench/README.md`, into an array made once),
 * `z > 0 ? z : α·z` took 6.3 ms, against 2.0 ms for `z · slope[+(z > 0)]` with `slope = [α, 1]`,
 * which picks the factor by indexing (the comparison becomes a 0 or a 1, no jump); a plain copy
 * took 1.0 ms. `Math.max(z, 0)` branches too (for NaN and −0), as slowly. Where a value
 * rather than a factor is picked, `pick[1]` is set to the candidate and `pick[+(cond)]` read back,
 * with `pick[0]` holding the other side. Each gives the same bits as the ternary it replaces, NaN,
 * ±0 and ±∞ included.
 */
import { allocF64 } from './alloc.js';

/** `max(z, 0)`; a NaN stays NaN, as in PyTorch (`z <= 0` is false for NaN) */
export function relu(z: Float64Array): Float64Array {
  const out = allocF64(z.length);
  const pick = new Float64Array(2); // [0, z]
  for (let i = 0; i < z.length; i++) {
    pick[1] = z[i]!;
    out[i] = pick[+!(z[i]! <= 0)]!; // z <= 0 ? 0 : z
  }
  return out;
}

/** `z if z > 0 else α·z` */
export function leakyRelu(z: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  const slope = Float64Array.of(alpha, 1);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! * slope[+(z[i]! > 0)]!;
  return out;
}

/**
 * `z if z > 0 else α[c]·z`, where c is the channel of each element: `z` is viewed as
 * `[outer, channels, inner]` and `alpha` has one value per channel (or one value for all).
 */
export function prelu(z: Float64Array, alpha: Float64Array, outer: number, channels: number, inner: number): Float64Array {
  const out = allocF64(z.length);
  const slope = Float64Array.of(0, 1); // [α[c], 1]
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      slope[0] = alpha.length === 1 ? alpha[0]! : alpha[c]!;
      for (let k = 0; k < inner; k++, i++) out[i] = z[i]! * slope[+(z[i]! > 0)]!;
    }
  }
  return out;
}

/** `z if z > 0 else α·(eᶻ − 1)` */
export function elu(z: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! > 0 ? z[i]! : alpha * Math.expm1(z[i]!);
  return out;
}

// ---- the derivatives: each backward kernel is the only place its derivative is computed ------
// The ops `reluBackward`, `leakyReluBackward`, `eluBackward` and `preluBackward` (ops/activations.ts)
// call these; the forward ops' gradient rules call those ops.

/** `g` where z > 0, else 0; a NaN z passes g, as PyTorch's `threshold_backward`. */
export function reluBackward(g: Float64Array, z: Float64Array): Float64Array {
  const out = allocF64(z.length);
  const pick = new Float64Array(2); // [0, g]
  for (let i = 0; i < z.length; i++) {
    pick[1] = g[i]!;
    out[i] = pick[+!(z[i]! <= 0)]!; // z <= 0 ? 0 : g
  }
  return out;
}

/** `g · (z > 0 ? 1 : α)` */
export function leakyReluBackward(g: Float64Array, z: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  const slope = Float64Array.of(alpha, 1);
  for (let i = 0; i < z.length; i++) out[i] = g[i]! * slope[+(z[i]! > 0)]!;
  return out;
}

/** `g · (z <= 0 ? α·eᶻ : 1)`; a NaN z passes g, as PyTorch's `elu_backward` */
export function eluBackward(g: Float64Array, z: Float64Array, alpha: number): Float64Array {
  const out = allocF64(z.length);
  for (let i = 0; i < z.length; i++) out[i] = g[i]! * (z[i]! <= 0 ? Math.exp(z[i]!) * alpha : 1);
  return out;
}

/**
 * PReLU's two gradients in one pass over `z` viewed as `[outer, channels, inner]`:
 * `dz = g · (z > 0 ? 1 : α_c)` and `dα_c = Σ g · (z > 0 ? 0 : z)` over the elements of channel c
 * (one sum when α has one value). Either may be skipped (`null`) when it is not wanted.
 */
export function preluBackward(
  g: Float64Array,
  z: Float64Array,
  alpha: Float64Array,
  outer: number,
  channels: number,
  inner: number,
  wantDz: boolean,
  wantDalpha: boolean,
): { dz: Float64Array | null; dalpha: Float64Array | null } {
  const dz = wantDz ? allocF64(z.length) : null;
  const dalpha = wantDalpha ? allocF64(alpha.length) : null;
  const slope = Float64Array.of(0, 1); // [α[c], 1]
  const pick = new Float64Array(2); // [z, 0]
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const k = alpha.length === 1 ? 0 : c;
      slope[0] = alpha[k]!;
      let s = 0;
      for (let j = 0; j < inner; j++, i++) {
        const zi = z[i]!;
        const gi = g[i]!;
        const positive = +(zi > 0);
        if (dz) dz[i] = gi * slope[positive]!; // g · (z > 0 ? 1 : α)
        pick[0] = zi;
        s += gi * pick[positive]!; // g · (z > 0 ? 0 : z)
      }
      if (dalpha) dalpha[k]! += s;
    }
  }
  return { dz, dalpha };
}
