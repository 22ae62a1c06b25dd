/**
 * Unary elementwise ops. Each rule multiplies the incoming gradient by the op's derivative, written
 * with tensor ops (often through the output itself: d/dx eˣ = eˣ), so it can be differentiated again.
 */
import { record } from '../autograd.js';
import { toTensor } from '../creation.js';
import { ArgumentError, describe } from '../errors.js';
import { clipKernel, unaryKernel } from '../kernels/elementwise.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { add, div, ge, gt, le, lt, mul, sub, where } from './binary.js';
import type { GradRules } from './primitives.js';

type UnaryOp = 'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid';

function unary(op: UnaryOp, x: TensorLike): Tensor {
  const t = toTensor(x, op, 'x');
  return record(op, [t], null, unaryKernel(op, t.data), t.shape);
}

/** `−x`. */
export const neg = (x: TensorLike): Tensor => unary('neg', x);
/** `eˣ`. */
export const exp = (x: TensorLike): Tensor => unary('exp', x);
/** Natural logarithm; `−∞` at 0 and NaN below, as NumPy. */
export const log = (x: TensorLike): Tensor => unary('log', x);
/** `ln(1 + x)`, accurate for small x. */
export const log1p = (x: TensorLike): Tensor => unary('log1p', x);
/** `√x`. */
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x);
/** `|x|`; its gradient at 0 is 0, as PyTorch. */
export const abs = (x: TensorLike): Tensor => unary('abs', x);
/** Hyperbolic tangent. */
export const tanh = (x: TensorLike): Tensor => unary('tanh', x);

/**
 * The logistic function `σ(x) = 1 / (1 + e^(−x))`, computed without overflow for large |x|:
 * for x < 0 it uses the equal form `eˣ / (1 + eˣ)`.
 *
 * @example sigmoid(tensor([-1000, 0, 1000])) // [0, 0.5, 1]
 */
export const sigmoid = (x: TensorLike): Tensor =>
  unary('sigmoid', x);

/**
 * Limits every value to `[min, max]` (either bound may be `null`), like `torch.clamp`. The gradient
 * passes where `min ≤ x ≤ max`, bounds included, and is 0 outside.
 *
 * @example clip(tensor([-2, 0.5, 2]), -1, 1) // [-1, 0.5, 1]
 */
export function clip(x: TensorLike, min: number | null, max: number | null): Tensor {
  const t = toTensor(x, 'clip', 'x');
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (typeof lo !== 'number' || Number.isNaN(lo)) throw new ArgumentError(`clip: min must be a number or null, got ${describe(min)}`);
  if (typeof hi !== 'number' || Number.isNaN(hi)) throw new ArgumentError(`clip: max must be a number or null, got ${describe(max)}`);
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
