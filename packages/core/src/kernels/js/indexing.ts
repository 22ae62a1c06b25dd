/**
 * Indexing kernels: taking values at given positions (`indexSelect`, `gather`, `maskedSelect`),
 * adding values back to the positions they were taken from (`indexAdd`, `scatterAdd`,
 * `maskedScatter`), and the position of the largest or smallest value (`argmax`, `argmin`).
 *
 * Indices arrive as `Float64Array`s of integers already checked to be in range by the op; a
 * kernel never checks them again.
 */
import { allocF64 } from './alloc.js';
import { sizeOf, splitAt, stridesOf, type Shape } from '../../shape.js';

/** The entries at `index[k]` along `axis`, k = 0, 1, …: `x` viewed as `[outer, dim, inner]` becomes `[outer, index.length, inner]`. */
export function indexSelect(x: Float64Array, shape: Shape, axis: number, index: Float64Array): Float64Array {
  const { outer, dim, inner } = splitAt(shape, axis);
  const count = index.length;
  const out = allocF64(outer * count * inner);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let k = 0; k < count; k++) {
      const from = (i * dim + index[k]!) * inner;
      out.set(x.subarray(from, from + inner), o);
      o += inner;
    }
  }
  return out;
}

/** Zeros with `size` positions along `axis`, and `g`'s entry k added at position `index[k]`: a repeated index adds up. */
export function indexAdd(g: Float64Array, shape: Shape, axis: number, index: Float64Array, size: number): Float64Array {
  const { outer, dim: count, inner } = splitAt(shape, axis);
  const out = new Float64Array(outer * size * inner);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let k = 0; k < count; k++) {
      const to = (i * size + index[k]!) * inner;
      for (let j = 0; j < inner; j++) out[to + j]! += g[o + j]!;
      o += inner;
    }
  }
  return out;
}

/**
 * For every position p of `index` (shape `indexShape`, the rank of `shape`), the value of `x` at p
 * with its `axis` coordinate replaced by `index[p]`. The output has `index`'s shape.
 */
export function gather(x: Float64Array, shape: Shape, axis: number, index: Float64Array, indexShape: Shape): Float64Array {
  const out = allocF64(index.length);
  eachSource(shape, axis, index, indexShape, (p, from) => {
    out[p] = x[from]!;
  });
  return out;
}

/** Zeros of shape `shape`, with `g[p]` (shape `indexShape`) added where `gather` took position p from: the adjoint of `gather`. */
export function scatterAdd(g: Float64Array, indexShape: Shape, axis: number, index: Float64Array, shape: Shape): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  eachSource(shape, axis, index, indexShape, (p, to) => {
    out[to]! += g[p]!;
  });
  return out;
}

/** Calls `visit(p, offset)` for each position p of `index`, with the offset in `shape` that `gather` reads for it. */
function eachSource(shape: Shape, axis: number, index: Float64Array, indexShape: Shape, visit: (p: number, offset: number) => void): void {
  const rank = indexShape.length;
  const strides = stridesOf(shape);
  const axisStride = strides[axis] ?? 1;
  const counter = new Array<number>(rank).fill(0);
  let base = 0; // the offset in `shape` of the counter's coordinates, the axis coordinate left out
  for (let p = 0; p < index.length; p++) {
    visit(p, base + index[p]! * axisStride);
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]!++;
      if (ax !== axis) base += strides[ax]!;
      if (counter[ax]! < indexShape[ax]!) break;
      if (ax !== axis) base -= strides[ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
}

/** The values of `x` where `mask ≠ 0`, in row-major order; `x` and `mask` have the same length. */
export function maskedSelect(x: Float64Array, mask: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  const out = allocF64(count);
  let o = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) out[o++] = x[i]!;
  return out;
}

/** Zeros of `mask`'s length with `g`'s values written, in order, where `mask ≠ 0`: the adjoint of `maskedSelect`. */
export function maskedScatter(g: Float64Array, mask: Float64Array): Float64Array {
  const out = new Float64Array(mask.length);
  let o = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) out[i] = g[o++]!;
  return out;
}

/** The index along `axis` of the largest value, per position of the other axes: the first on ties, the first NaN if any. */
export function argmax(x: Float64Array, shape: Shape, axis: number): Float64Array {
  return argReduce(x, shape, axis, (v, best) => v > best);
}

/** The index along `axis` of the smallest value: the first on ties, the first NaN if any. */
export function argmin(x: Float64Array, shape: Shape, axis: number): Float64Array {
  return argReduce(x, shape, axis, (v, best) => v < best);
}

/** `x` viewed as `[outer, dim, inner]` (dim ≥ 1); `better(v, best)` says when v replaces the best so far. */
function argReduce(x: Float64Array, shape: Shape, axis: number, better: (v: number, best: number) => boolean): Float64Array {
  const { outer, dim, inner } = splitAt(shape, axis);
  const out = allocF64(outer * inner);
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++) {
      const start = i * dim * inner + j;
      let best = x[start]!;
      let at = 0;
      // NOTE: NaN is the extreme, as in PyTorch: the first NaN wins and nothing replaces it.
      for (let k = 1; k < dim && !Number.isNaN(best); k++) {
        const v = x[start + k * inner]!;
        if (Number.isNaN(v) || better(v, best)) {
          best = v;
          at = k;
        }
      }
      out[i * inner + j] = at;
    }
  }
  return out;
}
