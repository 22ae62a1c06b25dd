/** Example 8's terminal report: the gradient and loss over the steps, ReLU beside Leaky ReLU. */
import type { DeadResult } from '../dead.js';
import { table } from '../report.js';
import type { FigurePaths, Print } from './format.js';

/**
 * Prints the table of steps and what it shows.
 *
 * @example
 * printDead(deadUnit(), { 'dead-unit': 'out/dead-unit.svg' }, console.log);
 */
export function printDead(r: DeadResult, figures: FigurePaths, print: Print): void {
  const { relu, leaky, steps } = r;
  const at = [0, 1, 5, 10, 15, 20, 25, 50, 100, steps - 1].filter((s) => s < steps);
  print(`One unit, z = w·x + b with w = 1, b = −3 (dead: z < 0 for every x), output y = v·act(z);`);
  print(`the inputs shift to x ∈ [1.5, 2.5], target 2x − 2; SGD, lr ${r.lr}, ${steps} steps.`);
  print(
    table(
      ['step', 'ReLU ∂L/∂b', 'ReLU loss', 'Leaky ∂L/∂b', 'Leaky loss', 'Leaky: inputs firing'],
      at.map((s) => [
        String(s),
        relu.gradB[s]!.toExponential(2),
        relu.loss[s]!.toFixed(4),
        leaky.gradB[s]!.toExponential(2),
        leaky.loss[s]!.toFixed(4),
        `${leaky.fired[s]}/11`,
      ]),
    ),
  );
  const reluDead = relu.gradB.every((g) => g === 0) && relu.firstFire === null;
  const reluFlat = relu.loss.every((l) => l === relu.loss[0]);
  print(
    `\nReLU: ∂L/∂b is ${reluDead ? `exactly 0 at every one of the ${steps} steps; the unit never fires` : 'not always 0 (unexpected)'}${reluFlat ? ', and the loss never moves' : ''}.`,
  );
  print(
    leaky.firstFire === null
      ? 'Leaky ReLU: the unit did not fire within the steps run.'
      : `Leaky ReLU: the gradient is ~α times smaller, but not 0; the unit first fires at step ${leaky.firstFire}, and the loss falls from ${leaky.loss[0]!.toFixed(4)} to ${leaky.loss[steps - 1]!.toFixed(4)}.`,
  );
  print(`\nFigure: ${figures['dead-unit']}`);
}
