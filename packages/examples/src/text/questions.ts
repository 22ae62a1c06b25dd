/** Example 7's terminal report: the five questions, answered. */
import type { QuestionsResult } from '../questions.js';
import { type Ledger, mark, table } from '../report.js';
import type { FigurePaths, Print } from './format.js';

/**
 * Prints the answers to Q1–Q5, with a mark per ledger number.
 *
 * @example
 * const r = questions();
 * printQuestions(r, questionsLedger(r), { 'prelu-alpha': 'out/prelu-alpha.svg' }, console.log);
 */
export function printQuestions(r: QuestionsResult, ledger: Ledger, figures: FigurePaths, print: Print): void {
  const m = (id: string) => mark(ledger[id]!);
  const { gradZ, gradW, deltaW } = r.q1;
  print('Q1. z = −5, α = 0.01, δ = 0.8, x = 0.3, η = 0.01 (by backward through z = w·x + b, a = LeakyReLU(z), L = δ·a):');
  print(
    `    gradient through the neuron ∂L/∂z = ${gradZ} ${m('q1.grad_z')};  ∂L/∂w = ${gradW} ${m('q1.grad_w')};  Δw = −η·∂L/∂w = ${deltaW.toExponential(3)} ${m('q1.delta_w')}`,
  );

  const { learned, slope, params, steps } = r.q2;
  const high = learned.filter((a) => a > 0.2);
  const low = learned.filter((a) => a <= 0.2);
  const err = Math.max(...learned.map((a, c) => Math.abs(a - slope[c]!)));
  print(
    `\nQ2. PReLU(${learned.length}) adds ${params} parameters. Trained (Adam, ${steps} steps) on inputs whose target keeps 40% of the negative side of ${r.q2.signal.length} channels:`,
  );
  print(
    `    ${low.length} channels learned α ≈ ${mean(low).toFixed(3)}, ${high.length} learned α ≈ ${mean(high).toFixed(3)} (max error ${err.toExponential(1)}).`,
  );
  print('    Reading: those 14 channels respond to features whose negative values carry information the next layer uses;');
  print('    the other 50 only need the positive side, so their α sinks towards 0 (≈ ReLU).');
  print(`    Figure: ${figures['prelu-alpha']}`);

  const { leaky, relu } = r.q3;
  print('\nQ3. Four layers, w = 0.5, α = 0.5, every z < 0; one hop multiplies δ by w·α = 0.25 (backward from layer 4):');
  print(
    table(
      ['', 'layer 4', 'layer 3', 'layer 2', 'layer 1', "layer 1's input"],
      [
        ['ReLU', ...[4, 3, 2, 1, 0].map((k) => String(relu[k]))],
        ['Leaky ReLU (α = 0.5)', ...[4, 3, 2, 1, 0].map((k) => String(leaky[k]))],
      ],
    ),
  );
  print(
    `    At layer 1: ReLU 0, Leaky ReLU ${leaky[1]} = 0.25³ ${m('q3.leaky')}: the post's convention, δ = 1 at the last layer and three hops;`,
  );
  print(`    counting four hops (to the input of layer 1) gives ${leaky[0]} = 0.25⁴.`);

  print('\nQ4. The diagnostic on a network where 80% of layer 3 sits below zero (activationStats over a batch of 256):');
  print(
    table(
      ['layer', 'module', 'always ≤ 0', 'negative z', 'mean z', 'std z'],
      r.q4.stats.map((s, i) => [
        String(i + 1),
        s.layer,
        `${(100 * s.deadFraction).toFixed(1)}%`,
        `${(100 * s.negativeFraction).toFixed(1)}%`,
        s.mean.toFixed(3),
        s.std.toFixed(3),
      ]),
    ),
  );
  print(`    Gradient norms after one backward: ${r.q4.norms.map((g) => `${g.name} ${g.norm.toExponential(2)}`).join(', ')}.`);
  print('    Not a Leaky ReLU failure: the units still pass gradient (× α), so they can recover; but a layer that is 80% on');
  print('    its negative side computes an almost linear map at slope α. Look at the pre-activation statistics per layer');
  print('    (a mean far below 0 points to bias drift or a too-large learning rate), the initialisation scale, the input');
  print('    normalisation, and the gradient norms per layer.');

  const { alphas, scores, losses, linearLoss } = r.q5;
  const ratios = losses.map((l) => l / linearLoss);
  print('\nQ5. Five MLPs (2 → 16 → 16 → 16 → 1) trained on y = |x₀| + x₁² (Adam, 300 steps), and a single Linear layer:');
  print(
    table(
      ['α', 'nonlinearity (from ∂f/∂x)', 'train MSE', "MSE / linear model's"],
      alphas.map((a, i) => [String(a), scores[i]!.toFixed(4), losses[i]!.toFixed(4), ratios[i]!.toFixed(2)]),
    ),
  );
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
