/**
 * Example 6 — Honest limitations: the kink, PReLU's parameter count, and linearity as α → 1.
 */
import { type Tensor, defaultRng, elu, grad, leakyRelu, prelu, relu, sum, tensor } from '@tapegrad/core';
import { PReLU } from '@tapegrad/nn';
import { mlp, nonlinearity } from './linearity.js';
import { type Ledger, record } from './report.js';

/** What {@link limitations} computes; every field has the post's value as its default. */
export interface LimitationsOptions {
  /** The step of the one-sided differences at 0 (default 1e-7). */
  h?: number;
  /** Where the second derivatives are taken (default −2, −1, −0.5, 0.5, 2). */
  zs?: readonly number[];
  /** PReLU's channels (default 512, the post's count). */
  channels?: number;
  /** The slopes of the linearity sweep (default 0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1). */
  alphas?: readonly number[];
  /** `defaultRng` seed of the sweep's 256 inputs, uniform on [−2, 2]² (default 1). */
  seed?: number;
}

/** The three limitations, as numbers. */
export interface LimitationsResult {
  /** The kink at 0: one-sided difference slopes with step `h`, and backward's value at 0 (α). */
  kink: { h: number; left: number; right: number; atZero: number };
  /** Second derivatives by double backward at each z: LeakyReLU'' and ELU'' (α = 1). */
  secondDerivatives: { z: number[]; leaky: number[]; elu: number[] };
  /** PReLU({ numParameters: channels }).numParameters(). */
  preluParams: number;
  /** The nonlinearity score of one 2 → 16 → 16 → 16 → 1 MLP (`mlp(α)`) per α. */
  linearity: { alphas: number[]; scores: number[] };
}

/**
 * The kink at 0 (one-sided slopes and backward), second derivatives by differentiating backward
 * (elementwise, so the gradient of its sum), PReLU's parameter count, and the departure from
 * linearity as α → 1 (see `nonlinearity`).
 *
 * @example
 * const r = limitations();
 * r.kink; // { h: 1e-7, left: ≈ 0.01, right: ≈ 1, atZero: 0.01 }
 * r.secondDerivatives.elu[1]; // 0.36787944117144233 (e⁻¹)
 * r.linearity.scores.at(-1); // ≈ 7.5e-16: at α = 1 the network is affine
 */
export function limitations(options: LimitationsOptions = {}): LimitationsResult {
  const { h = 1e-7, zs = [-2, -1, -0.5, 0.5, 2], channels = 512, seed = 1 } = options;
  const { alphas = [0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1] } = options;
  const f = (z: number) => leakyRelu(tensor(z)).item();
  const d2 = (fn: (z: Tensor) => Tensor) => grad((z) => sum(grad((u) => sum(fn(u)))(z)));
  const X = defaultRng(seed).uniform(-2, 2, [256, 2]);
  return {
    kink: { h, left: (f(0) - f(-h)) / h, right: (f(h) - f(0)) / h, atZero: grad((z) => sum(leakyRelu(z)))(tensor(0)).item() },
    secondDerivatives: {
      z: [...zs],
      leaky: Array.from(d2((z) => leakyRelu(z))(tensor([...zs])).data),
      elu: Array.from(d2((z) => elu(z))(tensor([...zs])).data),
    },
    preluParams: new PReLU({ numParameters: channels }).numParameters(),
    linearity: { alphas: [...alphas], scores: alphas.map((a) => nonlinearity(mlp(a), X)) },
  };
}

/** Leaky ReLU (α = 0.01), PReLU (α = 0.25), ELU (α = 1) and their derivatives by `grad`, on one grid; ReLU too. */
export interface ActivationCurves {
  /** The grid. */
  z: number[];
  /** The activations at z. */
  leaky: number[];
  /** PReLU(z) with α = 0.25. */
  prelu: number[];
  /** ELU(z) with α = 1. */
  elu: number[];
  /** LeakyReLU'(z). */
  dleaky: number[];
  /** PReLU'(z). */
  dprelu: number[];
  /** ELU'(z). */
  delu: number[];
  /** ReLU(z). */
  relu: number[];
  /** ReLU'(z): 0 at the kink. */
  drelu: number[];
}

/** The slopes and the grid of {@link activationCurves}; every field has the figure's value as its default. */
export interface ActivationOptions {
  /** Leaky ReLU's slope (default 0.01). */
  leakyAlpha?: number;
  /** PReLU's α (default 0.25, its initial value). */
  preluAlpha?: number;
  /** ELU's α (default 1). */
  eluAlpha?: number;
  /** The grid (default z = −3, −2.95, …, 3: 121 points, 0 among them). */
  z?: readonly number[];
}

/**
 * The `activations` figure's curves, on z = −3, −2.95, …, 3 (121 points) by default: each
 * derivative by `grad` of the sum of the activation over the grid (each output depends on its own
 * z only), never by formula. PReLU's α is a one-element weight tensor, as in `nn.PReLU`.
 *
 * @example
 * activationCurves().delu[0]; // e⁻³ ≈ 0.0498
 * activationCurves({ leakyAlpha: 0.2, z: [-1, 0, 1] }).dleaky; // [0.2, 0.2, 1]
 */
export function activationCurves(options: ActivationOptions = {}): ActivationCurves {
  const { leakyAlpha = 0.01, preluAlpha = 0.25, eluAlpha = 1 } = options;
  const z = options.z ? [...options.z] : Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);
  const gz = tensor(z);
  const weight = tensor([preluAlpha]);
  return {
    z,
    leaky: Array.from(leakyRelu(gz, leakyAlpha).data),
    prelu: Array.from(prelu(gz, weight).data),
    elu: Array.from(elu(gz, eluAlpha).data),
    dleaky: Array.from(grad((x) => sum(leakyRelu(x, leakyAlpha)))(gz).data),
    dprelu: Array.from(grad((x) => sum(prelu(x, weight)))(gz).data),
    delu: Array.from(grad((x) => sum(elu(x, eluAlpha)))(gz).data),
    relu: Array.from(relu(gz).data),
    drelu: Array.from(grad((x) => sum(relu(x)))(gz).data),
  };
}

/**
 * The limitations' ledger: `lim.kink.left`, `lim.kink.right`, `lim.kink` (0 when LeakyReLU'' is 0
 * everywhere sampled), `lim.d2.elu[z]`, `lim.params512`, `lim.linear[α]` and `lim.linear` (the
 * score at the last α).
 *
 * @example
 * limitationsLedger(limitations())['lim.params512']; // { value: 512, post: 512, status: 'ok' }
 */
export function limitationsLedger(r: LimitationsResult): Ledger {
  const { secondDerivatives: d2, linearity } = r;
  const { alphas, scores } = linearity;
  const ledger: Ledger = {
    'lim.kink.left': record(r.kink.left, 0.01, { digits: 6 }),
    'lim.kink.right': record(r.kink.right, 1, { digits: 6 }),
    'lim.kink': record(d2.leaky.every((v) => v === 0) ? 0 : Number.NaN, null, {
      status: 'claim',
      note: "Leaky ReLU'' = 0 away from 0; ELU'' = α·eᶻ below 0",
    }),
  };
  d2.z.forEach((z, i) => {
    ledger[`lim.d2.elu[${z}]`] = record(d2.elu[i]!, null, { status: 'claim' });
  });
  ledger['lim.params512'] = record(r.preluParams, 512, { digits: 0 });
  alphas.forEach((a, i) => {
    ledger[`lim.linear[${a}]`] = record(scores[i]!, null, { status: 'claim', note: 'mean ‖J(x) − J̄‖/‖J̄‖ over 256 inputs' });
  });
  ledger['lim.linear'] = record(scores[alphas.length - 1]!, null, {
    status: 'claim',
    note: `nonlinearity ${scores.map((v) => v.toFixed(3)).join(' → ')} for α = ${alphas.join(', ')}`,
  });
  return ledger;
}
