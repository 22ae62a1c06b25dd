/**
 * Binary elementwise ops with NumPy broadcasting: the inputs' shapes are aligned on the right, and
 * a dimension of 1 (or a missing one) is stretched to match. In backward, an input that was
 * stretched receives the sum of the gradient over the stretched axes (`sumTo`).
 */
import { kernels, type BinaryKind } from '../kernels/backend.js';
import { broadcastShapes, sameShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { toTensor } from './operand.js';
import type { GradRule } from './primitives.js';
import { record } from '../tape.js';
import { sumTo } from './reduce.js';
import { log, neg } from './unary.js';

type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';

/** The broadcast shape of `x` and `y`, frozen; for equal shapes, `x`'s own, with nothing to compute. */
function outputShape(op: string, x: Tensor, y: Tensor): readonly number[] {
  return sameShape(x.shape, y.shape) ? x.shape : Object.freeze(broadcastShapes(op, x.shape, y.shape));
}

function binary<K extends BinaryOp>(op: K, a: TensorLike, b: TensorLike, rule: GradRule<K>): Tensor {
  const x = toTensor(a, op, 'a');
  const y = toTensor(b, op, 'b');
  const shape = outputShape(op, x, y);
  const out = new Tensor(kernels.binary(op, x.data, x.shape, y.data, y.shape, shape), shape);
  return record(out, op, [x, y], null, rule);
}

/**
 * add(a, b) = a + b, elementwise.
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * add(tensor([1, 2]), 10).toString(); // tensor([11., 12.])
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary('add', a, b, addGrad);
}

// d(a + b) = da + db
const addGrad: GradRule<'add'> = (g, [a, b], _, __, needs) => [needs[0] ? sumTo(g, a!.shape) : null, needs[1] ? sumTo(g, b!.shape) : null];

/**
 * sub(a, b) = a − b, elementwise.
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * sub(tensor([[1], [2]]), tensor([1, 2])).toArray(); // [[0, -1], [1, 0]]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary('sub', a, b, subGrad);
}

// d(a − b) = da − db
const subGrad: GradRule<'sub'> = (g, [a, b], _, __, needs) => [
  needs[0] ? sumTo(g, a!.shape) : null,
  needs[1] ? sumTo(neg(g), b!.shape) : null,
];

/**
 * mul(a, b) = a · b, elementwise (for the matrix product see `matmul`).
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * mul(tensor([[1], [2]]), tensor([1, 10])).toArray(); // [[1, 10], [2, 20]]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary('mul', a, b, mulGrad);
}

// d(a·b) = b·da + a·db
const mulGrad: GradRule<'mul'> = (g, [a, b], _, __, needs) => [
  needs[0] ? sumTo(mul(g, b!), a!.shape) : null,
  needs[1] ? sumTo(mul(g, a!), b!.shape) : null,
];

/**
 * div(a, b) = a / b, elementwise, IEEE-754 (1/0 = ∞, 0/0 = NaN).
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * div(tensor([1, 2, 3]), 2).toString(); // tensor([0.5000, 1.0000, 1.5000])
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('div', a, b, divGrad);
}

// d(a/b) = da/b − a·db/b²
const divGrad: GradRule<'div'> = (g, [a, b], _, __, needs) => [
  needs[0] ? sumTo(div(g, b!), a!.shape) : null,
  needs[1] ? sumTo(neg(div(mul(g, a!), mul(b!, b!))), b!.shape) : null,
];

/**
 * pow(a, b) = aᵇ, elementwise. Its gradient is b·aᵇ⁻¹ for `a` (0 where b = 0) and aᵇ·ln a for `b`
 * (0 where a = 0 and b ≥ 0), as PyTorch.
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * pow(tensor([1, 2, 3]), 2).toString(); // tensor([1., 4., 9.])
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary('pow', a, b, powGrad);
}

// d(a^b) = b·a^(b−1)·da + a^b·ln(a)·db
const powGrad: GradRule<'pow'> = (g, [a, b], _, out, needs) => [
  // NOTE: where b = 0, a^b = 1 is flat in a even at a = 0 (where 0·0^(−1) would be NaN): 0, as PyTorch.
  needs[0] ? sumTo(where(eq(b!, 0), 0, mul(g, mul(b!, pow(a!, sub(b!, 1))))), a!.shape) : null,
  // NOTE: ln(0) = −∞, but 0^b is flat in b where b > 0 (and 0^0 = 1 stays 1): PyTorch masks
  // the exponent's gradient to 0 where a = 0 and b ≥ 0, and so do we.
  needs[1] ? sumTo(where(mul(eq(a!, 0), ge(b!, 0)), 0, mul(g, mul(out, log(a!)))), b!.shape) : null,
];

/**
 * maximum(a, b) = max(a, b), elementwise (NaN if either is NaN). The gradient goes to the larger
 * side; at a tie each side gets half of it (as PyTorch).
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * maximum(tensor([-1, 0, 2]), 0).toString(); // tensor([0., 0., 2.])
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary('maximum', a, b, maximumGrad);
}

// d max(a, b) = da where a > b, db where a < b, (da + db)/2 at a tie
const maximumGrad: GradRule<'maximum'> = (g, [a, b]) => shareAtTies(g, a!, b!, gt(a!, b!));

/**
 * minimum(a, b) = min(a, b), elementwise (NaN if either is NaN). The gradient goes to the smaller
 * side; at a tie each side gets half of it.
 *
 * Shapes: `a` and `b` broadcast (aligned on the right; a dimension of 1 or a missing one stretches);
 * the output has the broadcast shape.
 *
 * @example
 * minimum(tensor([-1, 0, 2]), 0).toString(); // tensor([-1.,  0.,  0.])
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary('minimum', a, b, minimumGrad);
}

// d min(a, b) = da where a < b, db where a > b, (da + db)/2 at a tie
const minimumGrad: GradRule<'minimum'> = (g, [a, b]) => shareAtTies(g, a!, b!, lt(a!, b!));

/**
 * where(cond, a, b) = a where cond ≠ 0, else b, elementwise. The gradient flows to the side that
 * was chosen; `cond` gets none.
 *
 * Shapes: `cond`, `a` and `b` broadcast together; the output has the broadcast shape.
 *
 * @example
 * const z = tensor([-2, 3]);
 * where(gt(z, 0), z, mul(z, 0.01)).toString(); // tensor([-0.0200,  3.0000]): Leaky ReLU by hand
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toTensor(cond, 'where', 'cond');
  const x = toTensor(a, 'where', 'a');
  const y = toTensor(b, 'where', 'b');
  const shape = Object.freeze(broadcastShapes('where', broadcastShapes('where', c.shape, x.shape), y.shape));
  const out = new Tensor(kernels.where(c.data, c.shape, x.data, x.shape, y.data, y.shape, shape), shape);
  return record(out, 'where', [c, x, y], null, whereGrad);
}

// d where(c, a, b) = da where c, db elsewhere
const whereGrad: GradRule<'where'> = (g, [c, a, b]) => [null, sumTo(where(c!, g, 0), a!.shape), sumTo(where(c!, 0, g), b!.shape)];

/**
 * The gradients of maximum and minimum: all of g to the side that won (`aWins`, else b), half to
 * each at a tie. NOTE: g is selected with `where`, not multiplied by a 0/1 mask, so that an
 * infinite g gives the losing side 0 rather than ∞·0 = NaN, as PyTorch's masked_fill.
 */
function shareAtTies(g: Tensor, a: Tensor, b: Tensor, aWins: Tensor): [Tensor, Tensor] {
  const tie = eq(a, b);
  const half = mul(g, 0.5);
  return [sumTo(where(tie, half, where(aWins, g, 0)), a.shape), sumTo(where(tie, half, where(aWins, 0, g)), b.shape)];
}

// ---- comparisons: 1 where true, 0 where false; constants, never recorded --------------------

function compare(op: BinaryKind, a: TensorLike, b: TensorLike): Tensor {
  const x = toTensor(a, op, 'a');
  const y = toTensor(b, op, 'b');
  const shape = outputShape(op, x, y);
  return new Tensor(kernels.binary(op, x.data, x.shape, y.data, y.shape, shape), shape);
}

/**
 * eq(a, b) = 1 where a == b, else 0, elementwise. Not differentiable: the result is a constant,
 * never recorded. Shapes broadcast, as for `add`.
 *
 * @example
 * eq(tensor([1, 2, 3]), 2).toString(); // tensor([0., 1., 0.])
 */
export const eq = (a: TensorLike, b: TensorLike): Tensor => compare('eq', a, b);
/**
 * ne(a, b) = 1 where a ≠ b, else 0, elementwise; a constant. Shapes broadcast.
 *
 * @example
 * ne(tensor([1, 2, 3]), 2).toString(); // tensor([1., 0., 1.])
 */
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare('ne', a, b);
/**
 * lt(a, b) = 1 where a < b, else 0, elementwise; a constant. Shapes broadcast.
 *
 * @example
 * lt(tensor([1, 2, 3]), 2).toString(); // tensor([1., 0., 0.])
 */
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare('lt', a, b);
/**
 * le(a, b) = 1 where a ≤ b, else 0, elementwise; a constant. Shapes broadcast.
 *
 * @example
 * le(tensor([1, 2, 3]), 2).toString(); // tensor([1., 1., 0.])
 */
export const le = (a: TensorLike, b: TensorLike): Tensor => compare('le', a, b);
/**
 * gt(a, b) = 1 where a > b, else 0, elementwise; a constant. Shapes broadcast.
 *
 * @example
 * gt(tensor([1, 2, 3]), 2).toString(); // tensor([0., 0., 1.])
 */
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare('gt', a, b);
/**
 * ge(a, b) = 1 where a ≥ b, else 0, elementwise; a constant. Shapes broadcast.
 *
 * @example
 * ge(tensor([1, 2, 3]), 2).toString(); // tensor([0., 1., 1.])
 */
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare('ge', a, b);
