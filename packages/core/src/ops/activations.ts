/**
 * Activations: ReLU, Leaky ReLU, PReLU and ELU, each followed by its derivative.
 *
 * All four are the identity for z > 0 and differ only in what they do with z ≤ 0:
 *
 *   z              −3      −1     0     0.5    1     3
 *   relu(z)         0       0     0     0.5    1     3     kills the negative side
 *   leakyRelu(z)   −0.03   −0.01  0     0.5    1     3     keeps a fixed slope α = 0.01
 *   prelu(z, 0.25) −0.75   −0.25  0     0.5    1     3     keeps a slope α that is learned
 *   elu(z)         −0.95   −0.63  0     0.5    1     3     bends smoothly towards −α
 *
 * At exactly z = 0 each derivative takes the value of the negative side: 0 for ReLU, α for Leaky
 * ReLU and PReLU, α for ELU. That is the convention of PyTorch and TensorFlow.js (the derivative
 * tests `z > 0`), and the post's footnote: "set to α at boundary in practice".
 *
 * How each derivative is written once, as PyTorch's `derivatives.yaml` does it: the gradient rule
 * of `leakyRelu` is one line, `dz = leakyReluBackward(g, z; α)`, and `leakyReluBackward` is an op
 * of its own whose kernel (`kernels/js/activations.ts`) is the only place `g · (z > 0 ? 1 : α)` is
 * computed. Being an op, it has a rule too, so a recorded backward (`createGraph`) can be
 * differentiated again. A plain `backward()` runs exactly these rules.
 */
import { ShapeError, checkFinite, fmtShape } from '../errors.js';
import { kernels } from '../kernels/backend.js';
import { sameShape, splitAt, type Shape } from '../shape.js';
import { record } from '../tape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { gt, mul, sub, where } from './binary.js';
import { toTensor } from './operand.js';
import type { GradRule } from './primitives.js';
import { reshape } from './layout.js';
import { sumTo } from './reduce.js';

// ---- ReLU --------------------------------------------------------------------------------------

/**
 * ReLU(z) = max(z, 0).
 *
 * Shape: any; the output has the input's shape.
 *
 * @example
 * relu(tensor([-1, 0, 2])) // tensor([0., 0., 2.])
 */
export function relu(z: TensorLike): Tensor {
  const x = toTensor(z, 'relu', 'z');
  const out = new Tensor(kernels.relu(x.data), x.shape);
  return record(out, 'relu', [x], null, reluGrad);
}

// d/dz relu(z) = 1 if z > 0 else 0                          (0 at the kink)
const reluGrad: GradRule<'relu'> = (g, [z]) => [reluBackward(g, z!)];

/**
 * The gradient of ReLU: `g` where z > 0, else 0 (0 at the kink). A NaN z passes `g`, as PyTorch's
 * `threshold_backward`; `g` is selected, not multiplied by 0, so an infinite g gives 0, not NaN.
 *
 * Shapes: `g` and `z` have the same shape, which the output has.
 *
 * @example
 * reluBackward(tensor([5, 5, 5]), tensor([-1, 0, 2])).toString(); // tensor([0., 0., 5.])
 */
export function reluBackward(g: TensorLike, z: TensorLike): Tensor {
  const [grad, input] = sameShapeOperands('reluBackward', g, z);
  const out = new Tensor(kernels.reluBackward(grad.data, input.data), input.shape);
  return record(out, 'reluBackward', [grad, input], null, reluBackwardGrad);
}

// reluBackward is linear in g (the same mask again) and flat in z
const reluBackwardGrad: GradRule<'reluBackward'> = (gg, [, z]) => [reluBackward(gg, z!), null];

// ---- Leaky ReLU --------------------------------------------------------------------------------

/**
 * LeakyReLU(z) = z if z > 0 else α·z, with α = `negativeSlope` (0.01 by default, as PyTorch).
 *
 * Shape: any; the output has the input's shape.
 *
 * @example
 * const z = tensor([-1, 0, 2], { requiresGrad: true });
 * leakyRelu(z).sum().backward();
 * z.grad; // tensor([0.0100, 0.0100, 1.0000]): α, α at the kink, 1
 */
export function leakyRelu(z: TensorLike, negativeSlope = 0.01): Tensor {
  const x = toTensor(z, 'leakyRelu', 'z');
  checkFinite('leakyRelu', 'negativeSlope', negativeSlope);
  const out = new Tensor(kernels.leakyRelu(x.data, negativeSlope), x.shape);
  return record(out, 'leakyRelu', [x], { negativeSlope }, leakyReluGrad);
}

// d/dz leakyRelu(z) = 1 if z > 0 else α                      (α at the kink)
const leakyReluGrad: GradRule<'leakyRelu'> = (g, [z], { negativeSlope }) => [leakyReluBackward(g, z!, negativeSlope)];

/**
 * The gradient of Leaky ReLU: g · (1 if z > 0 else α), α = `negativeSlope` (α at the kink).
 *
 * Shapes: `g` and `z` have the same shape, which the output has.
 *
 * @example
 * leakyReluBackward(tensor([1, 1, 1]), tensor([-1, 0, 2])).toString(); // tensor([0.0100, 0.0100, 1.0000])
 */
export function leakyReluBackward(g: TensorLike, z: TensorLike, negativeSlope = 0.01): Tensor {
  const [grad, input] = sameShapeOperands('leakyReluBackward', g, z);
  checkFinite('leakyReluBackward', 'negativeSlope', negativeSlope);
  const data = kernels.leakyReluBackward(grad.data, input.data, negativeSlope);
  const out = new Tensor(data, input.shape);
  return record(out, 'leakyReluBackward', [grad, input], { negativeSlope }, leakyReluBackwardGrad);
}

// leakyReluBackward is linear in g and flat in z: Leaky ReLU's second derivative is 0
const leakyReluBackwardGrad: GradRule<'leakyReluBackward'> = (gg, [, z], { negativeSlope }) => [
  leakyReluBackward(gg, z!, negativeSlope),
  null,
];

// ---- PReLU -------------------------------------------------------------------------------------

/**
 * PReLU(z) = z if z > 0 else α_c·z, where α (`weight`) is a tensor, usually learned, with one value
 * per channel or one value shared by all.
 *
 * Shapes, as `torch.nn.functional.prelu`: `z` is `[N, C, ...]` with the channels on axis 1 (for a
 * rank ≥ 2 input); `weight` has C elements (one per channel) or exactly 1 (broadcast over
 * everything, and then `z` may have any rank).
 *
 * @example
 * const alpha = tensor([0.25], { requiresGrad: true });
 * prelu(tensor([-3, -1, 0, 0.5, 1, 3]), alpha).sum().backward();
 * alpha.grad; // tensor([-4.]): the sum of z over z ≤ 0
 */
export function prelu(z: TensorLike, weight: TensorLike): Tensor {
  const x = toTensor(z, 'prelu', 'z');
  const w = toTensor(weight, 'prelu', 'weight');
  const { outer, channels, inner } = channelLayout('prelu', x.shape, w);
  const out = new Tensor(kernels.prelu(x.data, w.data, outer, channels, inner), x.shape);
  return record(out, 'prelu', [x, w], null, preluGrad);
}

// d/dz prelu(z, α)   = 1 if z > 0 else α_c                   (α at the kink)
// d/dα_c prelu(z, α) = 0 if z > 0 else z, summed over every element of channel c
const preluGrad: GradRule<'prelu'> = (g, [z, weight], _, __, needs) => preluBackward(g, z!, weight!, needs);

/**
 * The gradients of PReLU, `[dz, dweight]`, computed in one pass:
 * dz = g · (1 if z > 0 else α_c), and dweight_c = Σ g · (0 if z > 0 else z) over channel c.
 * `needs` (both by default) skips a gradient that is not wanted; it comes back `null`.
 *
 * Shapes: `g` and `z` as `prelu`'s input and output; `dz` has `z`'s shape and `dweight` `weight`'s.
 *
 * @example
 * const [dz, dw] = preluBackward(tensor([1, 1, 1]), tensor([-2, 0, 3]), tensor([0.25]));
 * dz!.toString(); // tensor([0.2500, 0.2500, 1.0000])
 * dw!.toString(); // tensor([-2.])
 */
export function preluBackward(
  g: TensorLike,
  z: TensorLike,
  weight: TensorLike,
  needs: readonly boolean[] = [true, true],
): [Tensor | null, Tensor | null] {
  const [grad, input] = sameShapeOperands('preluBackward', g, z);
  const w = toTensor(weight, 'preluBackward', 'weight');
  const { outer, channels, inner } = channelLayout('preluBackward', input.shape, w);
  const wantDz = needs[0] ?? true;
  const wantDw = needs[1] ?? true;
  const { dz, dalpha } = kernels.preluBackward(grad.data, input.data, w.data, outer, channels, inner, wantDz, wantDw);
  // NOTE: one kernel pass gives both, and each is recorded as an op of its own with its own rule.
  return [
    dz && record(new Tensor(dz, input.shape), 'preluBackwardInput', [grad, input, w], null, preluBackwardInputGrad),
    dalpha && record(new Tensor(dalpha, w.shape), 'preluBackwardWeight', [grad, input, w], null, preluBackwardWeightGrad),
  ];
}

// dz = g · s with s = 1 if z > 0 else α_c: linear in g (dg = gg · s), flat in z,
// and d/dα_c = Σ gg · g over the elements of channel c where z ≤ 0
const preluBackwardInputGrad: GradRule<'preluBackwardInput'> = (gg, [g, z, weight], _, __, needs) => [
  needs[0] ? preluBackward(gg, z!, weight!, [true, false])[0] : null,
  null,
  needs[2] ? channelSum(whereNotPositive(z!, mul(gg, g!)), weight!, z!.shape) : null,
];

// dα_c = Σ g · m with m = z where z ≤ 0, else 0: linear in g (dg = gg_c · m), and in z its slope
// is gg_c · g where z ≤ 0; flat in α
const preluBackwardWeightGrad: GradRule<'preluBackwardWeight'> = (gg, [g, z], _, __, needs) => {
  const ggc = channelView(gg, z!.shape);
  return [needs[0] ? mul(ggc, whereNotPositive(z!, z!)) : null, needs[1] ? whereNotPositive(z!, mul(ggc, g!)) : null, null];
};

// ---- ELU ---------------------------------------------------------------------------------------

/**
 * ELU(z) = z if z > 0 else α·(eᶻ − 1), with α = `alpha` (1 by default). Smooth for α = 1: its
 * derivative, eᶻ·α below 0, reaches 1 at 0.
 *
 * Shape: any; the output has the input's shape.
 *
 * @example
 * elu(tensor([-1, 0, 2])) // tensor([-0.6321,  0.0000,  2.0000])
 */
export function elu(z: TensorLike, alpha = 1): Tensor {
  const x = toTensor(z, 'elu', 'z');
  checkFinite('elu', 'alpha', alpha);
  const out = new Tensor(kernels.elu(x.data, alpha), x.shape);
  return record(out, 'elu', [x], { alpha }, eluGrad);
}

// d/dz elu(z) = 1 if z > 0 else α·eᶻ                         (α at the kink)
const eluGrad: GradRule<'elu'> = (g, [z], { alpha }) => [eluBackward(g, z!, alpha)];

/**
 * The gradient of ELU: g · (1 if z > 0 else α·eᶻ), α = `alpha` (α at the kink). A NaN z passes `g`,
 * as PyTorch's `elu_backward`, which tests z ≤ 0.
 *
 * Shapes: `g` and `z` have the same shape, which the output has.
 *
 * @example
 * eluBackward(tensor([1, 1]), tensor([-1, 2])).toString(); // tensor([0.3679, 1.0000])
 */
export function eluBackward(g: TensorLike, z: TensorLike, alpha = 1): Tensor {
  const [grad, input] = sameShapeOperands('eluBackward', g, z);
  checkFinite('eluBackward', 'alpha', alpha);
  const out = new Tensor(kernels.eluBackward(grad.data, input.data, alpha), input.shape);
  return record(out, 'eluBackward', [grad, input], { alpha }, eluBackwardGrad);
}

// eluBackward is linear in g; in z, g·α·eᶻ has the derivative g·α·eᶻ below 0 and g·1 is flat above:
// that is eluBackward(g, z) less its z > 0 part, reluBackward(g, z)
const eluBackwardGrad: GradRule<'eluBackward'> = (gg, [g, z], { alpha }, _, needs) => [
  needs[0] ? eluBackward(gg, z!, alpha) : null,
  needs[1] ? mul(gg, sub(eluBackward(g!, z!, alpha), reluBackward(g!, z!))) : null,
];

// ---- shapes --------------------------------------------------------------------------------------

/** `g` and `z` as tensors, after checking that the gradient has the shape of what it differentiates. */
function sameShapeOperands(op: string, g: TensorLike, z: TensorLike): [Tensor, Tensor] {
  const gt = toTensor(g, op, 'g');
  const zt = toTensor(z, op, 'z');
  if (!sameShape(gt.shape, zt.shape)) {
    throw new ShapeError(`${op}: g has shape ${fmtShape(gt.shape)} but z has shape ${fmtShape(zt.shape)}; they must be equal`);
  }
  return [gt, zt];
}

/** How `z` splits around its channel axis, after checking that `weight` fits it. */
function channelLayout(op: string, zShape: Shape, weight: Tensor): { outer: number; channels: number; inner: number } {
  const n = weight.size;
  if (n === 1) return { outer: 1, channels: 1, inner: zShape.reduce((a, b) => a * b, 1) };
  if (weight.ndim !== 1) {
    throw new ShapeError(`${op}: weight must be 1-d with one value per channel (or a single value), got shape ${fmtShape(weight.shape)}`);
  }
  if (zShape.length < 2) {
    throw new ShapeError(
      `${op}: an input of shape ${fmtShape(zShape)} has no channel axis (it needs rank ≥ 2), so weight must have 1 element, got ${n}`,
    );
  }
  if (zShape[1] !== n) {
    throw new ShapeError(
      `${op}: weight has ${n} elements but the input of shape ${fmtShape(zShape)} has ${zShape[1]} channels on axis 1; they must be equal (or weight must have 1 element)`,
    );
  }
  const { outer, dim, inner } = splitAt(zShape, 1);
  return { outer, channels: dim, inner };
}

/** α reshaped so that it broadcasts along the channel axis of `zShape`: `[C]` becomes `[C, 1, 1]` for `[N, C, H, W]`. */
function channelView(weight: Tensor, zShape: Shape): Tensor {
  if (weight.size === 1) return reshape(weight, []);
  return reshape(weight, [weight.size, ...zShape.slice(2).map(() => 1)]);
}

/** `t` where z ≤ 0, else 0 (`t` broadcast to z's shape). */
function whereNotPositive(z: Tensor, t: Tensor): Tensor {
  return where(gt(z, 0), 0, t);
}

/** `t` (the shape of z) summed over everything but the channel axis, in `weight`'s shape. */
function channelSum(t: Tensor, weight: Tensor, zShape: Shape): Tensor {
  return reshape(sumTo(t, channelView(weight, zShape).shape), weight.shape);
}
