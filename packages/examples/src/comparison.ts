/**
 * Example 5 — Side-by-side comparison: the post's table, with every cell that is a number read off
 * the modules or measured. Parameter counts come from `numParameters()`; the gradient at z < 0
 * from backward; the compute cost from timing forward and forward + backward on the same input
 * (`cost.ts`: medians of repeated runs, each as a ratio to ReLU's).
 */
import { type Tensor, gradients, sum, tensor } from '@tapegrad/core';
import { LeakyReLU, PReLU, ReLU } from '@tapegrad/nn';
import type { Cost } from './cost.js';
import { type Ledger, record } from './report.js';

/** The table's computed cells, one entry per layer: ReLU, Leaky ReLU, PReLU. */
export interface ComparisonTable {
  /** PReLU's channels (one α each). */
  channels: number;
  /** `numParameters()` of ReLU, LeakyReLU and PReLU({ numParameters: channels }). */
  params: number[];
  /** The gradient that flows back through z = −1, by backward through each layer. */
  slope: number[];
}

/**
 * The layers' parameter counts and their gradient at z = −1 (by backward through each module on
 * an input of shape [1, channels] filled with −1).
 *
 * @example
 * comparisonTable(); // { channels: 64, params: [0, 0, 64], slope: [0, 0.01, 0.25] }
 */
export function comparisonTable(channels = 64): ComparisonTable {
  const layers = [new ReLU(), new LeakyReLU(), new PReLU({ numParameters: channels })];
  const slope = layers.map((m) => {
    const z = tensor([new Array<number>(channels).fill(-1)], { requiresGrad: true });
    return gradients(sum(m.forward(z) as Tensor), [z])[0]!.data[0]!;
  });
  return { channels, params: layers.map((m) => m.numParameters()), slope };
}

/**
 * The comparison's ledger: `cmp.params.relu`, `cmp.params.leaky`, `cmp.params.prelu`; with a
 * measured `cost`, `cmp.cost.<layer>.forward` and `.forwardBackward` as ratios to ReLU's; then
 * `cmp.cost` ('measured' or 'skipped').
 *
 * @example
 * comparisonLedger(comparisonTable(), null)['cmp.params.prelu'].value; // 64
 */
export function comparisonLedger(t: ComparisonTable, cost: Cost | null): Ledger {
  const ledger: Ledger = {
    'cmp.params.relu': record(t.params[0]!, 0, { digits: 0 }),
    'cmp.params.leaky': record(t.params[1]!, 0, { digits: 0 }),
    'cmp.params.prelu': record(t.params[2]!, null, {
      status: 'ok',
      note: `PReLU({ numParameters: ${t.channels} }) has ${t.params[2]}: 1 per channel`,
    }),
  };
  if (cost) {
    ['relu', 'leaky', 'prelu'].forEach((id, k) => {
      ledger[`cmp.cost.${id}.forward`] = record(cost.forward[k]! / cost.forward[0]!, null, {
        status: 'claim',
        note: "forward time as a ratio to ReLU's",
      });
      ledger[`cmp.cost.${id}.forwardBackward`] = record(cost.backward[k]! / cost.backward[0]!, null, {
        status: 'claim',
        note: "forward + backward time as a ratio to ReLU's",
      });
    });
  }
  ledger['cmp.cost'] = record(cost ? 'measured' : 'skipped', 'Fastest / +1 multiply / +backprop through α', { status: 'claim' });
  return ledger;
}
