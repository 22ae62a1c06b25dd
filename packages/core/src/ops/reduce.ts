/**
 * Reductions: `sum`, `mean`, `max`, `min` over all axes or some, and the stable log-sum-exp family
 * (`logSumExp`, `softmax`, `logSoftmax`). The gradient of a reduction is a broadcast: every element
 * that fed an output value receives that value's gradient.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape } from '../errors.js';
import { kernels } from '../kernels/backend.js';
import { broadcastAxes, broadcastsTo, checkShape, keptShape, normalizeAxes, normalizeAxis, sameShape, type Shape } from '../shape.js';
import { type Axes, Tensor, type TensorLike } from '../tensor.js';
import { add, div, eq, mul, sub } from './binary.js';
import { broadcastTo, reshape } from './layout.js';
import { toTensor } from './operand.js';
import type { GradRule } from './primitives.js';
import { record } from '../tape.js';
import { exp, log } from './unary.js';

function reduce<K extends 'sum' | 'max' | 'min'>(op: K, x: TensorLike, axes: Axes, keepdims: boolean, rule: GradRule<K>): Tensor {
  const t = toTensor(x, op, 'x');
  const ax = normalizeAxes(op, axes, t.ndim);
  checkKeepdims(op, keepdims);
  if (op !== 'sum') checkNotEmpty(op, t, ax);
  return reduceChecked(op, t, ax, keepdims, rule);
}

/** The reduction once `axes` are known to be sorted, distinct and in range. */
function reduceChecked<K extends 'sum' | 'max' | 'min'>(op: K, t: Tensor, axes: number[], keepdims: boolean, rule: GradRule<K>): Tensor {
  const shape = keepdims ? keptShape(t.shape, axes) : t.shape.filter((_, i) => !axes.includes(i));
  const out = new Tensor(kernels[op](t.data, t.shape, axes), Object.freeze(shape));
  return record(out, op, [t], { axes, keepdims }, rule);
}

/**
 * sum(x) = Σ x over `axes` (all of them by default; negative axes count from the end). Its
 * gradient is 1 for every element.
 *
 * Shape: the input's, without the reduced axes (kept as 1s with `keepdims`); `[]` when every axis is
 * reduced.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]])).item();          // 10
 * sum(tensor([[1, 2], [3, 4]]), 0).toString();   // tensor([4., 6.])
 * sum(tensor([[1, 2], [3, 4]]), 1, true).shape;  // [2, 1]
 */
export function sum(x: TensorLike, axes?: Axes, keepdims = false): Tensor {
  return reduce('sum', x, axes, keepdims, sumGrad);
}

// d Σ x = Σ dx: every element gets the gradient of its sum
const sumGrad: GradRule<'sum'> = (g, [x], { axes }) => [expandBack(g, x!.shape, axes)];

/**
 * mean(x) = Σ x / n over `axes` (all by default), n the number of elements reduced.
 *
 * Shape: the input's, without the reduced axes (kept as 1s with `keepdims`); `[]` when every axis is
 * reduced.
 *
 * @example
 * mean(tensor([[1, 2], [3, 4]]), 1).toString(); // tensor([1.5000, 3.5000])
 */
export function mean(x: TensorLike, axes?: Axes, keepdims = false): Tensor {
  const t = toTensor(x, 'mean', 'x');
  const ax = normalizeAxes('mean', axes, t.ndim);
  checkKeepdims('mean', keepdims);
  return div(
    sum(t, ax, keepdims),
    ax.reduce((n, a) => n * t.shape[a]!, 1),
  );
}

/**
 * max(x) = the largest value over `axes` (all by default). The gradient goes to the maximum; a
 * tie of k elements gives each 1/k, as `torch.amax`.
 *
 * Shape: the input's, without the reduced axes (kept as 1s with `keepdims`); `[]` when every axis is
 * reduced.
 *
 * @throws ArgumentError when a reduced axis is empty.
 *
 * @example
 * max(tensor([[1, 5], [3, 4]]), 0).toString(); // tensor([3., 5.])
 */
export function max(x: TensorLike, axes?: Axes, keepdims = false): Tensor {
  return reduce('max', x, axes, keepdims, maxGrad);
}

// d max x = dx at the maximum; a tie of k elements gives each 1/k
const maxGrad: GradRule<'max'> = (g, [x], { axes }, out) => [extremeGrad(g, x!, out, axes)];

/**
 * min(x) = the smallest value over `axes` (all by default). The gradient goes to the minimum; a
 * tie of k elements gives each 1/k.
 *
 * Shape: the input's, without the reduced axes (kept as 1s with `keepdims`); `[]` when every axis is
 * reduced.
 *
 * @throws ArgumentError when a reduced axis is empty.
 *
 * @example
 * min(tensor([[1, 5], [3, 4]]), 1).toString(); // tensor([1., 3.])
 */
export function min(x: TensorLike, axes?: Axes, keepdims = false): Tensor {
  return reduce('min', x, axes, keepdims, minGrad);
}

// d min x = dx at the minimum; a tie of k elements gives each 1/k
const minGrad: GradRule<'min'> = (g, [x], { axes }, out) => [extremeGrad(g, x!, out, axes)];

/**
 * logSumExp(x) = log Σ exp(x) over `axes` (all by default), computed stably as
 * m + log Σ exp(x − m) with m the maximum, so that large values do not overflow. Its gradient is
 * `softmax(x)`.
 *
 * Shape: the input's, without the reduced axes (kept as 1s with `keepdims`); `[]` when every axis is
 * reduced.
 *
 * @example
 * logSumExp(tensor([1000, 1000])).toString(); // tensor(1000.6931): 1000 + ln 2, no overflow
 */
export function logSumExp(x: TensorLike, axes?: Axes, keepdims = false): Tensor {
  const t = toTensor(x, 'logSumExp', 'x');
  const ax = normalizeAxes('logSumExp', axes, t.ndim);
  checkKeepdims('logSumExp', keepdims);
  checkNotEmpty('logSumExp', t, ax);
  // m is a constant shift (detached): the result does not depend on it, only its rounding does.
  const m = finiteOrZero(max(t.detach(), ax, true));
  const lse = add(log(sum(exp(sub(t, m)), ax, true)), m);
  return keepdims
    ? lse
    : reshape(
        lse,
        t.shape.filter((_, i) => !ax.includes(i)),
      );
}

/**
 * softmax(x)_i = exp(x_i) / Σ_j exp(x_j) along `axis` (the last by default), computed stably as
 * exp(x − logSumExp(x)).
 *
 * Shape: any with at least one dimension; the output has the input's shape, and sums to 1 along
 * `axis`.
 *
 * @example
 * softmax(tensor([1, 2, 3])).toString(); // tensor([0.0900, 0.2447, 0.6652])
 */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const t = toTensor(x, 'softmax', 'x');
  const a = normalizeAxis('softmax', axis, t.ndim);
  checkNotEmpty('softmax', t, [a]);
  return exp(sub(t, logSumExp(t, a, true)));
}

/**
 * logSoftmax(x) = log softmax(x) = x − logSumExp(x) along `axis` (the last by default): no
 * overflow, no log(0).
 *
 * Shape: any with at least one dimension; the output has the input's shape.
 *
 * @example
 * logSoftmax(tensor([0, 0])).toString(); // tensor([-0.6931, -0.6931]): ln ½ each
 */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const t = toTensor(x, 'logSoftmax', 'x');
  const a = normalizeAxis('logSoftmax', axis, t.ndim);
  checkNotEmpty('logSoftmax', t, [a]);
  return sub(t, logSumExp(t, a, true));
}

/**
 * Sums `g` down to `shape`, undoing a broadcast: over the leading axes `shape` lacks and over the
 * axes where `shape` has a 1. Every binary op's backward passes its gradients through here.
 *
 * Shapes: `shape` must broadcast to `g`'s shape; the output has shape `shape` (`g` itself if the
 * shapes are already equal).
 *
 * @throws ShapeError if `shape` does not broadcast to `g`'s shape.
 *
 * @example
 * sumTo(ones([2, 3]), [1, 3]).toArray(); // [[2, 2, 2]]
 * sumTo(ones([2, 3]), []).item();        // 6
 */
export function sumTo(g: TensorLike, shape: Shape): Tensor {
  const t = toTensor(g, 'sumTo', 'g');
  if (sameShape(t.shape, shape)) return t;
  const dims = checkShape('sumTo', shape);
  if (!broadcastsTo(dims, t.shape)) {
    throw new ShapeError(
      `sumTo: cannot sum a gradient of shape ${fmtShape(t.shape)} to shape ${fmtShape(dims)}: ${fmtShape(dims)} does not broadcast to ${fmtShape(t.shape)}`,
    );
  }
  // One sum over the axes `shape` lacks (leading) or has as 1; the leading ones are dropped by the
  // sum itself when they are all there is (a bias), else by a reshape.
  const axes = broadcastAxes(dims, t.shape);
  const lead = t.ndim - dims.length;
  const onlyLeading = axes.every((a) => a < lead);
  const summed = reduceChecked('sum', t, axes, !onlyLeading, sumGrad);
  return onlyLeading || lead === 0 ? summed : reshape(summed, dims);
}

function checkKeepdims(op: string, keepdims: unknown): void {
  if (typeof keepdims !== 'boolean') throw new ArgumentError(`${op}: keepdims must be true or false, got ${describeValue(keepdims)}`);
}

/** max, min and the log-sum-exp family have no value over an empty axis. */
function checkNotEmpty(op: string, t: Tensor, axes: readonly number[]): void {
  if (axes.some((a) => t.shape[a] === 0)) {
    throw new ArgumentError(
      `${op}: cannot reduce over an empty axis (shape ${fmtShape(t.shape)}, axes [${axes.join(',')}]): ${op} of nothing is undefined; every reduced axis must have length ≥ 1`,
    );
  }
}

/**
 * The reduced gradient stretched back over the input: `g` with its reduced axes restored as 1s,
 * broadcast to `shape`. Broadcasting aligns on the right, so a `g` that lost only leading axes (or
 * kept them all) broadcasts as it is.
 */
function expandBack(g: Tensor, shape: Shape, axes: readonly number[]): Tensor {
  const onlyLeading = axes.every((a, i) => a === i);
  return broadcastTo(onlyLeading || g.ndim === shape.length ? g : reshape(g, keptShape(shape, axes)), shape);
}

function extremeGrad(g: Tensor, x: Tensor, out: Tensor, axes: readonly number[]): Tensor {
  const hit = eq(x, reshape(out, keptShape(x.shape, axes))); // 1 at the extreme, a constant
  const count = sum(hit, axes, true);
  return mul(expandBack(g, x.shape, axes), div(hit, count));
}

/** Where the maximum is ±∞ the shift would make NaN (∞ − ∞); shift by 0 there instead. */
function finiteOrZero(m: Tensor): Tensor {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) d[i] = 0;
  return m;
}
