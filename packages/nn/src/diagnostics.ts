/**
 * Diagnostics for the post's questions: are units dead, how much of each layer sits on the
 * negative side, and how much gradient reaches each parameter.
 */
import { ArgumentError, type Tensor, noGrad, describeValue } from '@tapegrad/core';
import { Activation } from './layers/activations.js';
import { Module, type AnyModule } from './module.js';

/** What one activation layer saw over a batch. */
export interface ActivationStats {
  /** The activation module's dotted name in the model (`'1'`, `'block.act'`). */
  name: string;
  /** The module as printed: `PReLU(numParameters=8)`. */
  layer: string;
  /** Shape of the pre-activation z: `[batch, ...unit axes]`. */
  shape: number[];
  /** Number of units: the product of the non-batch dimensions. */
  units: number;
  /**
   * Units whose pre-activation is ≤ 0 for every input of the batch (flat indices over the unit
   * axes). Behind a ReLU such a unit outputs 0 and passes no gradient: it is dead.
   */
  deadUnits: number[];
  /** `deadUnits.length / units`. */
  deadFraction: number;
  /** Fraction of all pre-activation values (every unit, every input) that are < 0. */
  negativeFraction: number;
  /** Mean of z over the batch and the units (NaN for an empty z). */
  mean: number;
  /** Population standard deviation of z over the batch and the units (NaN for an empty z). */
  std: number;
}

/**
 * Runs `model.forward(input)` once, without recording, and reports on the pre-activation z that
 * entered each `Activation` module (ReLU, LeakyReLU, PReLU, ELU, Sigmoid, Tanh), in call order.
 * Axis 0 of z is the batch; a 1-d z is one input.
 *
 * While it runs, each activation's `forward` is wrapped, on the instance, to see its input; the
 * original is restored before it returns, even on an error.
 *
 * @example
 * const model = new Sequential(new Linear(2, 3, { generator: defaultRng(0) }), new ReLU());
 * const [s] = activationStats(model, tensor([[1, 2], [3, 4], [-1, 0]]));
 * [s!.name, s!.layer, s!.shape, s!.units]; // ['1', 'ReLU()', [3, 3], 3]
 * s!.deadUnits;                            // [0]: unit 0 was ≤ 0 for all 3 inputs
 */
export function activationStats(model: Module, input: Tensor): ActivationStats[] {
  if (!(model instanceof Module)) throw new ArgumentError(`activationStats: expected a Module, got ${describeValue(model)}`);
  const seen: { name: string; module: AnyModule; z: Tensor }[] = [];
  // Each wrapped module with its own `forward` property before wrapping (usually none).
  const wrapped: [Activation, PropertyDescriptor | undefined][] = [];
  try {
    for (const [name, m] of model.namedModules()) {
      if (!(m instanceof Activation)) continue;
      const act: Activation = m;
      const original = act.forward;
      wrapped.push([act, Object.getOwnPropertyDescriptor(act, 'forward')]);
      act.forward = (z: Tensor) => {
        seen.push({ name, module: act as AnyModule, z });
        return original.call(act, z);
      };
    }
    noGrad(() => (model as Module<[Tensor], unknown>).forward(input));
  } finally {
    // Deleting the own property uncovers the prototype's method again.
    for (const [act, own] of wrapped) {
      if (own) Object.defineProperty(act, 'forward', own);
      else delete (act as { forward?: unknown }).forward;
    }
  }
  return seen.map(({ name, module, z }) => statsOf(name, module.toString(), z));
}

function statsOf(name: string, layer: string, z: Tensor): ActivationStats {
  const batch = z.ndim >= 2 ? z.shape[0]! : 1;
  const units = batch === 0 ? 0 : z.size / batch;
  const alwaysNonPositive = new Uint8Array(units).fill(1);
  let negatives = 0;
  let sum = 0;
  for (let k = 0; k < z.size; k++) {
    const v = z.data[k]!;
    if (v < 0) negatives++;
    if (!(v <= 0)) alwaysNonPositive[k % units] = 0;
    sum += v;
  }
  const mean = z.size === 0 ? NaN : sum / z.size;
  let sq = 0;
  for (let k = 0; k < z.size; k++) sq += (z.data[k]! - mean) ** 2;
  const deadUnits: number[] = [];
  alwaysNonPositive.forEach((d, u) => d && deadUnits.push(u));
  return {
    name,
    layer,
    shape: [...z.shape],
    units,
    deadUnits,
    deadFraction: units === 0 ? 0 : deadUnits.length / units,
    negativeFraction: z.size === 0 ? 0 : negatives / z.size,
    mean,
    std: z.size === 0 ? NaN : Math.sqrt(sq / z.size),
  };
}

/** One parameter's gradient after a backward pass. */
export interface GradientNorm {
  /** The parameter's dotted name: `0.weight`. */
  name: string;
  /** The parameter's shape. */
  shape: number[];
  /** ‖∂L/∂θ‖₂, or `null` when the parameter has no gradient (`grad === null`). */
  norm: number | null;
  /** max |∂L/∂θ|, or `null` without a gradient. */
  maxAbs: number | null;
}

/**
 * The L2 norm (and the largest magnitude) of each parameter's gradient, in `namedParameters()`
 * order; call it after `backward()`. With dead ReLU units, the rows of the weight feeding them
 * show 0; with Leaky ReLU, small but nonzero.
 *
 * @example
 * const model = new Sequential(new Linear(2, 1, { generator: defaultRng(0) }));
 * mseLoss(model.forward(tensor([[3, 4]])), [[0]]).backward();
 * gradientNorms(model).map((g) => g.name); // ['0.weight', '0.bias']
 * const [w, b] = gradientNorms(model);
 * w!.norm! / b!.norm!;                     // 5: dL/dW = dL/dy·[3, 4] and dL/db = dL/dy
 */
export function gradientNorms(model: Module): GradientNorm[] {
  if (!(model instanceof Module)) throw new ArgumentError(`gradientNorms: expected a Module, got ${describeValue(model)}`);
  return model.namedParameters().map(([name, p]) => {
    if (p.grad === null) return { name, shape: [...p.shape], norm: null, maxAbs: null };
    let sq = 0;
    let maxAbs = 0;
    for (const g of p.grad.data) {
      sq += g * g;
      maxAbs = Math.max(maxAbs, Math.abs(g));
    }
    return { name, shape: [...p.shape], norm: Math.sqrt(sq), maxAbs };
  });
}
