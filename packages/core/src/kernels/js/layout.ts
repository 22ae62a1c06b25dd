/** Layout kernels: moving values around without arithmetic. Every tensor stays contiguous. */
import { allocF64 } from './alloc.js';
import { sizeOf, splitAt, stridesOf, type Shape } from '../../shape.js';

/** Transposes: output axis i is input axis `axes[i]`. */
export function permute(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array {
  if (shape.length === 2 && axes[0] === 1) return transpose2d(x, shape[0]!, shape[1]!);
  const rank = shape.length;
  const outShape = axes.map((a) => shape[a]!);
  const inStrides = stridesOf(shape);
  const step = axes.map((a) => inStrides[a]!); // input stride of each output axis
  const n = x.length;
  const out = allocF64(n);
  const counter = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let k = 0; k < n; k++) {
    out[k] = x[pos]!;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]!++;
      pos += step[ax]!;
      if (counter[ax]! < outShape[ax]!) break;
      pos -= step[ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
  return out;
}

/** The matrix transpose of `x`, of shape `[rows, cols]`: `out[j, i] = x[i, j]`. */
export function transpose2d(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = allocF64(x.length);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = x[row + j]!;
  }
  return out;
}

/** Takes `count` positions `start, start+step, …` along `axis`. */
export function slice(x: Float64Array, shape: Shape, axis: number, start: number, step: number, count: number): Float64Array {
  const { outer, dim, inner } = splitAt(shape, axis);
  const out = allocF64(outer * count * inner);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < count; j++) {
      const from = (i * dim + start + j * step) * inner;
      out.set(x.subarray(from, from + inner), o);
      o += inner;
    }
  }
  return out;
}

/** The inverse of `sliceKernel`: zeros of size `size` along `axis`, with `g` written at the sliced positions. */
export function unslice(g: Float64Array, shape: Shape, axis: number, start: number, step: number, size: number): Float64Array {
  const { outer, dim: count, inner } = splitAt(shape, axis);
  const out = allocF64(outer * size * inner);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < count; j++) {
      out.set(g.subarray(o, o + inner), (i * size + start + j * step) * inner);
      o += inner;
    }
  }
  return out;
}

/** Joins tensors along `axis`; their other dimensions are equal. */
export function concat(parts: readonly { data: Float64Array; shape: Shape }[], axis: number, outShape: Shape): Float64Array {
  const out = allocF64(sizeOf(outShape));
  const { outer, dim: total, inner } = splitAt(outShape, axis);
  let offset = 0;
  for (const p of parts) {
    const d = p.shape[axis]!;
    const run = d * inner;
    for (let i = 0; i < outer; i++) out.set(p.data.subarray(i * run, (i + 1) * run), (i * total + offset) * inner);
    offset += d;
  }
  return out;
}
