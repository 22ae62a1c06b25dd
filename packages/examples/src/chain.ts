/**
 * Example 2 — Gradient recovery in the 5-layer network.
 *
 * A real chain of five one-unit layers, a_k = act(w·a_(k−1) + b), with w = 0.1 and a negative
 * bias b = −0.1 so that every pre-activation z_k is negative for both activations (the post's
 * worst case for ReLU; the bias does not enter the gradient). One backward pass from the top
 * layer gives δ_k = ∂a₅/∂a_k at every layer: each hop down multiplies by w·act'(z), which is
 * 0.1 × 0 = 0 for ReLU and 0.1 × 0.01 = 0.001 for Leaky ReLU.
 */
import { type Tensor, add, gradients, leakyRelu, mul, relu, tensor } from '@tapegrad/core';
import { type Report, mark, table } from './report.js';
import { plot, writeFigure } from './svg.js';

export const name = 'chain';
export const summary = 'The 5-layer chain with every z < 0: δ at every layer for ReLU and Leaky ReLU, by one backward pass';

const W = 0.1;
const B = -0.1;
const ALPHA = 0.01;
const LAYERS = 5;

/**
 * Runs the chain forward from the input x = −1 and returns every pre-activation z_k and
 * δ_k = ∂a₅/∂a_k (δ₅ = 1), by one backward pass from the top layer.
 */
export function layerDeltas(act: (z: Tensor) => Tensor): { z: number[]; delta: number[] } {
  const x = tensor(-1, { requiresGrad: true }); // so that every layer records
  const zs: Tensor[] = [];
  const as: Tensor[] = [];
  let a: Tensor = x;
  for (let k = 1; k <= LAYERS; k++) {
    const z = add(mul(a, W), B);
    a = act(z);
    zs.push(z);
    as.push(a);
  }
  const grads = gradients(as[LAYERS - 1]!, as);
  return { z: zs.map((t) => t.item()), delta: grads.map((g) => g.item()) };
}

export function run(report: Report, print: (s: string) => void): void {
  const reluD = layerDeltas(relu);
  const leakyD = layerDeltas((z) => leakyRelu(z, ALPHA));

  const factor = report.add('chain.factor', W * ALPHA, 0.001, { digits: 3 });
  print(`One Leaky ReLU hop multiplies δ by w·α = ${W} × ${ALPHA} = ${W * ALPHA} ${mark(factor)}`);
  print(`Pre-activations (Leaky ReLU): ${leakyD.z.map((v) => v.toPrecision(4)).join(', ')} — all < 0`);
  print(`Pre-activations (ReLU):       ${reluD.z.map((v) => v.toPrecision(4)).join(', ')} — all < 0\n`);

  // The post seeds δ = 1.0 one layer lower than our top layer: its δ₃, δ₂, δ₁ are 1, 2, 3 hops below the seed.
  const hops = (d: number[], k: number) => d[LAYERS - 1 - k]!;
  const d3 = report.add('chain.d3', hops(leakyD.delta, 1), 1e-3, {
    status: 'convention',
    note: 'δ = 1.0 seeded at the top layer; the post calls one hop below it δ₃',
  });
  const d2 = report.add('chain.d2', hops(leakyD.delta, 2), 1e-6, { status: 'convention' });
  const d1 = report.add('chain.d1', hops(leakyD.delta, 3), 1e-9, { status: 'convention' });
  const relu1 = report.add('chain.relu', reluD.delta[0]!, 0, { digits: 12 });
  report.add('chain.d1.fourHops', leakyD.delta[0]!, null, {
    status: 'convention',
    note: "four hops from the top, as the post's ReLU line counts them",
  });

  const rows = [];
  for (let k = LAYERS; k >= 1; k--) {
    const hop = LAYERS - k;
    const postLabel =
      hop === 0 ? 'seed 1.0' : hop <= 3 ? `${['δ₃', 'δ₂', 'δ₁'][hop - 1]} = ${['1e-3', '1e-6', '1e-9'][hop - 1]}` : '(not printed)';
    rows.push([`layer ${k}`, String(hop), sci(reluD.delta[k - 1]!), sci(leakyD.delta[k - 1]!), postLabel]);
  }
  print(table(['δ_k = ∂a₅/∂a_k', 'hops', 'ReLU', 'Leaky ReLU', 'post'], rows));
  print('');
  print(`Convention: δ = 1.0 sits at layer 5 (the output). The post's Leaky ReLU line seeds δ = 1.0 and walks three`);
  print(
    `hops: δ₃ = ${sci(d3.value as number)}, δ₂ = ${sci(d2.value as number)}, δ₁ = ${sci(d1.value as number)}, its three numbers, reproduced under its`,
  );
  print(`convention. Its ReLU line multiplies four factors (1.0 × 0 × 0 × 0 × 0); with four hops, Leaky ReLU gives`);
  print(`${sci(leakyD.delta[0]!)} at layer 1.`);
  print(`ReLU at layer 1: ${reluD.delta[0]} ${mark(relu1)} — exactly zero, dead. Leaky ReLU: small, but not zero.`);

  const path = writeFigure(
    'chain-delta',
    plot({
      title: 'δ per layer, every z < 0 (log scale; ReLU is exactly 0 below layer 5)',
      xLabel: 'layer k',
      yLabel: 'δ_k = ∂a₅/∂a_k',
      logY: true,
      series: [
        { name: 'Leaky ReLU (α = 0.01)', x: [1, 2, 3, 4, 5], y: leakyD.delta, style: 'line' },
        { name: 'ReLU: 0 (off the log scale) below the top', x: [5], y: [reluD.delta[4]!], style: 'points' },
      ],
    }),
  );
  print(`\nFigure: ${path}`);
}

/** 0 as 0, anything else in scientific notation with 4 significant digits. */
function sci(v: number): string {
  return v === 0 ? '0' : v.toExponential(3);
}
