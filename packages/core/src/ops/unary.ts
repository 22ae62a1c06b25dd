/**
 * Unary elementwise ops. Each rule multiplies the incoming gradient by the op's derivative, written
 * with tensor ops (often through the output itself: d/dx eˣ = eˣ), so it can be differentiated again.
 */
import { record } from '../autograd.js';
import { toTensor } from '../creation.js';
import { ArgumentError, describeValue } from '../errors.js';
import { clipKernel, unaryKernel } from '../kernels/elementwise.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { add, div, ge, gt, le, lt, mul, sub, where } from './binary.js';
import type { GradRules } from './primitives.js';

type UnaryOp = 'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid';

function unary(op: UnaryOp, x: TensorLike): Tensor {
  const t = toTensor(x, op, 'x');
  return record(op, [t], null, unaryKernel(op, t.data), t.shape);
}

/**
 * neg(x) = −x, elementwise. Shape: any; the output has the input's shape.
 *
 * @example
 * neg(tensor([1, -2])).toString(); // tensor([-1.,  2.])
 */
export const neg = (x: TensorLike): Tensor => unary('neg', x);
/**
 * exp(x) = eˣ, elementwise; its gradient is eˣ. Shape: any; the output has the input's shape.
 *
 * @example
 * exp(tensor([0, 1])).toString(); // tensor([1.0000, 2.7183])
 */
export const exp = (x: TensorLike): Tensor => unary('exp', x);
/**
 * log(x) = ln x, the natural logarithm, elementwise; `−∞` at 0 and NaN below, as NumPy. Its
 * gradient is 1/x. Shape: any; the output has the input's shape.
 *
 * @example
 * log(tensor([1, Math.E])).toString(); // tensor([0., 1.])
 */
export const log = (x: TensorLike): Tensor => unary('log', x);
/**
 * log1p(x) = ln(1 + x), elementwise, accurate for small x; its gradient is 1/(1 + x).
 * Shape: any; the output has the input's shape.
 *
 * @example
 * log1p(tensor([1e-10])).item(); // 9.999999999500001e-11, where Math.log(1 + 1e-10) gives 1.000000082690371e-10
 */
export const log1p = (x: TensorLike): Tensor => unary('log1p', x);
/**
 * sqrt(x) = √x, elementwise (NaN below 0); its gradient is 1/(2√x). Shape: any; the output has the input's shape.
 *
 * @example
 * sqrt(tensor([4, 9])).toString(); // tensor([2., 3.])
 */
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x);
/**
 * abs(x) = |x|, elementwise; its gradient is sign(x), 0 at x = 0, as PyTorch.
 * Shape: any; the output has the input's shape.
 *
 * @example
 * abs(tensor([-2, 0, 3])).toString(); // tensor([2., 0., 3.])
 */
export const abs = (x: TensorLike): Tensor => unary('abs', x);
/**
 * tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x)), the hyperbolic tangent, elementwise; its gradient is
 * 1 − tanh²(x). Shape: any; the output has the input's shape.
 *
 * @example
 * tanh(tensor([0, 1])).toString(); // tensor([0.0000, 0.7616])
 */
export const tanh = (x: TensorLike): Tensor => unary('tanh', x);

/**
 * The logistic function sigmoid(x) = σ(x) = 1 / (1 + e^(−x)), elementwise, computed without
 * overflow for large |x|: for x < 0 it uses the equal form eˣ / (1 + eˣ). Its gradient is
 * σ(x)·(1 − σ(x)). Shape: any; the output has the input's shape.
 *
 * @example
 * sigmoid(tensor([-1000, 0, 1000])).toString(); // tensor([0.0000, 0.5000, 1.0000])
 */
export const sigmoid = (x: TensorLike): Tensor => unary('sigmoid', x);

/**
 * clip(x, min, max) = min(max(x, min), max), elementwise: every value limited to `[min, max]`
 * (either bound may be `null`, for none), like `torch.clamp`. The gradient passes where
 * `min ≤ x ≤ max`, bounds included, and is 0 outside. Shape: any; the output has the input's shape.
 *
 * @throws ArgumentError if a bound is NaN or `min > max`.
 *
 * @example
 * clip(tensor([-2, 0.5, 2]), -1, 1).toString(); // tensor([-1.0000,  0.5000,  1.0000])
 */
export function clip(x: TensorLike, min: number | null, max: number | null): Tensor {
  const t = toTensor(x, 'clip', 'x');
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (typeof lo !== 'number' || Number.isNaN(lo)) throw new ArgumentError(`clip: min must be a number or null, got ${describeValue(min)}`);
  if (typeof hi !== 'number' || Number.isNaN(hi)) throw new ArgumentError(`clip: max must be a number or null, got ${describeValue(max)}`);
  if (lo > hi) throw new ArgumentError(`clip: min (${lo}) must not exceed max (${hi})`);
  return record('clip', [t], { min: lo, max: hi }, clipKernel(t.data, lo, hi), t.shape);
}

export const unaryRules: GradRules<UnaryOp | 'clip'> = {
  // d(−x) = −dx
  neg: (g) => [neg(g)],
  // d eˣ = eˣ dx
  exp: (g, _, __, out) => [mul(g, out)],
  // d ln x = dx / x
  log: (g, [x]) => [div(g, x!)],
  // d ln(1 + x) = dx / (1 + x)
  log1p: (g, [x]) => [div(g, add(x!, 1))],
  // d √x = dx / (2√x)
  sqrt: (g, _, __, out) => [div(g, mul(out, 2))],
  // d |x| = sign(x) dx, with sign(0) = 0
  abs: (g, [x]) => [mul(g, sign(x!))],
  // d tanh x = (1 − tanh² x) dx
  tanh: (g, _, __, out) => [mul(g, sub(1, mul(out, out)))],
  // d σ(x) = σ(x)(1 − σ(x)) dx
  sigmoid: (g, _, __, out) => [mul(g, mul(out, sub(1, out)))],
  // d clip(x) = dx where min ≤ x ≤ max, else 0
  clip: (g, [x], { min, max }) => [where(mul(ge(x!, min), le(x!, max)), g, 0)],
};

/** −1, 0 or 1 by the sign of each value. Comparisons are constants, so this records nothing. */
function sign(x: Tensor): Tensor {
  return sub(gt(x, 0), lt(x, 0));
}
