/**
 * Reduction kernels. A reduction is the transpose of a broadcast: element k of the input flows
 * into the output element that broadcasting would have copied to position k. So one index map,
 * `broadcastIndex(keptShape, inputShape)`, serves `sum`, `max` and `min` over any set of axes.
 */
import { broadcastIndex, sizeOf, type Shape } from '../shape.js';

/** The shape of a reduction's result with the reduced axes kept as 1s. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Sum over `axes`; the result has shape `keptShape(shape, axes)`. */
export function sumAxes(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array {
  const kept = keptShape(shape, axes);
  const out = new Float64Array(sizeOf(kept));
  if (out.length === 1) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    out[0] = s;
    return out;
  }
  const idx = broadcastIndex(kept, shape);
  for (let k = 0; k < x.length; k++) out[idx[k]!] += x[k]!;
  return out;
}

/** Max (or min, with `sign = -1`) over `axes`. NaN propagates, as in NumPy. */
export function extremeAxes(x: Float64Array, shape: Shape, axes: readonly number[], sign: 1 | -1): Float64Array {
  const kept = keptShape(shape, axes);
  const out = new Float64Array(sizeOf(kept)).fill(-Infinity * sign);
  const idx = broadcastIndex(kept, shape);
  for (let k = 0; k < x.length; k++) {
    const v = x[k]!;
    const j = idx[k]!;
    const m = out[j]!;
    if (sign * v > sign * m || (v !== v && m === m)) out[j] = v;
  }
  return out;
}
