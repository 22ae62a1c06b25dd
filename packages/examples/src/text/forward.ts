/** Example 1's terminal report: Table 1 with a mark per cell, the gradient at −1 and at the kink. */
import type { ForwardTable } from '../forward.js';
import { type Ledger, mark, table } from '../report.js';
import type { FigurePaths, Print } from './format.js';

/**
 * Prints Table 1 from `t` and its ledger, then where the figure was written.
 *
 * @example
 * const t = forwardTable();
 * printForward(t, forwardLedger(t), { 'leaky-relu': 'out/leaky-relu.svg' }, console.log);
 */
export function printForward(t: ForwardTable, ledger: Ledger, figures: FigurePaths, print: Print): void {
  const rows = t.z.map((zv, i) => [
    zv.toFixed(1),
    t.relu[i]!.toFixed(4),
    mark(ledger[`t1.relu[${zv}]`]!),
    t.leaky[i]!.toFixed(4),
    mark(ledger[`t1.leaky[${zv}]`]!),
    t.dleaky[i]!.toFixed(2),
    mark(ledger[`t1.dleaky[${zv}]`]!),
  ]);
  const at = (z: number) => t.dleaky[t.z.indexOf(z)];
  print(table(['z', 'ReLU', '', 'Leaky(0.01)', '', "Leaky'", ''], rows));
  print('');
  print(`LeakyReLU'(-1) = ${at(-1)} ${mark(ledger['grad.z=-1']!)}   (not 0: the neuron still learns)`);
  print(`LeakyReLU'(0)  = ${at(0)}   the gradient at the kink is α, the post's footnote and PyTorch's convention (z > 0 is tested)`);
  print("Note: the post's second code block uses a backslash inside an f-string expression, which Python < 3.12 rejects.");
  print(`\nFigure: ${figures['leaky-relu']}`);
}
