/** Example 6's terminal report: the kink, second derivatives, PReLU's parameters, linearity as α → 1. */
import type { LimitationsResult } from '../limitations.js';
import { type Ledger, mark, table } from '../report.js';
import type { FigurePaths, Print } from './format.js';

/**
 * Prints the three limitations and where the two figures were written.
 *
 * @example
 * const r = limitations();
 * printLimitations(r, limitationsLedger(r), { activations: 'a.svg', linearity: 'l.svg' }, console.log);
 */
export function printLimitations(r: LimitationsResult, ledger: Ledger, figures: FigurePaths, print: Print): void {
  const { left, right, h, atZero } = r.kink;
  print(`Leaky ReLU at z = 0: left slope ${left.toFixed(6)}, right slope ${right.toFixed(6)} (one-sided differences, h = ${h});`);
  print(`backward gives ${atZero} there (the left one, α). The derivative is discontinuous: it jumps from α to 1.`);

  const { z: zs, leaky: leaky2, elu: elu2 } = r.secondDerivatives;
  print('\nSecond derivatives by double backward:');
  print(
    table(
      ['z', "LeakyReLU''", "ELU''(α = 1)", 'α·eᶻ (z < 0)'],
      zs.map((z, i) => [String(z), String(leaky2[i]), elu2[i]!.toFixed(6), z < 0 ? Math.exp(z).toFixed(6) : '—']),
    ),
  );
  print('Leaky ReLU is piecewise linear (curvature 0 on each side, all of it concentrated in the kink); ELU bends smoothly.');

  const p = r.preluParams;
  print(
    `\nPReLU({ numParameters: ${p} }).numParameters() = ${p} ${mark(ledger['lim.params512']!)}: one α per channel, each needing its own gradient signal.`,
  );

  const { alphas, scores } = r.linearity;
  print('\nDeparture from linearity of one 3-hidden-layer MLP (2 → 16 → 16 → 16 → 1, same weights) as α grows:');
  print('the spread of its input-gradient J(x) = ∂f/∂x over 256 inputs, relative to the mean gradient (0 ⇔ affine).');
  print(table(['α', ...alphas.map(String)], [['nonlinearity', ...scores.map((s) => s.toFixed(4))]]));
  print(`At α = 1 every Leaky ReLU is the identity and the score is ${scores[alphas.length - 1]}: the network is one linear map.`);
  print(`\nFigures: ${figures.activations}, ${figures.linearity}`);
}
