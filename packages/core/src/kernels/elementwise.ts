/**
 * Elementwise kernels: raw loops over `Float64Array`s. They know nothing of the tape or of
 * gradients; the ops in `ops/` call them and record.
 */
import { broadcastIndex, sameShape, sizeOf, type Shape } from '../shape.js';

/** `out[i] = f(x[i])`. */
export function map(x: Float64Array, f: (v: number) => number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(x[i]!);
  return out;
}

/**
 * `out[i] = f(a[ia], b[ib])` over the broadcast shape `outShape`, with fast paths for the common
 * cases: equal shapes, and one side holding a single value.
 */
export function zip(
  a: Float64Array, aShape: Shape,
  b: Float64Array, bShape: Shape,
  outShape: Shape,
  f: (x: number, y: number) => number,
): Float64Array {
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  if (a.length === n && b.length === n && sameShape(aShape, bShape)) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
  } else if (b.length === 1 && a.length === n) {
    const y = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, y);
  } else if (a.length === 1 && b.length === n) {
    const x = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]!);
  } else {
    const ia = broadcastIndex(aShape, outShape);
    const ib = broadcastIndex(bShape, outShape);
    for (let i = 0; i < n; i++) out[i] = f(a[ia[i]!]!, b[ib[i]!]!);
  }
  return out;
}

/** Copies `x` (of shape `from`) broadcast to shape `to`. */
export function broadcastCopy(x: Float64Array, from: Shape, to: Shape): Float64Array {
  const n = sizeOf(to);
  if (x.length === n) return x.slice();
  const out = new Float64Array(n);
  if (x.length === 1) return out.fill(x[0]!);
  const idx = broadcastIndex(from, to);
  for (let i = 0; i < n; i++) out[i] = x[idx[i]!]!;
  return out;
}

/** `where(cond, a, b)`: `a` where `cond` is nonzero, else `b`, all three broadcast to `outShape`. */
export function select3(
  c: Float64Array, cShape: Shape,
  a: Float64Array, aShape: Shape,
  b: Float64Array, bShape: Shape,
  outShape: Shape,
): Float64Array {
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const ic = broadcastIndex(cShape, outShape);
  const ia = broadcastIndex(aShape, outShape);
  const ib = broadcastIndex(bShape, outShape);
  for (let i = 0; i < n; i++) out[i] = c[ic[i]!] !== 0 ? a[ia[i]!]! : b[ib[i]!]!;
  return out;
}
