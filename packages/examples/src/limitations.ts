/**
 * Example 6 — Honest limitations: the kink, PReLU's parameter count, and linearity as α → 1.
 */
import { defaultRng, elu, grad, leakyRelu, sum, tensor } from '@tapegrad/core';
import { PReLU } from '@tapegrad/nn';
import { mlp, nonlinearity } from './linearity.js';
import { type Report, mark, table } from './report.js';
import { plot, writeFigure } from './svg.js';

export const name = 'limitations';
export const summary = 'The kink at 0 (one-sided slopes, second derivatives by double backward), 512 PReLU parameters, and α → 1';

export function run(report: Report, print: (s: string) => void): void {
  // 1. The kink: the derivative jumps from α to 1 at z = 0.
  const h = 1e-7;
  const f = (z: number) => leakyRelu(tensor(z)).item();
  const left = (f(0) - f(-h)) / h;
  const right = (f(h) - f(0)) / h;
  const atZero = grad((z) => sum(leakyRelu(z)))(tensor(0)).item();
  report.add('lim.kink.left', left, 0.01, { digits: 6 });
  report.add('lim.kink.right', right, 1, { digits: 6 });
  print(`Leaky ReLU at z = 0: left slope ${left.toFixed(6)}, right slope ${right.toFixed(6)} (one-sided differences, h = ${h});`);
  print(`backward gives ${atZero} there (the left one, α). The derivative is discontinuous: it jumps from α to 1.`);

  // Second derivatives, by differentiating the backward pass (elementwise, so the gradient of its sum).
  const d2 = (fn: (z: ReturnType<typeof tensor>) => ReturnType<typeof tensor>) => grad((z) => sum(grad((u) => sum(fn(u)))(z)));
  const zs = [-2, -1, -0.5, 0.5, 2];
  const leaky2 = Array.from(d2((z) => leakyRelu(z))(tensor(zs)).data);
  const elu2 = Array.from(d2((z) => elu(z))(tensor(zs)).data);
  report.add('lim.kink', leaky2.every((v) => v === 0) ? 0 : NaN, null, {
    status: 'claim',
    note: "Leaky ReLU'' = 0 away from 0; ELU'' = α·eᶻ below 0",
  });
  zs.forEach((z, i) => report.add(`lim.d2.elu[${z}]`, elu2[i]!, null, { status: 'claim' }));
  print('\nSecond derivatives by double backward:');
  print(
    table(
      ['z', "LeakyReLU''", "ELU''(α = 1)", 'α·eᶻ (z < 0)'],
      zs.map((z, i) => [String(z), String(leaky2[i]), elu2[i]!.toFixed(6), z < 0 ? Math.exp(z).toFixed(6) : '—']),
    ),
  );
  print('Leaky ReLU is piecewise linear (curvature 0 on each side, all of it concentrated in the kink); ELU bends smoothly.');

  // 2. PReLU's parameter count.
  const p512 = new PReLU({ numParameters: 512 }).numParameters();
  const rec = report.add('lim.params512', p512, 512, { digits: 0 });
  print(`\nPReLU({ numParameters: 512 }).numParameters() = ${p512} ${mark(rec)}: one α per channel, each needing its own gradient signal.`);

  // 3. α → 1: the network becomes linear.
  const X = defaultRng(1).uniform(-2, 2, [256, 2]);
  const alphas = [0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1];
  const scores = alphas.map((a) => nonlinearity(mlp(a), X));
  alphas.forEach((a, i) =>
    report.add(`lim.linear[${a}]`, scores[i]!, null, { status: 'claim', note: 'mean ‖J(x) − J̄‖/‖J̄‖ over 256 inputs' }),
  );
  print('\nDeparture from linearity of one 3-hidden-layer MLP (2 → 16 → 16 → 16 → 1, same weights) as α grows:');
  print('the spread of its input-gradient J(x) = ∂f/∂x over 256 inputs, relative to the mean gradient (0 ⇔ affine).');
  print(table(['α', ...alphas.map(String)], [['nonlinearity', ...scores.map((s) => s.toFixed(4))]]));
  report.add('lim.linear', scores[alphas.length - 1]!, null, {
    status: 'claim',
    note: `nonlinearity ${scores.map((v) => v.toFixed(3)).join(' → ')} for α = ${alphas.join(', ')}`,
  });
  print(`At α = 1 every Leaky ReLU is the identity and the score is ${scores[alphas.length - 1]}: the network is one linear map.`);

  const zGrid = Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);
  const gz = tensor(zGrid);
  const path = writeFigure(
    'activations',
    plot({
      title: 'Leaky ReLU, PReLU and ELU, with their derivatives by autograd',
      xLabel: 'z',
      yLabel: 'value',
      series: [
        { name: 'LeakyReLU(z), α = 0.01', x: zGrid, y: Array.from(leakyRelu(gz).data) },
        { name: 'PReLU(z), α = 0.25', x: zGrid, y: Array.from(leakyRelu(gz, 0.25).data) },
        { name: 'ELU(z), α = 1', x: zGrid, y: Array.from(elu(gz).data) },
        { name: "LeakyReLU'(z)", x: zGrid, y: Array.from(grad((z) => sum(leakyRelu(z)))(gz).data), dashed: true },
        { name: "PReLU'(z)", x: zGrid, y: Array.from(grad((z) => sum(leakyRelu(z, 0.25)))(gz).data), dashed: true },
        { name: "ELU'(z)", x: zGrid, y: Array.from(grad((z) => sum(elu(z)))(gz).data), dashed: true },
      ],
    }),
  );
  const path2 = writeFigure(
    'linearity',
    plot({
      title: 'A 3-hidden-layer MLP becomes linear as α → 1',
      legend: 'top-right',
      xLabel: 'α (Leaky ReLU slope)',
      yLabel: 'nonlinearity score',
      series: [{ name: 'mean ‖J(x) − J̄‖ / ‖J̄‖', x: alphas, y: scores, style: 'line' }],
    }),
  );
  print(`\nFigures: ${path}, ${path2}`);
}
