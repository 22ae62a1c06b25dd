/**
 * Example 4 — Hyperparameter sensitivity: the post's churn network for α ∈ {0.001, 0.01, 0.1, 0.3}.
 *
 * Two readings, both by autograd (see churn.ts): the loss on logits, whose gradient is exactly the
 * post's hand-derived (A2 − y)/n, and the loss exactly as written with + 1e-8 inside both logs,
 * which autograd differentiates as written. Neither gives the table the post prints.
 */
import { SGD, activationStats, bceWithLogitsLoss } from '@tapegrad/nn';
import { type Reading, X, Y, churnNetwork, trainChurn } from './churn.js';
import { type Ledger, record } from './report.js';

/** The post's α values. */
export const ALPHAS = [0.001, 0.01, 0.1, 0.3] as const;
/** The epochs of the post's table: its Loss@k is `losses[k − 1]`, the loss before update k. */
export const AT = [10, 50, 200] as const;
/** The post's printed table: α → [Loss@10, Loss@50, Loss@200]. */
const POST: Record<number, [number, number, number]> = {
  0.001: [0.7021, 0.6847, 0.6732],
  0.01: [0.6894, 0.5821, 0.4103],
  0.1: [0.6831, 0.5634, 0.3897],
  0.3: [0.6745, 0.5501, 0.4218],
};
/** The two readings, in the order they are reported. */
export const READINGS: readonly Reading[] = ['logits', 'literal'];

/** What {@link sensitivitySweep} trains; every field has the post's value as its default. */
export interface SensitivityOptions {
  /** The slopes compared (default the post's four). */
  alphas?: readonly number[];
  /** Epochs of the post's run (default 200). */
  epochs?: number;
  /** SGD's learning rate (default 0.1). */
  lr?: number;
  /** `defaultRng` seed of the initial weights (default 42, the post's). */
  seed?: number;
  /** Epochs of the longer run (default 3000). */
  longEpochs?: number;
}

/** The sweep's results; loss arrays are indexed [α index][epoch − 1]. */
export interface SensitivityResult {
  /** The slopes, in order. */
  alphas: number[];
  /** The post's run: per reading, per α, the loss before each of `epochs` updates. */
  losses: Record<Reading, number[][]>;
  /** max |logits − literal| over every α and epoch: what the + 1e-8 changes. */
  maxDiff: number;
  /** |Loss@200(α₀) − Loss@200(α₁)| on logits: the post's "α = 0.001 still nearly dead" note, checked. */
  nearlyDeadGap: number;
  /** The α with the lowest final loss on logits. */
  lowestAlpha: number;
  /** Share of negative hidden pre-activations over the batch at α = α₁, before and after `epochs`. */
  negativeShare: { before: number; after: number };
  /** The longer run on logits: the epochs shown (`marks`) and each α's `epochs` losses. */
  long: { epochs: number; marks: number[]; losses: number[][] };
}

/**
 * Trains the churn network for every α, both readings (see `trainChurn`), then for `longEpochs`
 * on logits, and derives the numbers the post's notes column claims.
 *
 * @example
 * const r = sensitivitySweep();
 * r.losses.logits[1][199]; // 0.6336650410859213: α = 0.01, Loss@200 (the post prints 0.4103)
 * r.maxDiff; // ≈ 3.17e-9
 */
export function sensitivitySweep(options: SensitivityOptions = {}): SensitivityResult {
  const { alphas = ALPHAS, epochs = 200, lr = 0.1, seed = 42, longEpochs = 3000 } = options;
  const train = (reading: Reading, n: number) => alphas.map((alpha) => trainChurn(alpha, reading, n, lr, seed));
  const losses = { logits: train('logits', epochs), literal: train('literal', epochs) };
  let maxDiff = 0;
  losses.logits.forEach((a, j) => {
    const b = losses.literal[j]!;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  });
  const final = (j: number) => losses.logits[j]![epochs - 1]!;
  const lowest = alphas.reduce((b, _, j) => (final(j) < final(b) ? j : b), 0);
  const marks = [200, 500, 1000, 2000, longEpochs].filter((e, i, xs) => e <= longEpochs && xs.indexOf(e) === i);
  return {
    alphas: [...alphas],
    losses,
    maxDiff,
    nearlyDeadGap: Math.abs(final(0) - final(1)),
    lowestAlpha: alphas[lowest]!,
    negativeShare: negativeShare(alphas[1] ?? alphas[0]!, epochs, lr, seed),
    long: { epochs: longEpochs, marks, losses: train('logits', longEpochs) },
  };
}

/**
 * max − min over the α of the loss before epoch `epoch`; `losses` is [α][epoch − 1].
 *
 * @example
 * spreadAt(sensitivitySweep().losses.logits, 200); // ≈ 0.0055
 */
export function spreadAt(losses: readonly (readonly number[])[], epoch: number): number {
  const at = losses.map((c) => c[epoch - 1]!);
  return Math.max(...at) - Math.min(...at);
}

/**
 * The α sorted from lowest to highest loss before epoch `epoch`; `losses` is [α][epoch − 1].
 *
 * @example
 * const r = sensitivitySweep();
 * orderAt(r.alphas, r.long.losses, 3000); // [0.3, 0.1, 0.01, 0.001]
 */
export function orderAt(alphas: readonly number[], losses: readonly (readonly number[])[], epoch: number): number[] {
  return [...alphas].sort((a, b) => losses[alphas.indexOf(a)]![epoch - 1]! - losses[alphas.indexOf(b)]![epoch - 1]!);
}

/**
 * Share of negative hidden pre-activations over the batch, before and after `epochs` of SGD on
 * logits at slope `alpha`: two numbers in [0, 1].
 *
 * @example
 * negativeShare(0.01); // { before: 0.4, after: 0.2 }
 */
export function negativeShare(alpha: number, epochs = 200, lr = 0.1, seed = 42): { before: number; after: number } {
  const model = churnNetwork(alpha, seed);
  const before = activationStats(model, X)[0]!.negativeFraction;
  const opt = new SGD(model.parameters(), { lr });
  for (let epoch = 0; epoch < epochs; epoch++) {
    opt.zeroGrad();
    bceWithLogitsLoss(model.forward(X).reshape([-1]), Y).backward();
    opt.step();
  }
  return { before, after: activationStats(model, X)[0]!.negativeFraction };
}

/**
 * The sweep's ledger: `sens.<reading>.loss@<k>[<α>]` for k in 10, 50, 200 beside the post's table
 * (every one an erratum), `sens.readings.maxDiff`, the two notes checked (`sens.claim.nearlyDead`,
 * `sens.claim.linear`) and `sens.long.spread`.
 *
 * @example
 * sensitivityLedger(sensitivitySweep())['sens.logits.loss@200[0.01]'].status; // 'erratum'
 */
export function sensitivityLedger(r: SensitivityResult): Ledger {
  const ledger: Ledger = {};
  for (const reading of READINGS) {
    r.alphas.forEach((alpha, j) => {
      AT.forEach((k, m) => {
        const value = r.losses[reading][j]![k - 1]!;
        const post = POST[alpha]?.[m] ?? null;
        ledger[`sens.${reading}.loss@${k}[${alpha}]`] = record(value, post, {
          digits: 4,
          ...(post === null ? {} : { note: `the post's code computes ${value.toFixed(4)}, not ${post.toFixed(4)}` }),
        });
      });
    });
  }
  ledger['sens.readings.maxDiff'] = record(r.maxDiff, null, {
    status: 'convention',
    note: "the literal loss's + 1e-8 shifts the gradient by ~1e-8/p",
  });
  ledger['sens.claim.nearlyDead'] = record(r.nearlyDeadGap, null, {
    status: 'claim',
    note: '"α = 0.001 still nearly dead": its Loss@200 is within 1e-4 of α = 0.01\'s',
  });
  ledger['sens.claim.linear'] = record(r.lowestAlpha, null, {
    status: 'claim',
    note: '"α = 0.3 loses non-linearity": it reaches the lowest loss of the four',
  });
  const long = r.long.epochs;
  ledger['sens.long.spread'] = record(spreadAt(r.long.losses, long), null, {
    status: 'claim',
    note: `spread of the final losses across α after ${long} epochs`,
  });
  return ledger;
}
