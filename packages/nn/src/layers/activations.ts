/**
 * Activation layers: ReLU, Leaky ReLU, PReLU, ELU, Sigmoid and Tanh as modules.
 *
 * Each applies an elementwise function a = f(z) to the pre-activation z. The rectifiers are the
 * identity for z > 0 and differ only in what they do with z ≤ 0:
 *
 *   z                   −3      −1      0     0.5    1     3
 *   ReLU                 0       0      0     0.5    1     3     the negative side is cut off
 *   LeakyReLU (α=0.01)  −0.03   −0.01   0     0.5    1     3     a fixed small slope α
 *   PReLU (α=0.25)      −0.75   −0.25   0     0.5    1     3     a slope α that is learned
 *   ELU (α=1)           −0.95   −0.63   0     0.5    1     3     a smooth curve towards −α
 *
 * The derivative da/dz on the negative side is 0 for ReLU (a unit with z ≤ 0 for every input
 * is dead: no gradient ever reaches its weights again), α for Leaky ReLU and PReLU, α·eᶻ for
 * ELU. At exactly z = 0 each takes its negative side's value, as in PyTorch.
 *
 * The functions and their gradient rules live in `@tapegrad/core` (`ops/activations.ts`); these
 * modules hold their settings and, for PReLU, the learned slope.
 */
import {
  ArgumentError,
  ShapeError,
  Tensor,
  elu,
  full,
  leakyRelu,
  prelu,
  relu,
  sigmoid,
  tanh,
  checkFinite,
  describeValue,
  fmtShape,
} from '@tapegrad/core';
import { Module, Parameter } from '../module.js';
import { checkInteger, checkKeys } from '../util.js';

/**
 * The base class of elementwise activations. `activationStats` (in `diagnostics.ts`) reports on
 * the pre-activations entering every module of this class.
 *
 * @example
 * class Softplus extends Activation {
 *   forward(z: Tensor): Tensor { return log1p(exp(z)); }
 * }
 * new Softplus().forward(tensor([0])).toString(); // tensor([0.6931])
 */
export abstract class Activation extends Module {
  /** a = f(z), elementwise: the output has `z`'s shape. */
  abstract override forward(z: Tensor): Tensor;
}

/**
 * ReLU(z) = max(0, z).
 *
 * Derivative: 1 if z > 0 else 0 (0 at z = 0).
 *
 * Shape: any; the output has the input's shape.
 *
 * @example new ReLU().forward(tensor([-1, 0, 2])) // tensor([0., 0., 2.])
 */
export class ReLU extends Activation {
  /** max(0, z). Applies the activation elementwise: the output has `z`'s shape. */
  forward(z: Tensor): Tensor {
    return relu(z);
  }
}

/**
 * LeakyReLU(z) = z if z > 0 else α·z, with α = `negativeSlope` (0.01 by default, as PyTorch).
 *
 * Derivative: 1 if z > 0 else α (α at z = 0). The negative side keeps a small gradient, so no
 * unit can die; but the signal through it is α times weaker (10⁻⁹ after three such layers at
 * weight 0.1, in the post's example).
 *
 * Shape: any; the output has the input's shape.
 *
 * @example new LeakyReLU().forward(tensor([-3, 0.5])) // tensor([-0.0300,  0.5000])
 */
export class LeakyReLU extends Activation {
  /** α, the slope for z ≤ 0. */
  readonly negativeSlope: number;

  /** A Leaky ReLU with slope `options.negativeSlope` (a finite number, default 0.01). */
  constructor(options: { negativeSlope?: number } = {}) {
    super();
    checkKeys('LeakyReLU', options, ['negativeSlope']);
    this.negativeSlope = checkFinite('LeakyReLU', 'negativeSlope', options.negativeSlope ?? 0.01);
  }

  /** z if z > 0 else α·z. Applies the activation elementwise: the output has `z`'s shape. */
  forward(z: Tensor): Tensor {
    return leakyRelu(z, this.negativeSlope);
  }

  /** `negativeSlope=0.01`. */
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/**
 * PReLU(z) = z if z > 0 else α_c·z, where α is a parameter, learned with the weights: one slope
 * shared by every unit (`numParameters = 1`, the default) or one per channel, the channel axis
 * being axis 1 of an input `[N, C, ...]` (as `torch.nn.PReLU`).
 *
 * Derivatives: ∂a/∂z = 1 if z > 0 else α_c; ∂a/∂α_c = 0 if z > 0 else z, so the slope's gradient
 * is Σ δ·z over the non-positive inputs of its channel (over the batch and every other axis).
 *
 * He et al. (2015) initialise α at 0.25 (`init`) and train it without weight decay, which would
 * pull it towards 0, that is towards ReLU: put `prelu.weight` in a parameter group with
 * `weightDecay: 0`.
 *
 * Shape: any with `numParameters = 1`; `[N, C, ...]` with C = `numParameters` otherwise.
 * Parameters: `weight`, shape `[numParameters]`.
 *
 * @example
 * const act = new PReLU({ numParameters: 3 });
 * act.forward(tensor([[-1, -1, 2]])).toArray(); // [[-0.25, -0.25, 2]]
 */
export class PReLU extends Activation {
  /** The slope given to every α at initialisation (and by `resetParameters`). */
  readonly init: number;
  /** α, shape `[numParameters]`. */
  weight: Parameter;

  /**
   * `options.numParameters` slopes (a positive integer, default 1), each initialised to
   * `options.init` (default 0.25).
   */
  constructor(options: { numParameters?: number; init?: number } = {}) {
    super();
    checkKeys('PReLU', options, ['numParameters', 'init']);
    const n = checkInteger('PReLU', 'numParameters', options.numParameters ?? 1, 1);
    this.init = checkFinite('PReLU', 'init', options.init ?? 0.25);
    this.weight = new Parameter(full([n], this.init));
  }

  /** Sets every α back to `init`. */
  resetParameters(): void {
    this.weight.data.fill(this.init);
  }

  /**
   * z if z > 0 else α_c·z. The output has `z`'s shape.
   *
   * @throws ShapeError if `numParameters > 1` and `z` is not `[N, numParameters, ...]`.
   */
  forward(z: Tensor): Tensor {
    const c = this.weight.size;
    if (!(z instanceof Tensor)) throw new ArgumentError(`PReLU(numParameters=${c}): expected a Tensor, got ${describeValue(z)}`);
    // NOTE: core's prelu checks the same; checking here lets the message name the layer.
    if (c !== 1 && (z.ndim < 2 || z.shape[1] !== c)) {
      throw new ShapeError(`PReLU(numParameters=${c}): expected input [N, ${c}, ...] (channels on axis 1), got ${fmtShape(z.shape)}`);
    }
    return prelu(z, this.weight);
  }

  /** `numParameters=8`. */
  override extraRepr(): string {
    return `numParameters=${this.weight.size}`;
  }
}

/**
 * ELU(z) = z if z > 0 else α·(eᶻ − 1), with α = `alpha` (1 by default).
 *
 * Derivative: 1 if z > 0 else α·eᶻ. For α = 1 both sides meet with slope 1 at z = 0: no kink.
 *
 * Shape: any; the output has the input's shape.
 *
 * @example new ELU().forward(tensor([-1, 2])) // tensor([-0.6321,  2.0000])
 */
export class ELU extends Activation {
  /** α, the scale of the negative side: ELU(z) → −α as z → −∞. */
  readonly alpha: number;

  /** An ELU with `options.alpha` (a finite number, default 1). */
  constructor(options: { alpha?: number } = {}) {
    super();
    checkKeys('ELU', options, ['alpha']);
    this.alpha = checkFinite('ELU', 'alpha', options.alpha ?? 1);
  }

  /** z if z > 0 else α·(eᶻ − 1). Applies the activation elementwise: the output has `z`'s shape. */
  forward(z: Tensor): Tensor {
    return elu(z, this.alpha);
  }

  /** `alpha=1`. */
  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/**
 * Sigmoid(z) = 1 / (1 + e^(−z)), computed without overflow.
 *
 * Derivative: σ(z)·(1 − σ(z)), at most 1/4 (at z = 0).
 *
 * Shape: any; the output has the input's shape.
 *
 * @example new Sigmoid().forward(tensor([-1, 0, 1])) // tensor([0.2689, 0.5000, 0.7311])
 */
export class Sigmoid extends Activation {
  /** 1 / (1 + e^(−z)). Applies the activation elementwise: the output has `z`'s shape. */
  forward(z: Tensor): Tensor {
    return sigmoid(z);
  }
}

/**
 * Tanh(z) = (eᶻ − e^(−z)) / (eᶻ + e^(−z)).
 *
 * Derivative: 1 − tanh²(z), at most 1 (at z = 0).
 *
 * Shape: any; the output has the input's shape.
 *
 * @example new Tanh().forward(tensor([-1, 0, 1])) // tensor([-0.7616,  0.0000,  0.7616])
 */
export class Tanh extends Activation {
  /** tanh z. Applies the activation elementwise: the output has `z`'s shape. */
  forward(z: Tensor): Tensor {
    return tanh(z);
  }
}
