/**
 * Example 7 — Test your understanding: the post's five questions, answered by running them.
 */
import { type Tensor, add, defaultRng, gradients, leakyRelu, maximum, minimum, mul, relu, sum, tensor } from '@tapegrad/core';
import { Adam, LeakyReLU, Linear, PReLU, Sequential, activationStats, gradientNorms, mseLoss } from '@tapegrad/nn';
import { mlp, nonlinearity } from './linearity.js';
import { type Report, mark, table } from './report.js';
import { plot, writeFigure } from './svg.js';

export const name = 'questions';
export const summary =
  'The five questions: Q1 and Q3 by autograd, Q2 a learned α split, Q4 the dead-unit diagnostic, Q5 linearity from behaviour';

export function run(report: Report, print: (s: string) => void): void {
  q1(report, print);
  q2(report, print);
  q3(report, print);
  q4(report, print);
  q5(report, print);
}

/** Q1: α = 0.01, z = −5, upstream δ = 0.8, input x = 0.3, learning rate 0.01. */
function q1(report: Report, print: (s: string) => void): void {
  const x = 0.3;
  const w = tensor(0.5, { requiresGrad: true });
  const b = tensor(-5 - 0.5 * x, { requiresGrad: true }); // so that z = w·x + b = −5
  const z = add(mul(w, x), b);
  const a = leakyRelu(z, 0.01);
  const L = mul(a, 0.8); // makes ∂L/∂a = δ = 0.8
  const [dz, dw] = gradients(L, [z, w]);
  const gz = report.add('q1.grad_z', dz!.item(), 0.008, { digits: 6 });
  const gw = report.add('q1.grad_w', dw!.item(), 0.0024, { digits: 6 });
  const dW = -0.01 * dw!.item();
  const dwRec = report.add('q1.delta_w', dW, -2.4e-5, { digits: 9 });
  print('Q1. z = −5, α = 0.01, δ = 0.8, x = 0.3, η = 0.01 (by backward through z = w·x + b, a = LeakyReLU(z), L = δ·a):');
  print(
    `    gradient through the neuron ∂L/∂z = ${dz!.item()} ${mark(gz)};  ∂L/∂w = ${dw!.item()} ${mark(gw)};  Δw = −η·∂L/∂w = ${dW.toExponential(3)} ${mark(dwRec)}`,
  );
}

/** Q2: a per-channel PReLU learns α per channel; 14 of 64 channels carry signal on their negative side. */
function q2(report: Report, print: (s: string) => void): void {
  const C = 64;
  const rng = defaultRng(7);
  const signal = new Set(rng.permutation(C).slice(0, 14));
  const slope = Array.from({ length: C }, (_, c) => (signal.has(c) ? 0.4 : 0.01));
  const X = rng.standardNormal([512, C]);
  // The target keeps the positive side of every channel, and 40% of the negative side of 14 of them.
  const target = sum(add(maximum(X, 0), mul(minimum(X, 0), tensor(slope))), 1);
  const layer = new PReLU({ numParameters: C });
  const opt = new Adam(layer.parameters(), { lr: 0.02 });
  for (let step = 0; step < 400; step++) {
    opt.zeroGrad();
    mseLoss(sum(layer.forward(X), 1), target).backward();
    opt.step();
  }
  const learned = Array.from(layer.weight.data);
  const high = learned.filter((a) => a > 0.2).length;
  const low = learned.filter((a) => a <= 0.2).length;
  const err = Math.max(...learned.map((a, c) => Math.abs(a - slope[c]!)));
  report.add('q2.params', layer.numParameters(), 64, { digits: 0 });
  report.add('q2.split', [low, high], '50 at α ≈ 0.01, 14 at α ≈ 0.4', {
    status: 'claim',
    note: `learned α within ${err.toExponential(1)} of each channel's negative-side slope`,
  });
  print(
    `\nQ2. PReLU(${C}) adds ${layer.numParameters()} parameters. Trained (Adam, 400 steps) on inputs whose target keeps 40% of the negative side of 14 channels:`,
  );
  print(
    `    ${low} channels learned α ≈ ${mean(learned.filter((a) => a <= 0.2)).toFixed(3)}, ${high} learned α ≈ ${mean(learned.filter((a) => a > 0.2)).toFixed(3)} (max error ${err.toExponential(1)}).`,
  );
  print('    Reading: those 14 channels respond to features whose negative values carry information the next layer uses;');
  print('    the other 50 only need the positive side, so their α sinks towards 0 (≈ ReLU).');
  const path = writeFigure(
    'prelu-alpha',
    plot({
      title: 'Learned PReLU α per channel (14 of 64 carry negative-side signal)',
      legend: 'middle-right',
      xLabel: 'channel',
      yLabel: 'learned α',
      series: [
        {
          name: 'signal channels',
          x: [...signal].sort((a, b) => a - b),
          y: [...signal].sort((a, b) => a - b).map((c) => learned[c]!),
          style: 'stems',
        },
        {
          name: 'other channels',
          x: learned.map((_, c) => c).filter((c) => !signal.has(c)),
          y: learned.filter((_, c) => !signal.has(c)),
          style: 'stems',
        },
      ],
    }),
  );
  print(`    Figure: ${path}`);
}

/** Q3: a 4-layer chain with w = 0.5, α = 0.5 and every z < 0. */
function q3(report: Report, print: (s: string) => void): void {
  const run = (act: (z: Tensor) => Tensor) => {
    const x = tensor(-1, { requiresGrad: true });
    const as: Tensor[] = [];
    let a: Tensor = x;
    for (let k = 1; k <= 4; k++) {
      a = act(add(mul(a, 0.5), -0.1)); // the bias keeps every z < 0; it does not enter δ
      as.push(a);
    }
    return gradients(a, [x, ...as]).map((g) => g.item()); // [∂a₄/∂x, ∂a₄/∂a₁, …, ∂a₄/∂a₄ = 1]
  };
  const leaky = run((z) => leakyRelu(z, 0.5));
  const reluD = run(relu);
  report.add('q3.factor', 0.5 * 0.5, 0.25, { digits: 4 });
  report.add('q3.relu', reluD[1]!, 0, { digits: 8 });
  const three = report.add('q3.leaky', leaky[1]!, 0.015625, { status: 'convention', note: 'δ = 1 at layer 4; layer 1 is three hops down' });
  report.add('q3.leaky.fourHops', leaky[0]!, null, { status: 'convention', note: "four hops: to layer 1's input" });
  print('\nQ3. Four layers, w = 0.5, α = 0.5, every z < 0; one hop multiplies δ by w·α = 0.25 (backward from layer 4):');
  print(
    table(
      ['', 'layer 4', 'layer 3', 'layer 2', 'layer 1', "layer 1's input"],
      [
        ['ReLU', ...[4, 3, 2, 1, 0].map((k) => String(reluD[k]))],
        ['Leaky ReLU (α = 0.5)', ...[4, 3, 2, 1, 0].map((k) => String(leaky[k]))],
      ],
    ),
  );
  print(
    `    At layer 1: ReLU 0, Leaky ReLU ${leaky[1]} = 0.25³ ${mark(three)}: the post's convention, δ = 1 at the last layer and three hops;`,
  );
  print(`    counting four hops (to the input of layer 1) gives ${leaky[0]} = 0.25⁴.`);
}

/** Q4: most of layer 3 always negative — what the diagnostic shows and where to look. */
function q4(report: Report, print: (s: string) => void): void {
  const rng = defaultRng(3);
  const model = new Sequential(
    new Linear(4, 32, { generator: rng }),
    new LeakyReLU(),
    new Linear(32, 32, { generator: rng }),
    new LeakyReLU(),
    new Linear(32, 32, { generator: rng }),
    new LeakyReLU(),
    new Linear(32, 1, { generator: rng }),
  );
  // What a too-large step or a bias drift leaves behind: 80% of layer 3's biases far below zero.
  const layer3 = model.children()[4] as Linear;
  const shift = rng.permutation(32).slice(0, Math.round(0.8 * 32));
  for (const u of shift) layer3.bias!.data[u] = -5;
  const X = rng.standardNormal([256, 4]);
  const stats = activationStats(model, X);
  report.add('q4.dead_fraction', stats[2]!.deadFraction, 0.8, {
    status: 'claim',
    note: 'fraction of layer-3 units with z ≤ 0 for every input',
  });
  print('\nQ4. The diagnostic on a network where 80% of layer 3 sits below zero (activationStats over a batch of 256):');
  print(
    table(
      ['layer', 'module', 'always ≤ 0', 'negative z', 'mean z', 'std z'],
      stats.map((s, i) => [
        String(i + 1),
        s.layer,
        `${(100 * s.deadFraction).toFixed(1)}%`,
        `${(100 * s.negativeFraction).toFixed(1)}%`,
        s.mean.toFixed(3),
        s.std.toFixed(3),
      ]),
    ),
  );
  mseLoss(model.forward(X) as Tensor, X.sum(1, true)).backward();
  const norms = gradientNorms(model).filter((g) => g.name.endsWith('weight'));
  print(`    Gradient norms after one backward: ${norms.map((g) => `${g.name} ${g.norm!.toExponential(2)}`).join(', ')}.`);
  print('    Not a Leaky ReLU failure: the units still pass gradient (× α), so they can recover; but a layer that is 80% on');
  print('    its negative side computes an almost linear map at slope α. Look at the pre-activation statistics per layer');
  print('    (a mean far below 0 points to bias drift or a too-large learning rate), the initialisation scale, the input');
  print('    normalisation, and the gradient norms per layer.');
}

/** Q5: detect α → 1 from the network's behaviour, without reading α. */
function q5(report: Report, print: (s: string) => void): void {
  const rng = defaultRng(11);
  const X = rng.uniform(-2, 2, [256, 2]);
  const x0 = X.select(1, 0);
  const x1 = X.select(1, 1);
  const y = add(x0.abs(), mul(x1, x1)).reshape([256, 1]); // |x0| + x1²: not linear
  const alphas = [0.01, 0.3, 0.7, 0.9, 1];
  const rows: string[][] = [];
  const fit = (model: Sequential | Linear) => {
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    let loss = 0;
    for (let step = 0; step < 300; step++) {
      opt.zeroGrad();
      const l = mseLoss(model.forward(X) as Tensor, y);
      loss = l.item();
      l.backward();
      opt.step();
    }
    return loss;
  };
  const linearLoss = fit(new Linear(2, 1, { generator: defaultRng(12) }));
  const scores: number[] = [];
  const ratios: number[] = [];
  for (const alpha of alphas) {
    const model = mlp(alpha);
    const loss = fit(model);
    const score = nonlinearity(model, X);
    scores.push(score);
    report.add(`q5.linearity[${alpha}]`, score, null, { status: 'claim', note: 'nonlinearity score of the trained network' });
    rows.push([String(alpha), score.toFixed(4), loss.toFixed(4), (loss / linearLoss).toFixed(2)]);
    ratios.push(loss / linearLoss);
  }
  report.add('q5.linearity', scores[alphas.length - 1]!, null, { status: 'claim', note: 'at α = 1 the trained network is exactly affine' });
  print('\nQ5. Five MLPs (2 → 16 → 16 → 16 → 1) trained on y = |x₀| + x₁² (Adam, 300 steps), and a single Linear layer:');
  print(table(['α', 'nonlinearity (from ∂f/∂x)', 'train MSE', "MSE / linear model's"], rows));
  print(`    The linear model's MSE is ${linearLoss.toFixed(4)}. Without reading α: measure how much the input-gradient ∂f/∂x`);
  print("    varies across inputs (0 for a linear network), and compare the loss with a linear model's. When the");
  print('    score collapses and the loss approaches the linear baseline, the non-linearity has stopped doing work.');
  const working = alphas.filter((_, i) => ratios[i]! < 0.1);
  const failing = alphas.filter((_, i) => ratios[i]! >= 0.5);
  print(`    On this task, α = ${working.join(', ')} still reach less than a tenth of a linear model's MSE; at α = ${failing.join(', ')}`);
  print(
    `    the MSE is ${failing.map((a) => ratios[alphas.indexOf(a)]!.toFixed(2)).join(', ')} of it: the practical concern starts close to 1, and the ratio shows it.`,
  );
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
