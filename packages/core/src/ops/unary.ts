/**
 * Unary elementwise ops. Each rule multiplies the incoming gradient by the op's derivative, written
 * with tensor ops (often through the output itself: d/dx eˣ = eˣ), so it can be differentiated again.
 */
import { ShapeError, clipBounds, fmtShape } from '../errors.js';
import { kernels } from '../kernels/backend.js';
import { sameShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { add, div, ge, gt, le, lt, mul, sub, where } from './binary.js';
import { toTensor } from './operand.js';
import type { GradRule } from './primitives.js';
import { record } from '../tape.js';

type UnaryOp = 'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'sin' | 'cos';

function unary<K extends UnaryOp>(op: K, x: TensorLike, rule: GradRule<K>): Tensor {
  const t = toTensor(x, op, 'x');
  const out = new Tensor(kernels.unary(op, t.data), t.shape);
  return record(out, op, [t], null, rule);
}

/**
 * neg(x) = −x, elementwise. Shape: any; the output has the input's shape.
 *
 * @example
 * neg(tensor([1, -2])).toString(); // tensor([-1.,  2.])
 */
export const neg = (x: TensorLike): Tensor => unary('neg', x, negGrad);

// d(−x) = −dx
const negGrad: GradRule<'neg'> = (g) => [neg(g)];

/**
 * exp(x) = eˣ, elementwise; its gradient is eˣ. Shape: any; the output has the input's shape.
 *
 * @example
 * exp(tensor([0, 1])).toString(); // tensor([1.0000, 2.7183])
 */
export const exp = (x: TensorLike): Tensor => unary('exp', x, expGrad);

// d eˣ = eˣ dx
const expGrad: GradRule<'exp'> = (g, _, __, out) => [mul(g, out)];

/**
 * log(x) = ln x, the natural logarithm, elementwise; `−∞` at 0 and NaN below, as NumPy. Its
 * gradient is 1/x. Shape: any; the output has the input's shape.
 *
 * @example
 * log(tensor([1, Math.E])).toString(); // tensor([0., 1.])
 */
export const log = (x: TensorLike): Tensor => unary('log', x, logGrad);

// d ln x = dx / x
const logGrad: GradRule<'log'> = (g, [x]) => [div(g, x!)];

/**
 * log1p(x) = ln(1 + x), elementwise, accurate for small x; its gradient is 1/(1 + x).
 * Shape: any; the output has the input's shape.
 *
 * @example
 * log1p(tensor([1e-10])).item(); // 9.999999999500001e-11, where Math.log(1 + 1e-10) gives 1.000000082690371e-10
 */
export const log1p = (x: TensorLike): Tensor => unary('log1p', x, log1pGrad);

// d ln(1 + x) = dx / (1 + x)
const log1pGrad: GradRule<'log1p'> = (g, [x]) => [div(g, add(x!, 1))];

/**
 * sqrt(x) = √x, elementwise (NaN below 0); its gradient is 1/(2√x). Shape: any; the output has the input's shape.
 *
 * @example
 * sqrt(tensor([4, 9])).toString(); // tensor([2., 3.])
 */
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x, sqrtGrad);

// d √x = dx / (2√x)
const sqrtGrad: GradRule<'sqrt'> = (g, _, __, out) => [div(g, mul(out, 2))];

/**
 * abs(x) = |x|, elementwise; its gradient is sign(x), 0 at x = 0, as PyTorch.
 * Shape: any; the output has the input's shape.
 *
 * @example
 * abs(tensor([-2, 0, 3])).toString(); // tensor([2., 0., 3.])
 */
export const abs = (x: TensorLike): Tensor => unary('abs', x, absGrad);

// d |x| = sign(x) dx, with sign(0) = 0
const absGrad: GradRule<'abs'> = (g, [x]) => [mul(g, sign(x!))];

/**
 * tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x)), the hyperbolic tangent, elementwise; its gradient is
 * 1 − tanh²(x). Shape: any; the output has the input's shape.
 *
 * @example
 * tanh(tensor([0, 1])).toString(); // tensor([0.0000, 0.7616])
 */
export const tanh = (x: TensorLike): Tensor => unary('tanh', x, tanhGrad);

// d tanh x = (1 − tanh² x) dx, from the output
const tanhGrad: GradRule<'tanh'> = (g, _, __, out) => [tanhBackward(g, out)];

/**
 * The logistic function sigmoid(x) = σ(x) = 1 / (1 + e^(−x)), elementwise, computed without
 * overflow for large |x|: for x < 0 it uses the equal form eˣ / (1 + eˣ). Its gradient is
 * σ(x)·(1 − σ(x)). Shape: any; the output has the input's shape.
 *
 * @example
 * sigmoid(tensor([-1000, 0, 1000])).toString(); // tensor([0.0000, 0.5000, 1.0000])
 */
export const sigmoid = (x: TensorLike): Tensor => unary('sigmoid', x, sigmoidGrad);

// d σ(x) = σ(x)(1 − σ(x)) dx, from the output
const sigmoidGrad: GradRule<'sigmoid'> = (g, _, __, out) => [sigmoidBackward(g, out)];

/**
 * sin(x), the sine of x in radians, elementwise; its gradient is cos x.
 * Shape: any; the output has the input's shape.
 *
 * @example
 * sin(tensor([0, Math.PI / 2])).toString(); // tensor([0., 1.])
 */
export const sin = (x: TensorLike): Tensor => unary('sin', x, sinGrad);

// d sin x = cos x · dx
const sinGrad: GradRule<'sin'> = (g, [x]) => [mul(g, cos(x!))];

/**
 * cos(x), the cosine of x in radians, elementwise; its gradient is −sin x.
 * Shape: any; the output has the input's shape.
 *
 * @example
 * cos(tensor([0, Math.PI])).toString(); // tensor([ 1., -1.])
 */
export const cos = (x: TensorLike): Tensor => unary('cos', x, cosGrad);

// d cos x = −sin x · dx
const cosGrad: GradRule<'cos'> = (g, [x]) => [neg(mul(g, sin(x!)))];

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
  const [lo, hi] = clipBounds('clip', min, max);
  const out = new Tensor(kernels.clip(t.data, lo, hi), t.shape);
  return record(out, 'clip', [t], { min: lo, max: hi }, clipGrad);
}

// d clip(x) = dx where min ≤ x ≤ max, else 0
const clipGrad: GradRule<'clip'> = (g, [x], { min, max }) => [where(mul(ge(x!, min), le(x!, max)), g, 0)];

/**
 * The gradient of `sigmoid` from its output y = σ(x): g · y · (1 − y).
 *
 * Shapes: `g` and `y` have the same shape, which the output has.
 *
 * @example
 * sigmoidBackward(tensor([1]), sigmoid(tensor([0]))).item(); // 0.25
 */
export function sigmoidBackward(g: TensorLike, y: TensorLike): Tensor {
  const [grad, output] = gradientAndOutput('sigmoidBackward', g, y);
  const out = new Tensor(kernels.sigmoidBackward(grad.data, output.data), output.shape);
  return record(out, 'sigmoidBackward', [grad, output], null, sigmoidBackwardGrad);
}

// g · y(1 − y) is linear in g; in y its slope is g · (1 − 2y)
const sigmoidBackwardGrad: GradRule<'sigmoidBackward'> = (gg, [g, y], _, __, needs) => [
  needs[0] ? sigmoidBackward(gg, y!) : null,
  needs[1] ? mul(mul(gg, g!), sub(1, mul(y!, 2))) : null,
];

/**
 * The gradient of `tanh` from its output y = tanh x: g · (1 − y²).
 *
 * Shapes: `g` and `y` have the same shape, which the output has.
 *
 * @example
 * tanhBackward(tensor([1]), tanh(tensor([0]))).item(); // 1
 */
export function tanhBackward(g: TensorLike, y: TensorLike): Tensor {
  const [grad, output] = gradientAndOutput('tanhBackward', g, y);
  const out = new Tensor(kernels.tanhBackward(grad.data, output.data), output.shape);
  return record(out, 'tanhBackward', [grad, output], null, tanhBackwardGrad);
}

// g · (1 − y²) is linear in g; in y its slope is −2 · g · y
const tanhBackwardGrad: GradRule<'tanhBackward'> = (gg, [g, y], _, __, needs) => [
  needs[0] ? tanhBackward(gg, y!) : null,
  needs[1] ? mul(mul(gg, g!), mul(y!, -2)) : null,
];

/** `g` and `y` as tensors, after checking that the gradient has the output's shape. */
function gradientAndOutput(op: string, g: TensorLike, y: TensorLike): [Tensor, Tensor] {
  const gt = toTensor(g, op, 'g');
  const yt = toTensor(y, op, 'y');
  if (!sameShape(gt.shape, yt.shape)) {
    throw new ShapeError(`${op}: g has shape ${fmtShape(gt.shape)} but y has shape ${fmtShape(yt.shape)}; they must be equal`);
  }
  return [gt, yt];
}

/** −1, 0 or 1 by the sign of each value. Comparisons are constants, so this records nothing. */
function sign(x: Tensor): Tensor {
  return sub(gt(x, 0), lt(x, 0));
}
