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
import { type Ledger, record } from './report.js';

/** What {@link deadUnit} trains; every field has the example's value as its default. */
export interface DeadOptions {
  /** SGD steps (default 200). */
  steps?: number;
  /** Learning rate (default 0.1). */
  lr?: number;
  /** Leaky ReLU's slope (default 0.01). */
  alpha?: number;
  /** The dead unit's initial bias (default −3: z < 0 for every input). */
  bias?: number;
}

/** One training run, one entry per step (length `steps`). */
export interface DeadTrace {
  /** ∂L/∂b of the hidden unit before the step. */
  gradB: number[];
  /** The MSE loss before the step. */
  loss: number[];
  /** The first step at which some input has z > 0, or null if none does. */
  firstFire: number | null;
  /** How many of the 11 inputs have z > 0 at each step. */
  fired: number[];
}

/**
 * Trains the unit with one activation: 11 inputs evenly spaced on [1.5, 2.5], target 2x − 2,
 * full-batch SGD from w = 1, b = `bias`, v = 1.
 *
 * @example
 * trainDeadUnit('ReLU').gradB.every((g) => g === 0); // true: dead for good
 * trainDeadUnit('Leaky ReLU').firstFire; // 21
 */
export function trainDeadUnit(kind: 'ReLU' | 'Leaky ReLU', options: DeadOptions = {}): DeadTrace {
  const { steps = 200, lr = 0.1, alpha = 0.01, bias = -3 } = options;
  const hidden = new Linear(1, 1);
  const out = new Linear(1, 1, { bias: false }); // no bias: the output can only come through the unit
  const model = new Sequential(hidden, kind === 'ReLU' ? new ReLU() : new LeakyReLU({ negativeSlope: alpha }), out);
  model.loadStateDict({ '0.weight': tensor([[1]]), '0.bias': tensor([bias]), '2.weight': tensor([[1]]) });
  const x = linspace(1.5, 2.5, 11).reshape([11, 1]); // the shifted inputs
  const y = sub(mul(x, 2), 2);
  const opt = new SGD(model.parameters(), { lr });
  const trace: DeadTrace = { gradB: [], loss: [], firstFire: null, fired: [] };
  for (let step = 0; step < steps; step++) {
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

/** Both runs, with what they were trained with. */
export interface DeadResult {
  /** SGD steps. */
  steps: number;
  /** Learning rate. */
  lr: number;
  /** The ReLU unit. */
  relu: DeadTrace;
  /** The Leaky ReLU unit. */
  leaky: DeadTrace;
}

/**
 * The dead unit under ReLU and under Leaky ReLU, same data and start.
 *
 * @example
 * const r = deadUnit();
 * r.leaky.loss[199]; // 8.5e-6: revived and fitted
 */
export function deadUnit(options: DeadOptions = {}): DeadResult {
  const { steps = 200, lr = 0.1 } = options;
  return { steps, lr, relu: trainDeadUnit('ReLU', options), leaky: trainDeadUnit('Leaky ReLU', options) };
}

/**
 * The dead unit's ledger: `dead.relu.gradient` (largest |∂L/∂b| with ReLU: 0) and
 * `dead.leaky.revives` (the step the Leaky ReLU unit first fires, −1 if never).
 *
 * @example
 * deadLedger(deadUnit())['dead.relu.gradient'].value; // 0
 */
export function deadLedger(r: DeadResult): Ledger {
  return {
    'dead.relu.gradient': record(Math.max(...r.relu.gradB.map(Math.abs)), null, {
      status: 'claim',
      note: 'largest |∂L/∂b| over all steps with ReLU: exactly 0',
    }),
    'dead.leaky.revives': record(r.leaky.firstFire ?? -1, null, {
      status: 'claim',
      note: 'the step at which the Leaky ReLU unit first fires',
    }),
  };
}
