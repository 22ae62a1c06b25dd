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
 * Each rule is written with tensor ops (`where`, `mul`, …) rather than loops, so that with
 * `createGraph` the backward pass is recorded too and second derivatives come for free. When the
 * backward pass is not recorded, it runs the same formulas as one loop each (`ops/fused.ts`).
 */
import { record } from '../autograd.js';
import { toTensor } from '../creation.js';
import { ShapeError, checkFinite, fmtShape } from '../errors.js';
import { eluKernel, leakyReluKernel, preluKernel, reluKernel } from '../kernels/activations.js';
import { splitAt } from '../kernels/layout.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { gt, le, mul, where } from './binary.js';
import { reshape } from './layout.js';
import type { GradRule, GradRules } from './primitives.js';
import { sumTo } from './reduce.js';
import { exp } from './unary.js';

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
  return record('relu', [x], null, reluKernel(x.data), x.shape);
}

// d/dz relu(z) = 0 if z ≤ 0 else 1                          (0 at the kink)
// NOTE: g is selected, not multiplied by a 0/1 mask, so that an infinite g gives 0 on the flat
// side rather than ∞·0 = NaN (sqrt(relu(z)) at z = 0); and the test is z ≤ 0, so that a NaN
// passes g through, both as PyTorch's threshold_backward.
const reluGrad: GradRule<'relu'> = (g, [z]) => [where(le(z!, 0), 0, g)];

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
  return record('leakyRelu', [x], { negativeSlope }, leakyReluKernel(x.data, negativeSlope), x.shape);
}

// d/dz leakyRelu(z) = 1 if z > 0 else α                      (α at the kink)
const leakyReluGrad: GradRule<'leakyRelu'> = (g, [z], { negativeSlope }) => [mul(g, where(gt(z!, 0), 1, negativeSlope))];

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
  const { outer, channels, inner } = preluLayout(x.shape, w.size, w.shape);
  return record('prelu', [x, w], null, preluKernel(x.data, w.data, outer, channels, inner), x.shape);
}

// d/dz prelu(z, α)   = 1 if z > 0 else α_c                   (α at the kink)
// d/dα_c prelu(z, α) = 0 if z > 0 else z, summed over every element of channel c
const preluGrad: GradRule<'prelu'> = (g, [z, weight], _, __, needs) => {
  const alpha = channelView(weight!, z!.shape);
  const positive = gt(z!, 0);
  return [
    needs[0] ? mul(g, where(positive, 1, alpha)) : null,
    needs[1] ? reshape(sumTo(mul(g, where(positive, 0, z!)), alpha.shape), weight!.shape) : null,
  ];
};

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
  return record('elu', [x], { alpha }, eluKernel(x.data, alpha), x.shape);
}

// d/dz elu(z) = 1 if z > 0 else α·eᶻ                         (α at the kink)
const eluGrad: GradRule<'elu'> = (g, [z], { alpha }) => [mul(g, where(gt(z!, 0), 1, mul(exp(z!), alpha)))];

/** The four rules, for the table of every gradient rule in `rules.ts`. */
export const activationRules: GradRules<'relu' | 'leakyRelu' | 'prelu' | 'elu'> = {
  relu: reluGrad,
  leakyRelu: leakyReluGrad,
  prelu: preluGrad,
  elu: eluGrad,
};

/** α reshaped so that it broadcasts along the channel axis of `zShape`: `[C]` becomes `[C, 1, 1]` for `[N, C, H, W]`. */
function channelView(weight: Tensor, zShape: readonly number[]): Tensor {
  if (weight.size === 1) return reshape(weight, []);
  return reshape(weight, [weight.size, ...zShape.slice(2).map(() => 1)]);
}

/** How `z` splits around its channel axis, after checking that `weight` fits it. */
function preluLayout(zShape: readonly number[], weightSize: number, weightShape: readonly number[]) {
  if (weightSize === 1) return { outer: 1, channels: 1, inner: zShape.reduce((a, b) => a * b, 1) };
  if (weightShape.length !== 1) {
    throw new ShapeError(`prelu: weight must be 1-d with one value per channel (or a single value), got shape ${fmtShape(weightShape)}`);
  }
  if (zShape.length < 2) {
    throw new ShapeError(
      `prelu: an input of shape ${fmtShape(zShape)} has no channel axis (it needs rank ≥ 2), so weight must have 1 element, got ${weightSize}`,
    );
  }
  if (zShape[1] !== weightSize) {
    throw new ShapeError(
      `prelu: weight has ${weightSize} elements but the input of shape ${fmtShape(zShape)} has ${zShape[1]} channels on axis 1; they must be equal (or weight must have 1 element)`,
    );
  }
  const { outer, dim, inner } = splitAt(zShape, 1);
  return { outer, channels: dim, inner };
}
