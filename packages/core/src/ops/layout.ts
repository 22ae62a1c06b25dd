/**
 * Layout ops: change the shape, or pick and join parts, without arithmetic. Their gradients move
 * the gradient back to where each value came from.
 */
import { ArgumentError, AxisError, ShapeError, describeValue, fmtShape } from '../errors.js';
import { kernels } from '../kernels/backend.js';
import { broadcastsTo, checkShape, normalizeAxes, normalizeAxis, sizeOf } from '../shape.js';
import { type Axes, Tensor, type TensorLike } from '../tensor.js';
import { toTensor } from './operand.js';
import type { GradRule } from './primitives.js';
import { record } from '../tape.js';
import { sumTo } from './reduce.js';

/**
 * The same values, in row-major order, in a new shape with the same number of elements; one
 * dimension may be `-1`, to be inferred. The data is shared, not copied. The gradient is reshaped
 * back.
 *
 * Shapes: `shape`'s product must equal `x.size`; the output has shape `shape`.
 *
 * @throws ShapeError if the sizes differ.
 *
 * @example
 * reshape(arange(6), [2, -1]).toArray(); // [[0, 1, 2], [3, 4, 5]]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, 'reshape', 'x');
  const dims = resolveShape(t, shape);
  // The data is shared, not copied: no op writes into an existing tensor's data.
  const out = new Tensor(t.data, Object.freeze(dims));
  return record(out, 'reshape', [t], { shape: dims }, layoutRules.reshape);
}

function resolveShape(t: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw badReshape(shape);
  const dims = shape.slice();
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (d === -1 && unknown === -1) unknown = i;
    else if (d === -1) throw new ArgumentError(`reshape: only one dimension can be -1, got ${fmtShape(dims)}`);
    else if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw badReshape(shape);
    else known *= d;
  }
  if (unknown >= 0) {
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(t.shape)} (${t.size} elements) into ${fmtShape(dims)}`);
    }
    dims[unknown] = t.size / known;
  } else if (known !== t.size) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(t.shape)} (${t.size} elements) into ${fmtShape(dims)} (${known} elements)`);
  }
  return dims;
}

function badReshape(shape: unknown): ArgumentError {
  return new ArgumentError(`reshape: shape must be an array of non-negative integers (one may be -1), got ${describeValue(shape)}`);
}

/**
 * Merges axes `startAxis..endAxis`, both included (all axes by default), into one; a 0-d tensor
 * becomes `[1]`.
 *
 * Shape: `[2, 3, 4]` flattened from axis 1 is `[2, 12]`; from 0 to −1, `[24]`.
 *
 * @example
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 * flatten(zeros([2, 3, 4])).shape;    // [24]
 */
export function flatten(x: TensorLike, startAxis = 0, endAxis = -1): Tensor {
  const t = toTensor(x, 'flatten', 'x');
  if (t.ndim === 0) return reshape(t, [1]);
  const s = normalizeAxis('flatten', startAxis, t.ndim);
  const e = normalizeAxis('flatten', endAxis, t.ndim);
  if (s > e) throw new ArgumentError(`flatten: startAxis (${startAxis}) must not come after endAxis (${endAxis})`);
  return reshape(t, [...t.shape.slice(0, s), sizeOf(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)]);
}

/**
 * Removes axes of length 1: the given ones (each must have length 1), or all of them.
 *
 * Shape: the input's without those axes.
 *
 * @throws ShapeError if a given axis has a length other than 1.
 *
 * @example
 * squeeze(zeros([1, 3, 1])).shape;    // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // [3, 1]
 */
export function squeeze(x: TensorLike, axes?: Axes): Tensor {
  const t = toTensor(x, 'squeeze', 'x');
  const drop = axes === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axes, t.ndim);
  for (const a of drop) {
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${fmtShape(t.shape)} has length ${t.shape[a]}, not 1`);
  }
  return reshape(
    t,
    t.shape.filter((_, i) => !drop.includes(i)),
  );
}

/**
 * Inserts an axis of length 1 at `axis`, which may be `ndim` (append) or negative (−1 appends).
 *
 * Shape: the input's, with a 1 inserted at `axis`.
 *
 * @example
 * unsqueeze(zeros([3]), 0).shape;  // [1, 3]
 * unsqueeze(zeros([3]), -1).shape; // [3, 1]
 */
export function unsqueeze(x: TensorLike, axis: number): Tensor {
  const t = toTensor(x, 'unsqueeze', 'x');
  const a = normalizeAxis('unsqueeze', axis, t.ndim + 1);
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return reshape(t, shape);
}

/**
 * Repeats `x` along axes of length 1 (and new leading axes) to `shape`, NumPy's broadcasting.
 * The gradient sums over the copies (`sumTo`).
 *
 * Shapes: `x.shape` must broadcast to `shape`; the output has shape `shape`.
 *
 * @throws ShapeError if it does not.
 *
 * @example
 * broadcastTo(tensor([1, 2]), [2, 2]).toArray(); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, 'broadcastTo', 'x');
  const dims = checkShape('broadcastTo', shape);
  if (!broadcastsTo(t.shape, dims)) throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(dims)}`);
  const out = new Tensor(kernels.broadcast(t.data, t.shape, dims), Object.freeze(dims));
  return record(out, 'broadcastTo', [t], { shape: dims }, layoutRules.broadcastTo);
}

/**
 * Joins tensors along an existing axis (0 by default); each receives its own stretch of the
 * gradient.
 *
 * Shapes: every tensor has the same rank ≥ 1 and the same dimensions except along `axis`; the
 * output's `axis` is the sum of theirs.
 *
 * @example
 * concat([zeros([2, 3]), ones([1, 3])], 0).shape;      // [3, 3]
 * concat([tensor([1, 2]), tensor([3])]).toString();    // tensor([1., 2., 3.])
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new ArgumentError(`concat: expected a non-empty array of tensors, got ${describeValue(tensors)}`);
  const ts = tensors.map((t, i) => toTensor(t, 'concat', `tensors[${i}]`));
  const first = ts[0]!;
  if (first.ndim === 0) throw new ShapeError('concat: 0-d tensors have no axis to join along; use stack, or give tensors of rank ≥ 1');
  const a = normalizeAxis('concat', axis, first.ndim);
  ts.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ShapeError(
        `concat: tensors[${i}] has shape ${fmtShape(t.shape)} but tensors[0] has ${fmtShape(first.shape)}; all dimensions but axis ${a} must match`,
      );
    }
  });
  const shape = [...first.shape];
  shape[a] = ts.reduce((n, t) => n + t.shape[a]!, 0);
  const out = new Tensor(kernels.concat(ts, a, shape), Object.freeze(shape));
  return record(out, 'concat', ts, { axis: a }, layoutRules.concat);
}

/**
 * Joins tensors of one shape along a new axis (0 by default).
 *
 * Shapes: k tensors of shape `s` give the shape `s` with k inserted at `axis`.
 *
 * @example
 * stack([zeros([3]), ones([3])]).shape;       // [2, 3]
 * stack([zeros([3]), ones([3])], 1).shape;    // [3, 2]
 */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new ArgumentError(`stack: expected a non-empty array of tensors, got ${describeValue(tensors)}`);
  const ts = tensors.map((t, i) => toTensor(t, 'stack', `tensors[${i}]`));
  ts.forEach((t, i) => {
    if (t.shape.length !== ts[0]!.shape.length || t.shape.some((d, j) => d !== ts[0]!.shape[j])) {
      throw new ShapeError(
        `stack: tensors[${i}] has shape ${fmtShape(t.shape)} but tensors[0] has ${fmtShape(ts[0]!.shape)}; all must be equal`,
      );
    }
  });
  const a = normalizeAxis('stack', axis, ts[0]!.ndim + 1);
  return concat(
    ts.map((t) => unsqueeze(t, a)),
    a,
  );
}

/**
 * `x[..., start:stop:step, ...]` along `axis`, as Python slicing: negative `start`/`stop` count
 * from the end, out-of-range bounds are clipped, `step` is a positive integer.
 *
 * Shape: the input's, with dimension `axis` replaced by the number of positions taken,
 * ⌈(stop − start) / step⌉ (0 if stop ≤ start).
 *
 * @example
 * slice(arange(10), 0, 2, 8, 3).toString(); // tensor([2., 5.])
 * slice(arange(10), 0, -3).toString();       // tensor([7., 8., 9.])
 */
export function slice(x: TensorLike, axis: number, start?: number | null, stop?: number | null, step = 1): Tensor {
  const t = toTensor(x, 'slice', 'x');
  if (t.ndim === 0) throw new AxisError('slice: a 0-d tensor has no axis to slice; x must have at least one dimension');
  const a = normalizeAxis('slice', axis, t.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ArgumentError(`slice: step must be a positive integer, got ${describeValue(step)}`);
  const n = t.shape[a]!;
  const bound = (v: number | null | undefined, dflt: number, what: string) => {
    if (v === undefined || v === null) return dflt;
    if (!Number.isInteger(v)) throw new ArgumentError(`slice: ${what} must be an integer or null, got ${describeValue(v)}`);
    return Math.min(n, Math.max(0, v < 0 ? v + n : v));
  };
  const lo = bound(start, 0, 'start');
  const hi = bound(stop, n, 'stop');
  const count = hi > lo ? Math.ceil((hi - lo) / step) : 0;
  const shape = [...t.shape];
  shape[a] = count;
  const out = new Tensor(kernels.slice(t.data, t.shape, a, lo, step, count), Object.freeze(shape));
  return record(out, 'slice', [t], { axis: a, start: lo, step, count }, layoutRules.slice);
}

/**
 * The entry at `index` along `axis`, with that axis removed (`x[i]` for axis 0). Negative indices
 * count from the end.
 *
 * Shape: the input's without `axis`.
 *
 * @throws AxisError if `index` is out of range.
 *
 * @example
 * select(tensor([[1, 2], [3, 4]]), 0, 1).toString();  // tensor([3., 4.])
 * select(tensor([[1, 2], [3, 4]]), 1, -1).toString(); // tensor([2., 4.])
 */
export function select(x: TensorLike, axis: number, index: number): Tensor {
  const t = toTensor(x, 'select', 'x');
  const a = normalizeAxis('select', axis, t.ndim);
  const n = t.shape[a]!;
  if (!Number.isInteger(index)) throw new ArgumentError(`select: index must be an integer, got ${describeValue(index)}`);
  if (index < -n || index >= n) {
    throw new AxisError(`select: index ${describeValue(index)} is out of range for axis ${a} of length ${n} (shape ${fmtShape(t.shape)})`);
  }
  const i = index < 0 ? index + n : index;
  return squeeze(slice(t, a, i, i + 1), a);
}

/** The gradient of `slice`: zeros of length `size` along `axis`, with `g` at the sliced positions. */
function unslice(g: Tensor, axis: number, start: number, step: number, size: number): Tensor {
  const shape = [...g.shape];
  shape[axis] = size;
  const out = new Tensor(kernels.unslice(g.data, g.shape, axis, start, step, size), Object.freeze(shape));
  return record(out, 'unslice', [g], { axis, start, step, size }, layoutRules.unslice);
}

const layoutRules: { readonly [K in 'reshape' | 'broadcastTo' | 'concat' | 'slice' | 'unslice']: GradRule<K> } = {
  // reshaping moves no value: the gradient is reshaped back
  reshape: (g, [x]) => [reshape(g, x!.shape)],
  // a broadcast copies values: each original receives the sum over its copies
  broadcastTo: (g, [x]) => [sumTo(g, x!.shape)],
  // each part receives its own stretch of the gradient
  concat: (g, parts, { axis }) => {
    let offset = 0;
    return parts.map((p) => {
      const d = p.shape[axis]!;
      offset += d;
      return slice(g, axis, offset - d, offset);
    });
  },
  // the sliced positions receive the gradient; the rest, nothing
  slice: (g, [x], { axis, start, step }) => [unslice(g, axis, start, step, x!.shape[axis]!)],
  // and the other way round
  unslice: (g, [x], { axis, start, step }) => [sliceStep(g, axis, start, step, x!.shape[axis]!)],
};

function sliceStep(g: Tensor, axis: number, start: number, step: number, count: number): Tensor {
  return slice(g, axis, start, start + (count - 1) * step + 1, step);
}
