/**
 * Example 1 — Leaky ReLU: forward values and gradient (the post's Table 1 and its second code block).
 *
 * Every gradient below comes out of `backward()`: the six anchors go through `leakyRelu` as one
 * tensor, the sum of the outputs is differentiated, and `z.grad` holds LeakyReLU'(z) for each z.
 */
import { grad, leakyRelu, linspace, relu, sum, tensor } from '@tapegrad/core';
import { plot, writeFigure } from './svg.js';
import { type Report, mark, table } from './report.js';

export const name = 'forward';
export const summary = "Table 1: ReLU, Leaky ReLU and Leaky ReLU' at the six anchors, the gradient by autograd";

/** The post's anchors and its printed Table 1. */
export const ANCHORS = [-3, -1, 0, 0.5, 1, 3] as const;
const POST = {
  relu: [0, 0, 0, 0.5, 1, 3],
  leaky: [-0.03, -0.01, 0, 0.5, 1, 3],
  dleaky: [0.01, 0.01, 0.01, 1, 1, 1],
};

export function run(report: Report, print: (s: string) => void): void {
  const alpha = 0.01;
  report.add('alpha.default', alpha, 0.01, { digits: 2 });
  report.add('anchors', [...ANCHORS], null);

  const z = tensor([...ANCHORS], { requiresGrad: true, name: 'z' });
  const reluOut = relu(z);
  const leakyOut = leakyRelu(z, alpha);
  leakyOut.sum().backward(); // d(Σ a)/dz_i = LeakyReLU'(z_i): each output depends on its own z only
  const dleaky = z.grad!;

  const rows = ANCHORS.map((zv, i) => {
    const r = report.add(`t1.relu[${zv}]`, reluOut.data[i]!, POST.relu[i]!, { digits: 4 });
    const l = report.add(`t1.leaky[${zv}]`, leakyOut.data[i]!, POST.leaky[i]!, { digits: 4 });
    const d = report.add(`t1.dleaky[${zv}]`, dleaky.data[i]!, POST.dleaky[i]!, { digits: 2 });
    return [
      zv.toFixed(1),
      reluOut.data[i]!.toFixed(4),
      mark(r),
      leakyOut.data[i]!.toFixed(4),
      mark(l),
      dleaky.data[i]!.toFixed(2),
      mark(d),
    ];
  });
  const gradAtMinus1 = report.add('grad.z=-1', dleaky.data[1]!, 0.01, { digits: 2 });

  print(table(['z', 'ReLU', '', 'Leaky(0.01)', '', "Leaky'", ''], rows));
  print('');
  print(`LeakyReLU'(-1) = ${dleaky.data[1]} ${mark(gradAtMinus1)}   (not 0: the neuron still learns)`);
  print(
    `LeakyReLU'(0)  = ${dleaky.data[2]}   the gradient at the kink is α, the post's footnote and PyTorch's convention (z > 0 is tested)`,
  );
  print("Note: the post's second code block uses a backslash inside an f-string expression, which Python < 3.12 rejects.");

  const grid = linspace(-3, 3, 241);
  const zs = Array.from(grid.data);
  const path = writeFigure(
    'leaky-relu',
    plot({
      title: "ReLU and Leaky ReLU (α = 0.01), with Leaky ReLU' by autograd",
      xLabel: 'z',
      yLabel: 'value',
      series: [
        { name: 'ReLU(z)', x: zs, y: Array.from(relu(grid).data) },
        { name: 'LeakyReLU(z)', x: zs, y: Array.from(leakyRelu(grid).data), dashed: true },
        { name: "LeakyReLU'(z): α below 0 (and at 0), 1 above", x: zs, y: Array.from(grad((z) => sum(leakyRelu(z)))(grid).data) },
      ],
    }),
  );
  print(`\nFigure: ${path}`);
}
