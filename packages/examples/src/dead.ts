/**
 * Example 8 — Dead neuron recovery.
 *
 * One hidden unit h = act(w·x + b) feeding the output y = v·h (no output bias: the unit is needed). The unit died earlier: b = −3, so
 * z < 0 for every input. Then the input distribution shifts to x ∈ [1.5, 2.5], where the target
 * needs the unit (y = 2x − 2). Trained by SGD on the same data:
 * - with ReLU, ∂L/∂w = ∂L/∂b = 0 exactly at every step: nothing moves, the unit stays dead;
 * - with Leaky ReLU, the gradient is small (× α) but not 0: b creeps up until z > 0 for some
 *   inputs, the unit fires, and the loss falls.
 */
import { type Tensor, linspace, mul, sub, tensor } from '@tapegrad/core';
import { LeakyReLU, Linear, ReLU, SGD, Sequential, mseLoss } from '@tapegrad/nn';
import { type Report, table } from './report.js';
import { plot, writeFigure } from './svg.js';

export const name = 'dead';
export const summary = 'A dead unit: ReLU never recovers, Leaky ReLU revives once the inputs shift; the gradient over the steps';

const STEPS = 200;
const LR = 0.1;

interface Trace {
  gradB: number[];
  loss: number[];
  firstFire: number | null;
  fired: number[];
}

function train(kind: 'ReLU' | 'Leaky ReLU'): Trace {
  const hidden = new Linear(1, 1);
  const out = new Linear(1, 1, { bias: false }); // no bias: the output can only come through the unit
  const model = new Sequential(hidden, kind === 'ReLU' ? new ReLU() : new LeakyReLU({ negativeSlope: 0.01 }), out);
  model.loadStateDict({ '0.weight': tensor([[1]]), '0.bias': tensor([-3]), '2.weight': tensor([[1]]) });
  const x = linspace(1.5, 2.5, 11).reshape([11, 1]); // the shifted inputs
  const y = sub(mul(x, 2), 2);
  const opt = new SGD(model.parameters(), { lr: LR });
  const trace: Trace = { gradB: [], loss: [], firstFire: null, fired: [] };
  for (let step = 0; step < STEPS; step++) {
    const z = hidden.forward(x) as Tensor;
    const firing = z.data.filter((v) => v > 0).length;
    if (firing > 0 && trace.firstFire === null) trace.firstFire = step;
    trace.fired.push(firing);
    opt.zeroGrad();
    const loss = mseLoss(model.forward(x) as Tensor, y);
    loss.backward();
    trace.loss.push(loss.item());
    trace.gradB.push(hidden.bias!.grad!.item());
    opt.step();
  }
  return trace;
}

export function run(report: Report, print: (s: string) => void): void {
  const relu = train('ReLU');
  const leaky = train('Leaky ReLU');
  const at = [0, 1, 5, 10, 15, 20, 25, 50, 100, STEPS - 1];
  print(`One unit, z = w·x + b with w = 1, b = −3 (dead: z < 0 for every x), output y = v·act(z);`);
  print(`the inputs shift to x ∈ [1.5, 2.5], target 2x − 2; SGD, lr ${LR}, ${STEPS} steps.`);
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
  report.add('dead.relu.gradient', Math.max(...relu.gradB.map(Math.abs)), null, {
    status: 'claim',
    note: 'largest |∂L/∂b| over all steps with ReLU: exactly 0',
  });
  report.add('dead.leaky.revives', leaky.firstFire ?? -1, null, {
    status: 'claim',
    note: 'the step at which the Leaky ReLU unit first fires',
  });
  const reluFlat = relu.loss.every((l) => l === relu.loss[0]);
  print(
    `\nReLU: ∂L/∂b is ${reluDead ? `exactly 0 at every one of the ${STEPS} steps; the unit never fires` : 'not always 0 (unexpected)'}${reluFlat ? ', and the loss never moves' : ''}.`,
  );
  print(
    leaky.firstFire === null
      ? 'Leaky ReLU: the unit did not fire within the steps run.'
      : `Leaky ReLU: the gradient is ~α times smaller, but not 0; the unit first fires at step ${leaky.firstFire}, and the loss falls from ${leaky.loss[0]!.toFixed(4)} to ${leaky.loss[STEPS - 1]!.toFixed(4)}.`,
  );

  const steps = relu.loss.map((_, k) => k);
  const path = writeFigure(
    'dead-unit',
    plot({
      title: 'A dead unit after the inputs shift: loss per step',
      legend: 'middle-right',
      xLabel: 'SGD step',
      yLabel: 'MSE loss',
      series: [
        { name: 'ReLU: no gradient, no change', x: steps, y: relu.loss },
        { name: 'Leaky ReLU: small gradient, the unit revives', x: steps, y: leaky.loss, dashed: true },
      ],
    }),
  );
  print(`\nFigure: ${path}`);
}
