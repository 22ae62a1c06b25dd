/**
 * Example 1 — Leaky ReLU: forward values and gradient (the post's Table 1 and its second code block).
 *
 * Every gradient below comes out of `backward()`: the six anchors go through `leakyRelu` as one
 * tensor, the sum of the outputs is differentiated, and `z.grad` holds LeakyReLU'(z) for each z.
 */
import { grad, leakyRelu, linspace, relu, sum, tensor } from '@tapegrad/core';
import { type Ledger, record } from './report.js';

/** The post's anchors: the z values of Tables 1 and 2. */
export const ANCHORS = [-3, -1, 0, 0.5, 1, 3] as const;
/** The post's printed Table 1, one entry per anchor. */
const POST = {
  relu: [0, 0, 0, 0.5, 1, 3],
  leaky: [-0.03, -0.01, 0, 0.5, 1, 3],
  dleaky: [0.01, 0.01, 0.01, 1, 1, 1],
};

/** Table 1: one entry per anchor z, in the order given. */
export interface ForwardTable {
  /** Leaky ReLU's slope below 0. */
  alpha: number;
  /** The anchors. */
  z: number[];
  /** ReLU(z) = max(z, 0). */
  relu: number[];
  /** LeakyReLU(z) = z if z > 0 else α·z. */
  leaky: number[];
  /** LeakyReLU'(z) by backward: 1 if z > 0 else α (α at the kink). */
  dleaky: number[];
}

/**
 * Table 1 by autograd: ReLU and Leaky ReLU at each anchor, and LeakyReLU'(z) from one backward
 * pass of Σ LeakyReLU(z) (each output depends on its own z only, so ∂Σa/∂z_i = LeakyReLU'(z_i)).
 * Arrays have one entry per anchor.
 *
 * @example
 * forwardTable().dleaky; // [0.01, 0.01, 0.01, 1, 1, 1]
 * forwardTable([-2], 0.1).leaky; // [-0.2]
 */
export function forwardTable(anchors: readonly number[] = ANCHORS, alpha = 0.01): ForwardTable {
  const z = tensor([...anchors], { requiresGrad: true, name: 'z' });
  const reluOut = relu(z);
  const leakyOut = leakyRelu(z, alpha);
  leakyOut.sum().backward(); // d(Σ a)/dz_i = LeakyReLU'(z_i): each output depends on its own z only
  return {
    alpha,
    z: [...anchors],
    relu: Array.from(reluOut.data),
    leaky: Array.from(leakyOut.data),
    dleaky: Array.from(z.grad!.data),
  };
}

/** ReLU, Leaky ReLU and LeakyReLU' sampled on a grid: four arrays of the grid's length. */
export interface ForwardCurves {
  /** The grid. */
  z: number[];
  /** ReLU(z). */
  relu: number[];
  /** LeakyReLU(z). */
  leaky: number[];
  /** LeakyReLU'(z), by `grad`. */
  dleaky: number[];
}

/**
 * The curves of the `leaky-relu` figure: ReLU, Leaky ReLU (slope α) and LeakyReLU' by `grad`, on
 * `points` evenly spaced z from `from` to `to`.
 *
 * @example
 * const c = forwardCurves(); // 241 points on [−3, 3]
 * c.dleaky[0]; // 0.01
 */
export function forwardCurves(alpha = 0.01, from = -3, to = 3, points = 241): ForwardCurves {
  const grid = linspace(from, to, points);
  return {
    z: Array.from(grid.data),
    relu: Array.from(relu(grid).data),
    leaky: Array.from(leakyRelu(grid, alpha).data),
    dleaky: Array.from(grad((z) => sum(leakyRelu(z, alpha)))(grid).data),
  };
}

/**
 * Table 1's ledger: `alpha.default`, `anchors`, then `t1.relu[z]`, `t1.leaky[z]`, `t1.dleaky[z]`
 * per anchor (checked against the post's printed table, where it prints the anchor), and `grad.z=-1`.
 *
 * @example
 * forwardLedger(forwardTable())['t1.dleaky[0]']; // { value: 0.01, post: 0.01, status: 'ok' }
 */
export function forwardLedger(t: ForwardTable): Ledger {
  const ledger: Ledger = {
    'alpha.default': record(t.alpha, 0.01, { digits: 2 }),
    anchors: record([...t.z], null),
  };
  t.z.forEach((zv, i) => {
    const k = ANCHORS.indexOf(zv as (typeof ANCHORS)[number]);
    const post = (column: number[]) => (k < 0 ? null : column[k]!);
    ledger[`t1.relu[${zv}]`] = record(t.relu[i]!, post(POST.relu), { digits: 4 });
    ledger[`t1.leaky[${zv}]`] = record(t.leaky[i]!, post(POST.leaky), { digits: 4 });
    ledger[`t1.dleaky[${zv}]`] = record(t.dleaky[i]!, post(POST.dleaky), { digits: 2 });
  });
  const m1 = t.z.indexOf(-1);
  if (m1 >= 0) ledger['grad.z=-1'] = record(t.dleaky[m1]!, 0.01, { digits: 2 });
  return ledger;
}
