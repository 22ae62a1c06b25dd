/** Example 5's terminal report: the post's side-by-side table with the computed and measured cells. */
import type { ComparisonTable } from '../comparison.js';
import type { Cost } from '../cost.js';
import { table } from '../report.js';
import type { Print } from './format.js';

/**
 * Prints the table; the cost rows read 'skipped' without a measurement (`cost` null).
 *
 * @example
 * printComparison(comparisonTable(), null, console.log);
 */
export function printComparison(t: ComparisonTable, cost: Cost | null, print: Print): void {
  const { params, slope, channels } = t;
  const ratio = (k: number, which: 'forward' | 'backward') => (cost ? `${(cost[which][k]! / cost[which][0]!).toFixed(2)}×` : 'skipped');
  print(
    table(
      ['Property', 'ReLU', 'Leaky ReLU', 'PReLU'],
      [
        ['Dead neurons', slope[0] === 0 ? 'Yes (gradient 0 at z < 0)' : 'No', slope[1] !== 0 ? 'No' : 'Yes', slope[2] !== 0 ? 'No' : 'Yes'],
        ['Extra parameters', String(params[0]), String(params[1]), `${params[2]} (${channels} channels: 1 per channel)`],
        ['Gradient at z = −1 (autograd)', String(slope[0]), `${slope[1]} (α fixed)`, `${slope[2]} (α learned, init 0.25)`],
        ['Compute cost, forward', '1.00× (reference)', ratio(1, 'forward'), ratio(2, 'forward')],
        ['Compute cost, fwd + bwd', '1.00× (reference)', ratio(1, 'backward'), ratio(2, 'backward')],
        ['When to use (the post)', 'Default start', 'Dead ReLU observed', 'Large datasets, can tune'],
      ],
    ),
  );
  if (cost) {
    print(
      `\nMedians of ${cost.repeats} runs on ${cost.size.toLocaleString('en')} elements, [${cost.size / channels}, ${channels}], one process, after warm-up:`,
    );
    print(
      `forward ${cost.forward.map((t) => `${t.toFixed(2)} ms`).join(' / ')}; forward + backward ${cost.backward.map((t) => `${t.toFixed(2)} ms`).join(' / ')} (ReLU / Leaky ReLU / PReLU).`,
    );
    print('The post says "Fastest / +1 multiply / +backprop through α": PReLU\'s backward also sums z·δ per channel for ∂L/∂α.');
  } else {
    print('\n(compute cost not measured in this run)');
  }
}
