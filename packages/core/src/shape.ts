/**
 * Shapes, strides, axes and broadcasting: the bookkeeping every op shares.
 * Shapes are row-major: the last axis varies fastest.
 */
import { ArgumentError, AxisError, ShapeError, checkLeafOptions, describeValue, fmtShape } from './errors.js';

export type Shape = readonly number[];

/** Number of elements of a shape; 1 for the 0-d shape `[]`. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides, in elements: `stridesOf([2, 3, 4])` is `[12, 4, 1]`. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The number of values a shape holds, or NaN if a dimension is not a non-negative integer below
 * 2³² (the checks of `new Tensor`, in one loop).
 *
 * @example
 * checkedSize([2, 3]);  // 6
 * checkedSize([2, -3]); // NaN
 */
export function checkedSize(shape: Shape): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    size = d >>> 0 === d ? size * d : NaN;
  }
  return size;
}

/** Checks a user-given shape: an array of non-negative integers. */
export function checkShape(op: string, shape: unknown, what = 'shape'): number[] {
  if (typeof shape === 'number') shape = [shape];
  if (!Array.isArray(shape))
    throw new ArgumentError(`${op}: ${what} must be an array of non-negative integers, got ${describeValue(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ArgumentError(`${op}: ${what} must be an array of non-negative integers, got ${describeValue(shape)}`);
    }
  }
  return [...(shape as number[])];
}

/** Resolves a possibly negative axis against a rank, NumPy-style: -1 is the last axis. */
export function normalizeAxis(op: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new ArgumentError(`${op}: axis must be an integer, got ${describeValue(axis)}`);
  }
  if (axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'none (the tensor is 0-d)' : `[${-rank}, ${rank - 1}]`;
    throw new AxisError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}; valid axes: ${range}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `axes` (one, several, or undefined for all) to sorted, distinct, non-negative axes. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axes === undefined || axes === null) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  if (typeof axes === 'number') return [normalizeAxis(op, axes, rank)];
  if (!Array.isArray(axes)) throw new ArgumentError(`${op}: axes must be an integer or an array of integers, got ${describeValue(axes)}`);
  const list: readonly number[] = axes;
  const out = list.map((a) => normalizeAxis(op, a, rank));
  const sorted = [...out].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new ArgumentError(`${op}: axis ${sorted[i]} appears twice in ${describeValue(list)}`);
  }
  return sorted;
}

/**
 * NumPy's broadcasting rule: align shapes on the right; each pair of dimensions must be equal or
 * one of them 1 (a missing dimension counts as 1); the result takes the larger. `op` names the
 * caller in the error message.
 *
 * @throws ShapeError if the shapes do not broadcast.
 *
 * @example
 * broadcastShapes('add', [2, 1, 3], [4, 3]); // [2, 4, 3]
 * broadcastShapes('add', [3], []);           // [3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (typeof op !== 'string')
    throw new ArgumentError(`broadcastShapes: op must be a string (the name errors are reported under), got ${describeValue(op)}`);
  const bad = (name: string, s: unknown) =>
    new ArgumentError(`broadcastShapes: ${name} must be an array of non-negative integers, got ${describeValue(s)}`);
  if (!Array.isArray(a)) throw bad('a', a);
  if (!Array.isArray(b)) throw bad('b', b);
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = i <= a.length ? a[a.length - i]! : 1;
    const db = i <= b.length ? b[b.length - i]! : 1;
    // Every dimension of both passes here once: checked here rather than in a loop of its own.
    if (!(da >= 0) || !Number.isSafeInteger(da)) throw bad('a', a);
    if (!(db >= 0) || !Number.isSafeInteger(db)) throw bad('b', b);
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: cannot broadcast shapes ${fmtShape(a)} and ${fmtShape(b)}: ` +
          `dimension ${da} and dimension ${db} (axis ${-i} from the right) differ and neither is 1`,
      );
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/** True when `from` broadcasts to `to` without changing `to`. */
export function broadcastsTo(from: Shape, to: Shape): boolean {
  if (from.length > to.length) return false;
  for (let i = 1; i <= from.length; i++) {
    const d = from[from.length - i]!;
    if (d !== 1 && d !== to[to.length - i]) return false;
  }
  return true;
}

/**
 * For each element of a tensor of shape `out`, the flat index of the element of a tensor of shape
 * `from` that broadcasting maps onto it. Walks `out` with an odometer (no recursion).
 */
export function broadcastIndex(from: Shape, out: Shape): Int32Array {
  const n = sizeOf(out);
  const idx = new Int32Array(n);
  const rank = out.length;
  const offset = rank - from.length;
  // Stride of each output axis in `from`; 0 where `from` is broadcast along it.
  const fromStrides = stridesOf(from);
  const step = new Array<number>(rank).fill(0);
  for (let i = 0; i < from.length; i++) step[i + offset] = from[i] === 1 ? 0 : fromStrides[i]!;
  const counter = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = pos;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]!++;
      pos += step[ax]!;
      if (counter[ax]! < out[ax]!) break;
      pos -= step[ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
  return idx;
}

/** The axes of `out` that a tensor of shape `from` was broadcast along (to sum a gradient over). */
export function broadcastAxes(from: Shape, out: Shape): number[] {
  const offset = out.length - from.length;
  const axes: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (i < offset || (from[i - offset] === 1 && out[i] !== 1)) axes.push(i);
  }
  return axes;
}

/**
 * The shape of a reduction's result with the reduced axes kept as 1s.
 *
 * @example
 * keptShape([2, 3, 4], [1]); // [2, 1, 4]
 */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * The view of a shape as `[outer, dim, inner]` around `axis`: every op along one axis (a slice, a
 * concat, PReLU's channel axis) works on contiguous runs of `inner` values.
 *
 * @example
 * splitAt([2, 3, 4, 5], 1); // { outer: 2, dim: 3, inner: 20 }
 */
export function splitAt(shape: Shape, axis: number): { outer: number; dim: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), dim: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

/** Throws the error that says what is wrong with the arguments of `new Tensor(data, shape, options)`, if anything. */
export function checkTensorArgs(data: unknown, shape: unknown, options: unknown): void {
  if (!(data instanceof Float64Array)) throw new ArgumentError(`Tensor: data must be a Float64Array, got ${describeValue(data)}`);
  const size = Array.isArray(shape) ? checkedSize(shape) : NaN;
  if (Number.isNaN(size)) throw new ArgumentError(`Tensor: shape must be an array of non-negative integers, got ${describeValue(shape)}`);
  if (size !== data.length) {
    throw new ArgumentError(
      `Tensor: shape ${fmtShape(shape as Shape)} holds ${size} values but data has ${data.length}; they must be equal`,
    );
  }
  if (options !== undefined) checkLeafOptions('Tensor', options);
}
