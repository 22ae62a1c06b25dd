/**
 * Reduction kernels: `sum`, `max` and `min` over any set of axes. Neighbouring reduced axes are
 * merged, and each run of them is reduced in one pass over the tensor viewed as
 * `[outer, reduced, inner]`, so that the innermost loop always walks memory in order.
 */
import { allocF64, copyF64 } from './alloc.js';
import type { Shape } from '../../shape.js';

type Combine = 'sum' | 'max' | 'min';

/** Sum over `axes` (sorted and distinct); the result has the shape with those axes kept as 1s. */
export function sum(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array {
  return reduceAxes('sum', x, shape, axes);
}

/** Max over `axes` (sorted and distinct). NaN propagates, as in NumPy. */
export function max(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array {
  return reduceAxes('max', x, shape, axes);
}

/** Min over `axes` (sorted and distinct). NaN propagates, as in NumPy. */
export function min(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array {
  return reduceAxes('min', x, shape, axes);
}

/** `axes` sorted and distinct, as `normalizeAxes` and `broadcastAxes` give them. */
function reduceAxes(kind: Combine, x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array {
  const dims = [...shape];
  let data = x;
  // Runs of neighbouring reduced axes, last run first, so that earlier axes keep their positions.
  for (let r = axes.length - 1; r >= 0; r--) {
    const end = axes[r]!;
    let start = end;
    while (r > 0 && axes[r - 1] === start - 1) {
      start--;
      r--;
    }
    let outer = 1;
    let reduced = 1;
    let inner = 1;
    for (let i = 0; i < start; i++) outer *= dims[i]!;
    for (let i = start; i <= end; i++) {
      reduced *= dims[i]!;
      dims[i] = 1;
    }
    for (let i = end + 1; i < dims.length; i++) inner *= dims[i]!;
    data = reduceMiddle(kind, data, outer, reduced, inner);
  }
  return data === x ? copyF64(x) : data;
}

/** `[outer, reduced, inner]` → `[outer, inner]`. */
function reduceMiddle(kind: Combine, x: Float64Array, outer: number, reduced: number, inner: number): Float64Array {
  const out = allocF64(outer * inner);
  if (kind === 'sum') {
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let s = 0;
        const base = o * reduced;
        for (let r = 0; r < reduced; r++) s += x[base + r]!;
        out[o] = s;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const ob = o * inner;
        for (let r = 0; r < reduced; r++) {
          const xb = (o * reduced + r) * inner;
          for (let i = 0; i < inner; i++) out[ob + i]! += x[xb + i]!;
        }
      }
    }
    return out;
  }
  // max or min: start from the first slice, then keep the larger (smaller); a NaN, once seen, stays.
  const sign = kind === 'max' ? 1 : -1;
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    out.set(x.subarray(o * reduced * inner, o * reduced * inner + inner), ob);
    for (let r = 1; r < reduced; r++) {
      const xb = (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[xb + i]!;
        const m = out[ob + i]!;
        if (sign * v > sign * m || (v !== v && m === m)) out[ob + i] = v;
      }
    }
  }
  return out;
}
