/**
 * W3's model and data, shared by the W3 workload and the M1 memory child: a 64 → 256 → 256 → 1
 * MLP, Leaky ReLU (0.01) hidden, sigmoid out, binary cross-entropy `-mean(y·log p + (1-y)·log(1-p))`,
 * plain SGD (lr 0.1), batch 256. Our version is written with core ops only (no @tapegrad/nn).
 *
 * Layout for every library: x @ W + b with W stored [in, out]. Data and weights are `hashed` (same
 * numbers in Python), biases start at zero, so the first losses agree across libraries.
 */
import { add, leakyRelu, log, matmul, mean, mul, neg, noGrad, sigmoid, sub, Tensor } from '@tapegrad/core';
import { hashed, labels } from '../data.js';

export const BATCH = 256;
export const SIZES = [64, 256, 256, 1] as const;
export const LR = 0.1;
export const SLOPE = 0.01;

export interface MlpData {
  /** [BATCH, 64] */
  readonly x: Float64Array;
  /** [BATCH, 1], 0 or 1 */
  readonly y: Float64Array;
  /** 1 - y */
  readonly omy: Float64Array;
  /** W1, b1, W2, b2, W3, b3 with their shapes */
  readonly params: readonly { readonly data: Float64Array; readonly shape: readonly number[] }[];
}

export function mlpData(): MlpData {
  const y = labels(BATCH, 2);
  const params = [];
  for (let l = 0; l < 3; l++) {
    const nin = SIZES[l]!;
    const nout = SIZES[l + 1]!;
    params.push({ data: hashed(nin * nout, 3 + l, 1 / Math.sqrt(nin)), shape: [nin, nout] });
    params.push({ data: new Float64Array(nout), shape: [nout] });
  }
  return { x: hashed(BATCH * SIZES[0], 1), y, omy: y.map((v) => 1 - v), params };
}

/**
 * Our model on fresh parameters: `forward()` records the loss (a 0-d tensor) on the tape; `step()`
 * is one SGD step (forward, backward, update) and returns the loss before it.
 */
export function oursMlp(data: MlpData = mlpData()): { forward(): Tensor; step(): number; params: readonly Tensor[] } {
  const x = new Tensor(data.x.slice(), [BATCH, SIZES[0]]);
  const y = new Tensor(data.y.slice(), [BATCH, 1]);
  const omy = new Tensor(data.omy.slice(), [BATCH, 1]);
  const params = data.params.map((p) => new Tensor(p.data.slice(), p.shape, { requiresGrad: true }));
  const [w1, b1, w2, b2, w3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const forward = (): Tensor => {
    const h1 = leakyRelu(add(matmul(x, w1), b1), SLOPE);
    const h2 = leakyRelu(add(matmul(h1, w2), b2), SLOPE);
    const p = sigmoid(add(matmul(h2, w3), b3));
    return neg(mean(add(mul(y, log(p)), mul(omy, log(sub(1, p))))));
  };
  const step = (): number => {
    const loss = forward();
    loss.backward();
    noGrad(() => {
      for (const q of params) {
        q.data.set(sub(q, mul(q.grad!, LR)).data);
        q.grad = null;
      }
    });
    return loss.item();
  };
  return { forward, step, params };
}
