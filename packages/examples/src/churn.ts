/**
 * The post's churn network, built from @tapegrad/nn: 2 inputs → Linear(2, 2) → LeakyReLU(α) →
 * Linear(2, 1) → sigmoid, trained by full-batch SGD (lr 0.1) on five customers.
 *
 * The initial weights are drawn as the post's NumPy code draws them: `default_rng(42)`, then
 * `normal(0, 0.1, (2, 2))` for W1 and `normal(0, 0.1, (2, 1))` for W2. NumPy's W1 is `[in, out]`
 * (it computes X @ W1); `Linear.weight` is `[out, in]` (x·Wᵀ), so the draws are transposed.
 */
import { type Tensor, add, defaultRng, log, mean, mul, sigmoid, sub, tensor, transpose, zeros } from '@tapegrad/core';
import { LeakyReLU, Linear, SGD, Sequential, bceWithLogitsLoss } from '@tapegrad/nn';

/** The post's five customers: two features each, shape [5, 2]. */
export const X = tensor([
  [0.5, 0.1],
  [0.9, 0.8],
  [0.2, 0.3],
  [0.7, 0.6],
  [0.4, 0.2],
]);
/** Whether each customer churned, shape [5]. */
export const Y = tensor([0, 1, 0, 1, 0]);

/** The two ways to differentiate the post's loss (see the ledger): on the logits, or exactly as written. */
export type Reading = 'logits' | 'literal';

/**
 * The network with the post's initial weights, drawn from `defaultRng(seed)`; biases 0.
 *
 * @example
 * churnNetwork(0.01).forward(X).shape; // [5, 1]
 */
export function churnNetwork(alpha: number, seed = 42): Sequential {
  const rng = defaultRng(seed);
  const W1 = rng.normal(0, 0.1, [2, 2]); // NumPy's [in, out]
  const W2 = rng.normal(0, 0.1, [2, 1]);
  const model = new Sequential(
    new Linear(2, 2, { generator: rng }),
    new LeakyReLU({ negativeSlope: alpha }),
    new Linear(2, 1, { generator: rng }),
  );
  model.loadStateDict({ '0.weight': transpose(W1), '0.bias': zeros([2]), '2.weight': transpose(W2), '2.bias': zeros([1]) });
  return model;
}

/**
 * The loss as the post's code writes it: −mean(y·log(p + 1e-8) + (1 − y)·log(1 − p + 1e-8)), a
 * scalar, for probabilities `p` and labels `y` of one shape.
 *
 * @example
 * literalLoss(tensor([0.5, 0.5]), tensor([0, 1])).item(); // 0.6931471605599454 (≈ log 2)
 */
export function literalLoss(p: Tensor, y: Tensor): Tensor {
  const eps = 1e-8;
  return mean(add(mul(y, log(add(p, eps))), mul(sub(1, y), log(add(sub(1, p), eps))))).neg();
}

/**
 * Trains for `epochs` full-batch SGD steps of rate `lr` from `churnNetwork(alpha, seed)` and
 * returns the post's printed loss (the literal expression) before each step, as the post's
 * `losses` list: `epochs` numbers. The gradient comes from backward through the chosen reading of
 * the loss.
 *
 * @example
 * trainChurn(0.01, 'logits')[199]; // 0.6336650410859213, the post's Loss@200 by its own code
 */
export function trainChurn(alpha: number, reading: Reading, epochs = 200, lr = 0.1, seed = 42): number[] {
  const model = churnNetwork(alpha, seed);
  const opt = new SGD(model.parameters(), { lr });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const logits = model.forward(X).reshape([-1]);
    const p = sigmoid(logits);
    const printed = literalLoss(p, Y);
    losses.push(printed.item());
    opt.zeroGrad();
    (reading === 'literal' ? printed : bceWithLogitsLoss(logits, Y)).backward();
    opt.step();
  }
  return losses;
}
