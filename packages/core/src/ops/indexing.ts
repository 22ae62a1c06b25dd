/**
 * Indexing: taking the values at given positions, as `torch.index_select`, `torch.gather` and
 * `torch.masked_select` do, and finding the position of the largest or smallest value (`argmax`,
 * `argmin`).
 *
 * Each taking op is linear in `x`, and its gradient puts `g` back where each value came from,
 * adding where a position was taken twice: a scatter-add into zeros of `x`'s shape. That
 * scatter-add is an op of its own (`indexSelectBackward`, `gatherBackward`,
 * `maskedSelectBackward`), and since it is linear too, its gradient is the taking op again: the
 * pair differentiates to any order.
 *
 * The index (or mask) is an input of the tape entry that needs no gradient, like `where`'s
 * condition. Indices are integers in `[0, length)`: a negative index is out of range, as in
 * PyTorch's `index_select` and `gather`.
 */
import { ArgumentError, AxisError, ShapeError, describeValue, fmtShape } from '../errors.js';
import { kernels } from '../kernels/backend.js';
import { broadcastShapes, normalizeAxis, sameShape } from '../shape.js';
import { record } from '../tape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { broadcastTo } from './layout.js';
import { toTensor } from './operand.js';
import type { GradRule } from './primitives.js';

// ---- indexSelect ---------------------------------------------------------------------------------

/**
 * indexSelect(x, axis, index): the entries of `x` at positions `index[0], index[1], …` along
 * `axis`, as `torch.index_select`: out[…, k, …] = x[…, index[k], …]. An index may repeat; the
 * gradient then adds up at that position.
 *
 * Shapes: `x` has rank ≥ 1; `index` is a 1-d (or 0-d) array or tensor of integers in
 * `[0, x.shape[axis])`; the output is `x`'s shape with `x.shape[axis]` replaced by `index`'s length.
 *
 * @throws AxisError for an axis or an index out of range; ArgumentError for an index that is not an integer.
 *
 * @example
 * const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
 * indexSelect(x, 1, [2, 0, 2]).toArray(); // [[3, 1, 3], [6, 4, 6]]
 * indexSelect(x, 1, [2, 0, 2]).sum().backward();
 * x.grad!.toArray();                      // [[1, 0, 2], [1, 0, 2]]: index 2 was taken twice
 */
export function indexSelect(x: TensorLike, axis: number, index: TensorLike): Tensor {
  const t = toTensor(x, 'indexSelect', 'x');
  if (t.ndim === 0) throw new AxisError('indexSelect: a 0-d tensor has no axis to index; x must have at least one dimension');
  const a = normalizeAxis('indexSelect', axis, t.ndim);
  const idx = toTensor(index, 'indexSelect', 'index');
  if (idx.ndim > 1) throw new ShapeError(`indexSelect: index must be 1-d (or 0-d), got shape ${fmtShape(idx.shape)}`);
  checkIndices('indexSelect', idx.data, a, t.shape);
  return takeAlong(t, a, new Tensor(idx.data, [idx.size]));
}

/** `indexSelect` on checked arguments: what the gradient of `indexSelectBackward` calls. */
function takeAlong(t: Tensor, axis: number, index: Tensor): Tensor {
  const shape = t.shape.slice();
  shape[axis] = index.size;
  const out = new Tensor(kernels.indexSelect(t.data, t.shape, axis, index.data), Object.freeze(shape));
  return record(out, 'indexSelect', [t, index], { axis }, indexSelectGrad);
}

// d out[…, k, …] = d x[…, index[k], …]: g goes back to position index[k], repeats adding up
const indexSelectGrad: GradRule<'indexSelect'> = (g, [x, index], { axis }) => [indexSelectBackward(g, index!, axis, x!.shape[axis]!), null];

/** Zeros with `size` positions along `axis`, `g`'s entry k added at `index[k]`: the gradient of `indexSelect`. */
function indexSelectBackward(g: Tensor, index: Tensor, axis: number, size: number): Tensor {
  const shape = g.shape.slice();
  shape[axis] = size;
  const out = new Tensor(kernels.indexAdd(g.data, g.shape, axis, index.data, size), Object.freeze(shape));
  return record(out, 'indexSelectBackward', [g, index], { axis, size }, indexSelectBackwardGrad);
}

// linear in g: its adjoint takes the same positions again
const indexSelectBackwardGrad: GradRule<'indexSelectBackward'> = (gg, [, index], { axis }) => [takeAlong(gg, axis, index!), null];

// ---- gather --------------------------------------------------------------------------------------

/**
 * gather(x, axis, index): for every position p of `index`, the value of `x` at p with its `axis`
 * coordinate replaced by `index[p]`, as `torch.gather`. For a 2-d x and axis 1:
 * out[i][j] = x[i][index[i][j]].
 *
 * Shapes: `index` has `x`'s rank, and along every axis but `axis` it is no longer than `x`
 * (PyTorch's rule); its values are integers in `[0, x.shape[axis])`. The output has `index`'s shape.
 *
 * @throws ShapeError if `index`'s shape does not fit `x`; AxisError for an axis or an index out of range.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * gather(x, 1, [[0, 0], [1, 0]]).toArray(); // [[1, 1], [4, 3]]
 * gather(x, 1, [[0, 0], [1, 0]]).sum().backward();
 * x.grad!.toArray();                        // [[2, 0], [1, 1]]
 */
export function gather(x: TensorLike, axis: number, index: TensorLike): Tensor {
  const t = toTensor(x, 'gather', 'x');
  const a = normalizeAxis('gather', axis, t.ndim);
  const idx = toTensor(index, 'gather', 'index');
  if (idx.ndim !== t.ndim) {
    throw new ShapeError(
      `gather: index must have the rank of x (${t.ndim}), got shape ${fmtShape(idx.shape)} for x of shape ${fmtShape(t.shape)}`,
    );
  }
  if (idx.shape.some((d, i) => i !== a && d > t.shape[i]!)) {
    throw new ShapeError(
      `gather: index has shape ${fmtShape(idx.shape)} but x has shape ${fmtShape(t.shape)}; along every axis but ${a}, index must be no longer than x`,
    );
  }
  checkIndices('gather', idx.data, a, t.shape);
  return gatherChecked(t, a, new Tensor(idx.data, idx.shape));
}

/** `gather` on checked arguments: what the gradient of `gatherBackward` calls. */
function gatherChecked(t: Tensor, axis: number, index: Tensor): Tensor {
  const out = new Tensor(kernels.gather(t.data, t.shape, axis, index.data, index.shape), index.shape);
  return record(out, 'gather', [t, index], { axis }, gatherGrad);
}

// d out[p] = d x[p with axis coordinate index[p]]: g scattered back, repeats adding up
const gatherGrad: GradRule<'gather'> = (g, [x, index], { axis }) => [gatherBackward(g, index!, axis, x!.shape), null];

/** Zeros of `shape` with `g[p]` added where `gather` read position p from: the gradient of `gather`. */
function gatherBackward(g: Tensor, index: Tensor, axis: number, shape: readonly number[]): Tensor {
  const out = new Tensor(kernels.scatterAdd(g.data, index.shape, axis, index.data, shape), shape);
  return record(out, 'gatherBackward', [g, index], { axis, shape: [...shape] }, gatherBackwardGrad);
}

// linear in g: its adjoint gathers from the same positions again
const gatherBackwardGrad: GradRule<'gatherBackward'> = (gg, [, index], { axis }) => [gatherChecked(gg, axis, index!), null];

// ---- maskedSelect --------------------------------------------------------------------------------

/**
 * maskedSelect(x, mask): the values of `x` where `mask ≠ 0`, in row-major order, as
 * `torch.masked_select`. `x` and `mask` broadcast against each other first, so a value of `x` can
 * be taken more than once; its gradient then adds up.
 *
 * Shapes: `x` and `mask` broadcast to one shape; the output is 1-d, with as many values as the
 * broadcast mask has non-zero entries.
 *
 * @throws ShapeError if `x` and `mask` do not broadcast.
 *
 * @example
 * const x = tensor([[1, -2], [-3, 4]], { requiresGrad: true });
 * maskedSelect(x, gt(x, 0)).toString(); // tensor([1., 4.])
 * maskedSelect(x, gt(x, 0)).sum().backward();
 * x.grad!.toArray();                  // [[1, 0], [0, 1]]
 */
export function maskedSelect(x: TensorLike, mask: TensorLike): Tensor {
  const t = toTensor(x, 'maskedSelect', 'x');
  const m = toTensor(mask, 'maskedSelect', 'mask');
  const shape = Object.freeze(broadcastShapes('maskedSelect', t.shape, m.shape));
  const xb = sameShape(t.shape, shape) ? t : broadcastTo(t, shape);
  const mb = sameShape(m.shape, shape) ? m : new Tensor(kernels.broadcast(m.data, m.shape, shape), shape);
  return maskedSelectChecked(xb, mb);
}

/** `maskedSelect` of a tensor and a mask of the same shape. */
function maskedSelectChecked(t: Tensor, mask: Tensor): Tensor {
  const data = kernels.maskedSelect(t.data, mask.data);
  return record(new Tensor(data, [data.length]), 'maskedSelect', [t, mask], null, maskedSelectGrad);
}

// d out[k] = d x at the k-th position where the mask is set; elsewhere x gets 0
const maskedSelectGrad: GradRule<'maskedSelect'> = (g, [, mask]) => [maskedSelectBackward(g, mask!), null];

/** Zeros of the mask's shape with `g`'s values written, in order, where the mask is set. */
function maskedSelectBackward(g: Tensor, mask: Tensor): Tensor {
  const out = new Tensor(kernels.maskedScatter(g.data, mask.data), mask.shape);
  return record(out, 'maskedSelectBackward', [g, mask], null, maskedSelectBackwardGrad);
}

// linear in g: its adjoint selects under the same mask again
const maskedSelectBackwardGrad: GradRule<'maskedSelectBackward'> = (gg, [, mask]) => [maskedSelectChecked(gg, mask!), null];

// ---- argmax, argmin ------------------------------------------------------------------------------

/**
 * argmax(x, axis?, keepdims = false): the index of the largest value along `axis`, as
 * `torch.argmax`; without an axis, the index into the flattened tensor. On a tie the first index
 * wins; a NaN counts as the largest value (the first NaN wins). The result holds integers as
 * float64 values and is a constant, never recorded: it has no gradient.
 *
 * Shapes: without `axis`, `[]` (all 1s of x's rank with `keepdims`); with `axis`, x's shape
 * without that axis (kept as 1 with `keepdims`).
 *
 * @throws ArgumentError for an empty tensor or an empty axis; AxisError for an axis out of range.
 *
 * @example
 * const x = tensor([[1, 5, 5], [7, 2, 0]]);
 * argmax(x).item();            // 3
 * argmax(x, 1).toString();     // tensor([1., 0.]): the first of the tied 5s
 * argmax(x, 0, true).shape;    // [1, 3]
 */
export function argmax(x: TensorLike, axis?: number | null, keepdims = false): Tensor {
  return argReduce('argmax', x, axis, keepdims);
}

/**
 * argmin(x, axis?, keepdims = false): the index of the smallest value along `axis`, as
 * `torch.argmin`; without an axis, the index into the flattened tensor. On a tie the first index
 * wins; a NaN wins over every number, as in PyTorch. A constant, never recorded.
 *
 * Shapes: as `argmax`.
 *
 * @throws ArgumentError for an empty tensor or an empty axis; AxisError for an axis out of range.
 *
 * @example
 * argmin(tensor([[1, 5, 5], [7, 0, 0]]), 1).toString(); // tensor([0., 1.])
 * argmin(tensor([3, NaN, 1])).item();                     // 1: NaN is the result, as in PyTorch
 */
export function argmin(x: TensorLike, axis?: number | null, keepdims = false): Tensor {
  return argReduce('argmin', x, axis, keepdims);
}

function argReduce(op: 'argmax' | 'argmin', x: TensorLike, axis: number | null | undefined, keepdims: boolean): Tensor {
  const t = toTensor(x, op, 'x');
  if (typeof keepdims !== 'boolean') throw new ArgumentError(`${op}: keepdims must be true or false, got ${describeValue(keepdims)}`);
  if (axis === undefined || axis === null) {
    if (t.size === 0)
      throw new ArgumentError(
        `${op}: x is empty (shape ${fmtShape(t.shape)}); an empty tensor has no ${op}, so x must have at least one element`,
      );
    const shape = keepdims ? t.shape.map(() => 1) : [];
    return new Tensor(kernels[op](t.data, [t.size], 0), shape);
  }
  if (t.ndim === 0) {
    // As PyTorch, a 0-d tensor takes axis 0 (or −1), as if it had one axis of length 1.
    if (axis !== 0 && axis !== -1) {
      if (typeof axis !== 'number' || !Number.isInteger(axis)) normalizeAxis(op, axis, 1);
      throw new AxisError(`${op}: axis ${axis} is out of range for a 0-d tensor; valid axes: 0 and -1, as in PyTorch`);
    }
    return new Tensor(new Float64Array(1), []);
  }
  const a = normalizeAxis(op, axis, t.ndim);
  if (t.shape[a] === 0) {
    throw new ArgumentError(
      `${op}: cannot reduce over an empty axis (shape ${fmtShape(t.shape)}, axis ${a}): there is no value to pick; the axis must have length ≥ 1`,
    );
  }
  const shape = keepdims ? t.shape.map((d, i) => (i === a ? 1 : d)) : t.shape.filter((_, i) => i !== a);
  return new Tensor(kernels[op](t.data, t.shape, a), shape);
}

// ---- checks --------------------------------------------------------------------------------------

/** Checks that every value of `index` is an integer that indexes `axis` of `shape`. */
function checkIndices(op: string, index: Float64Array, axis: number, shape: readonly number[]): void {
  const n = shape[axis]!;
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    if (!Number.isInteger(i)) {
      throw new ArgumentError(`${op}: index must hold integers, got ${describeValue(i)} at position ${k} of the index`);
    }
    if (i < 0 || i >= n) {
      const range = n === 0 ? 'the axis is empty, so no index is valid' : `valid indices: [0, ${n - 1}]`;
      const negative = i < 0 ? ' (a negative index is out of range, as in PyTorch)' : '';
      throw new AxisError(
        `${op}: index ${i} is out of range for axis ${axis} of length ${n} (x has shape ${fmtShape(shape)}); ${range}${negative}`,
      );
    }
  }
}
