/**
 * Example 3 — PReLU: Table 2, ∂a/∂z and ∂a/∂α per anchor by autograd, and one optimizer step on a
 * shared α.
 *
 * PReLU is Leaky ReLU with α a parameter: the same tape entry gives a gradient for z and for α.
 * ∂a/∂α is z where z ≤ 0 and 0 where z > 0; summed over the six anchors with one shared α, it is
 * −3 − 1 + 0 = −4, and gradient descent moves α by −η·(−4).
 */
import { gradients, leakyRelu, linspace, prelu, sum, tensor } from '@tapegrad/core';
import { plot, writeFigure } from './svg.js';
import { PReLU, SGD } from '@tapegrad/nn';
import { ANCHORS } from './forward.js';
import { type Report, mark, table } from './report.js';

export const name = 'prelu';
export const summary = "Table 2 and PReLU's two gradients (∂a/∂z, ∂a/∂α) by autograd; one SGD step on a shared α";

export function run(report: Report, print: (s: string) => void): void {
  report.add('alpha.prelu_init', new PReLU().weight.item(), 0.25, { digits: 2 });

  // Table 2: the same anchors through Leaky ReLU (α = 0.01) and PReLU with α = 0.25 and 0.5.
  const z = tensor([...ANCHORS]);
  const leaky = leakyRelu(z, 0.01);
  const p25 = prelu(z, tensor([0.25]));
  const p50 = prelu(z, tensor([0.5]));
  const rows = ANCHORS.map((zv, i) => {
    const l = report.add(`t2.leaky[${zv}]`, leaky.data[i]!, zv > 0 ? zv : 0.01 * zv, { digits: 4 });
    const a = report.add(`t2.prelu25[${zv}]`, p25.data[i]!, zv > 0 ? zv : 0.25 * zv, { digits: 3 });
    const b = report.add(`t2.prelu50[${zv}]`, p50.data[i]!, zv > 0 ? zv : 0.5 * zv, { digits: 3 });
    return [String(zv), leaky.data[i]!.toFixed(4), mark(l), p25.data[i]!.toFixed(3), mark(a), p50.data[i]!.toFixed(3), mark(b)];
  });
  print(table(['z', 'LeakyReLU(α=0.01)', '', 'PReLU(α=0.25)', '', 'PReLU(α=0.5)', ''], rows));

  // Per-anchor derivatives: give each anchor its own α (one "channel" each, shape [1, 6]), so that
  // ∂(Σ a)/∂α_c is ∂a_c/∂α_c; and ∂(Σ a)/∂z_c is ∂a_c/∂z_c.
  const zs = tensor([[...ANCHORS]], { requiresGrad: true });
  const alphas = tensor(
    ANCHORS.map(() => 0.25),
    { requiresGrad: true },
  );
  const [dz, dalpha] = gradients(sum(prelu(zs, alphas)), [zs, alphas]);
  print('\nPReLU with α = 0.25, gradients by backward (upstream δ = 1):');
  const drows = ANCHORS.map((zv, i) => {
    const a = report.add(`prelu.dz[${zv}]`, dz!.data[i]!, zv > 0 ? 1 : 0.25, { digits: 2 });
    const b = report.add(`prelu.dalpha[${zv}]`, dalpha!.data[i]!, zv > 0 ? 0 : zv, { digits: 2 });
    return [String(zv), dz!.data[i]!.toFixed(2), mark(a), dalpha!.data[i]!.toFixed(2), mark(b)];
  });
  print(table(['z', '∂a/∂z', '', '∂a/∂α', ''], drows));
  print(
    '(the post prints ∂a/∂z as "1 for z > 0, α for z ≤ 0" and ∂a/∂α as "δ·z for z ≤ 0"; both agree, and at z = 0 both readings give 0 for ∂a/∂α)',
  );

  // One shared α, learned: an nn.PReLU layer and one step of SGD on L = Σ a.
  const layer = new PReLU(); // α = 0.25, one parameter
  const lr = 0.1;
  const opt = new SGD(layer.parameters(), { lr });
  const before = layer.weight.item();
  sum(layer.forward(tensor([...ANCHORS]))).backward();
  const g = layer.weight.grad!.item();
  opt.step();
  const after = layer.weight.item();
  const s = report.add('prelu.dalpha.sum', g, null, { status: 'ok' });
  const step = report.add('prelu.step', after, null, { status: 'ok', note: `α ← α − η·∂L/∂α with η = ${lr}` });
  print(`\nOne shared α, L = Σ PReLU(z): ∂L/∂α = ${g} (−3 − 1 + 0) ${mark(s)}`);
  print(
    `One SGD step, η = ${lr}: α = ${before} → ${after}  (= 0.25 − ${lr}·(${g}) = ${0.25 - lr * g}) ${after === 0.25 - lr * g ? '✓' : '✗'}`,
  );
  void step;

  const cite = report.add('he2015', 1.2, 1.2, {
    status: 'citation',
    note: 'He et al. 2015 (arXiv:1502.01852): top-1 error 33.82% → 32.64% on their 14-layer "model A"; the paper predates ResNet, so "for ResNet" is wrong',
  });
  print(`\nCitation: "+1.2% top-1 vs ReLU, for ResNet" ${mark(cite)} — ${cite.note}. Not reproducible on a laptop; stated, not computed.`);

  const grid = linspace(-3, 3, 121);
  const xs = Array.from(grid.data);
  const path = writeFigure(
    'prelu',
    plot({
      title: 'Table 2 as curves: Leaky ReLU (α = 0.01) and PReLU (α = 0.25, 0.5)',
      xLabel: 'z',
      yLabel: 'activation',
      series: [
        { name: 'LeakyReLU, α = 0.01', x: xs, y: Array.from(leakyRelu(grid, 0.01).data) },
        { name: 'PReLU, α = 0.25', x: xs, y: Array.from(prelu(grid, tensor([0.25])).data) },
        { name: 'PReLU, α = 0.5', x: xs, y: Array.from(prelu(grid, tensor([0.5])).data) },
      ],
    }),
  );
  print(`\nFigure: ${path}`);
}
