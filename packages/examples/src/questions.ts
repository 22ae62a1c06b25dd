/**
 * Example 7 — Test your understanding: the post's five questions, answered by running them.
 * One pure function per question; `questionsLedger` records their numbers under the ledger's ids.
 */
import { type Tensor, add, defaultRng, gradients, leakyRelu, maximum, minimum, mul, noGrad, relu, sum, tensor } from '@tapegrad/core';
import { Adam, LeakyReLU, Linear, PReLU, Sequential, activationStats, gradientNorms, mseLoss } from '@tapegrad/nn';
import { mlp, nonlinearity } from './linearity.js';
import { type Ledger, record } from './report.js';

/** Q1's answer: the gradients through one Leaky ReLU neuron and the weight update. */
export interface Q1Result {
  /** ∂L/∂z = δ·α for z < 0. */
  gradZ: number;
  /** ∂L/∂w = δ·α·x. */
  gradW: number;
  /** Δw = −η·∂L/∂w. */
  deltaW: number;
}

/**
 * Q1 by backward through z = w·x + b, a = LeakyReLU(z), L = δ·a (so ∂L/∂a = δ), with b chosen so
 * that z is the question's pre-activation.
 *
 * @example
 * q1(); // { gradZ: 0.008, gradW: 0.0024, deltaW: -0.000023999999999999997 }
 */
export function q1(z = -5, alpha = 0.01, delta = 0.8, x = 0.3, lr = 0.01): Q1Result {
  const w = tensor(0.5, { requiresGrad: true });
  const b = tensor(z - 0.5 * x, { requiresGrad: true }); // so that z = w·x + b
  const zt = add(mul(w, x), b);
  const L = mul(leakyRelu(zt, alpha), delta); // makes ∂L/∂a = δ
  const [dz, dw] = gradients(L, [zt, w]);
  return { gradZ: dz!.item(), gradW: dw!.item(), deltaW: -lr * dw!.item() };
}

/** Q2's answer: the α a per-channel PReLU learns, one per channel. */
export interface Q2Result {
  /** The learned α of each channel (length `channels`). */
  learned: number[];
  /** The channels whose target keeps part of the negative side, sorted. */
  signal: number[];
  /** The target's negative-side slope per channel (0.4 on signal channels, 0.01 elsewhere). */
  slope: number[];
  /** `numParameters()` of the layer. */
  params: number;
  /** Adam steps taken. */
  steps: number;
}

/** Q2's training, one Adam step at a time: {@link q2} runs it to the end, a page can step it. */
export interface Q2Training {
  /** The channels whose target keeps part of the negative side, sorted. */
  signal: number[];
  /** The target's negative-side slope per channel (0.4 on signal channels, 0.01 elsewhere). */
  slope: number[];
  /** The layer being trained: one α per channel, 0.25 each at the start. */
  layer: PReLU;
  /** Adam steps taken so far. */
  steps: number;
  /** One Adam step on the MSE loss; returns the loss before it. */
  step(): number;
  /** The loss at the current α, without a step. */
  loss(): number;
}

/**
 * Q2's data, layer and optimizer: inputs whose target keeps 40% of the negative side of `signal`
 * channels chosen at random (`defaultRng(seed)`) and 1% of the others, a PReLU with one α per
 * channel, and Adam (lr 0.02), ready to take steps.
 *
 * @example
 * const t = q2Training();
 * const before = t.step();
 * t.loss() < before; // true
 */
export function q2Training(channels = 64, signal = 14, seed = 7): Q2Training {
  const rng = defaultRng(seed);
  const chosen = new Set(rng.permutation(channels).slice(0, signal));
  const slope = Array.from({ length: channels }, (_, c) => (chosen.has(c) ? 0.4 : 0.01));
  const X = rng.standardNormal([512, channels]);
  // The target keeps the positive side of every channel, and 40% of the negative side of `signal` of them.
  const target = sum(add(maximum(X, 0), mul(minimum(X, 0), tensor(slope))), 1);
  const layer = new PReLU({ numParameters: channels });
  const opt = new Adam(layer.parameters(), { lr: 0.02 });
  const objective = () => mseLoss(sum(layer.forward(X), 1), target);
  return {
    signal: [...chosen].sort((a, b) => a - b),
    slope,
    layer,
    steps: 0,
    step() {
      opt.zeroGrad();
      const loss = objective();
      loss.backward();
      opt.step();
      this.steps++;
      return loss.item();
    },
    loss: () => noGrad(() => objective().item()),
  };
}

/**
 * Q2: a PReLU with one α per channel, trained by Adam (lr 0.02) for `steps` steps of
 * {@link q2Training}: inputs whose target keeps 40% of the negative side of `signal` channels chosen
 * at random (`defaultRng(seed)`) and 1% of the others.
 *
 * @example
 * const r = q2();
 * r.learned.filter((a) => a > 0.2).length; // 14
 */
export function q2(channels = 64, signal = 14, seed = 7, steps = 400): Q2Result {
  const training = q2Training(channels, signal, seed);
  for (let step = 0; step < steps; step++) training.step();
  const { layer } = training;
  return { learned: Array.from(layer.weight.data), signal: training.signal, slope: training.slope, params: layer.numParameters(), steps };
}

/**
 * Q3: a chain of `layers` one-unit layers with weight `w`, slope α and every z < 0; returns
 * [∂a_L/∂x, ∂a_L/∂a₁, …, ∂a_L/∂a_L = 1] (length layers + 1) by one backward pass.
 *
 * @example
 * q3Deltas((z) => leakyRelu(z, 0.5)); // [0.00390625, 0.015625, 0.0625, 0.25, 1]
 */
export function q3Deltas(act: (z: Tensor) => Tensor, w = 0.5, layers = 4): number[] {
  const x = tensor(-1, { requiresGrad: true });
  const as: Tensor[] = [];
  let a: Tensor = x;
  for (let k = 1; k <= layers; k++) {
    a = act(add(mul(a, w), -0.1)); // the bias keeps every z < 0; it does not enter δ
    as.push(a);
  }
  return gradients(a, [x, ...as]).map((g) => g.item());
}

/** Q3's answer: the factor per hop and δ per layer for both activations (see {@link q3Deltas}). */
export interface Q3Result {
  /** w·α. */
  factor: number;
  /** With Leaky ReLU(α). */
  leaky: number[];
  /** With ReLU. */
  relu: number[];
}

/**
 * Q3 for both activations.
 *
 * @example
 * q3().leaky[1]; // 0.015625 = 0.25³: layer 1, three hops below δ = 1
 */
export function q3(w = 0.5, alpha = 0.5, layers = 4): Q3Result {
  return { factor: w * alpha, leaky: q3Deltas((z) => leakyRelu(z, alpha), w, layers), relu: q3Deltas(relu, w, layers) };
}

/** One activation layer's pre-activation statistics (from `activationStats`), as plain data. */
export interface LayerStats {
  /** The module as printed. */
  layer: string;
  /** Share of units with z ≤ 0 for every input. */
  deadFraction: number;
  /** Share of negative z over the batch. */
  negativeFraction: number;
  /** Mean of z. */
  mean: number;
  /** Standard deviation of z. */
  std: number;
}

/** Q4's answer: the diagnostic per activation layer, and each weight's gradient norm. */
export interface Q4Result {
  /** One entry per Leaky ReLU, first layer first. */
  stats: LayerStats[];
  /** ‖∂L/∂W‖₂ per weight matrix, after one backward. */
  norms: { name: string; norm: number }[];
}

/**
 * Q4: a 4 → 32 → 32 → 32 → 1 Leaky ReLU MLP (`defaultRng(seed)`) with `deadShare` of layer 3's
 * biases set to −5, then `activationStats` over 256 inputs and the weights' gradient norms after
 * one backward of an MSE loss.
 *
 * @example
 * q4().stats[2].deadFraction; // 0.875: at least the 80% pushed below zero
 */
export function q4(seed = 3, deadShare = 0.8): Q4Result {
  const rng = defaultRng(seed);
  const model = new Sequential(
    new Linear(4, 32, { generator: rng }),
    new LeakyReLU(),
    new Linear(32, 32, { generator: rng }),
    new LeakyReLU(),
    new Linear(32, 32, { generator: rng }),
    new LeakyReLU(),
    new Linear(32, 1, { generator: rng }),
  );
  // What a too-large step or a bias drift leaves behind: most of layer 3's biases far below zero.
  const layer3 = model.children()[4] as Linear;
  for (const u of rng.permutation(32).slice(0, Math.round(deadShare * 32))) layer3.bias!.data[u] = -5;
  const X = rng.standardNormal([256, 4]);
  const stats = activationStats(model, X).map(({ layer, deadFraction, negativeFraction, mean, std }) => ({
    layer,
    deadFraction,
    negativeFraction,
    mean,
    std,
  }));
  mseLoss(model.forward(X) as Tensor, X.sum(1, true)).backward();
  const norms = gradientNorms(model)
    .filter((g) => g.name.endsWith('weight'))
    .map((g) => ({ name: g.name, norm: g.norm! }));
  return { stats, norms };
}

/** Q5's answer: per α, the trained MLP's nonlinearity score and loss, and a linear model's loss. */
export interface Q5Result {
  /** The slopes tried. */
  alphas: number[];
  /** Nonlinearity score of each trained MLP (see `nonlinearity`). */
  scores: number[];
  /** Final training MSE of each MLP. */
  losses: number[];
  /** Final training MSE of one Linear(2, 1). */
  linearLoss: number;
}

/**
 * Q5: MLPs 2 → 16 → 16 → 16 → 1 (`mlp(α)`) and one Linear layer trained by Adam (lr 0.01, `steps`
 * steps) on y = |x₀| + x₁² over 256 inputs uniform on [−2, 2]² (`defaultRng(seed)`), then each
 * MLP's nonlinearity score read from its input-gradients.
 *
 * @example
 * q5().scores.at(-1); // ≈ 0: at α = 1 the trained network is affine
 */
export function q5(alphas: readonly number[] = [0.01, 0.3, 0.7, 0.9, 1], seed = 11, steps = 300): Q5Result {
  const X = defaultRng(seed).uniform(-2, 2, [256, 2]);
  const y = add(X.select(1, 0).abs(), mul(X.select(1, 1), X.select(1, 1))).reshape([256, 1]); // |x0| + x1²: not linear
  const fit = (model: Sequential | Linear) => {
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    let loss = 0;
    for (let step = 0; step < steps; step++) {
      opt.zeroGrad();
      const l = mseLoss(model.forward(X) as Tensor, y);
      loss = l.item();
      l.backward();
      opt.step();
    }
    return loss;
  };
  const linearLoss = fit(new Linear(2, 1, { generator: defaultRng(seed + 1) }));
  const scores: number[] = [];
  const losses: number[] = [];
  for (const alpha of alphas) {
    const model = mlp(alpha);
    losses.push(fit(model));
    scores.push(nonlinearity(model, X));
  }
  return { alphas: [...alphas], scores, losses, linearLoss };
}

/** The five answers together. */
export interface QuestionsResult {
  /** Q1. */
  q1: Q1Result;
  /** Q2. */
  q2: Q2Result;
  /** Q3. */
  q3: Q3Result;
  /** Q4. */
  q4: Q4Result;
  /** Q5. */
  q5: Q5Result;
}

/**
 * All five questions with the post's values.
 *
 * @example
 * questions().q3.factor; // 0.25
 */
export function questions(): QuestionsResult {
  return { q1: q1(), q2: q2(), q3: q3(), q4: q4(), q5: q5() };
}

/**
 * The questions' ledger: `q1.grad_z`, `q1.grad_w`, `q1.delta_w`; `q2.params`, `q2.split` ([channels
 * with α ≤ 0.2, channels above]); `q3.factor`, `q3.relu`, `q3.leaky`, `q3.leaky.fourHops`;
 * `q4.dead_fraction`; `q5.linearity[α]` and `q5.linearity`.
 *
 * @example
 * questionsLedger(questions())['q2.split'].value; // [50, 14]
 */
export function questionsLedger(r: QuestionsResult): Ledger {
  const { learned, slope } = r.q2;
  const err = Math.max(...learned.map((a, c) => Math.abs(a - slope[c]!)));
  const ledger: Ledger = {
    'q1.grad_z': record(r.q1.gradZ, 0.008, { digits: 6 }),
    'q1.grad_w': record(r.q1.gradW, 0.0024, { digits: 6 }),
    'q1.delta_w': record(r.q1.deltaW, -2.4e-5, { digits: 9 }),
    'q2.params': record(r.q2.params, 64, { digits: 0 }),
    'q2.split': record([learned.filter((a) => a <= 0.2).length, learned.filter((a) => a > 0.2).length], '50 at α ≈ 0.01, 14 at α ≈ 0.4', {
      status: 'claim',
      note: `learned α within ${err.toExponential(1)} of each channel's negative-side slope`,
    }),
    'q3.factor': record(r.q3.factor, 0.25, { digits: 4 }),
    'q3.relu': record(r.q3.relu[1]!, 0, { digits: 8 }),
    'q3.leaky': record(r.q3.leaky[1]!, 0.015625, { status: 'convention', note: 'δ = 1 at layer 4; layer 1 is three hops down' }),
    'q3.leaky.fourHops': record(r.q3.leaky[0]!, null, { status: 'convention', note: "four hops: to layer 1's input" }),
    'q4.dead_fraction': record(r.q4.stats[2]!.deadFraction, 0.8, {
      status: 'claim',
      note: 'fraction of layer-3 units with z ≤ 0 for every input',
    }),
  };
  r.q5.alphas.forEach((alpha, i) => {
    ledger[`q5.linearity[${alpha}]`] = record(r.q5.scores[i]!, null, {
      status: 'claim',
      note: 'nonlinearity score of the trained network',
    });
  });
  ledger['q5.linearity'] = record(r.q5.scores[r.q5.alphas.length - 1]!, null, {
    status: 'claim',
    note: 'at α = 1 the trained network is exactly affine',
  });
  return ledger;
}
