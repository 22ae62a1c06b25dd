/**
 * How far a network is from linear, measured from its behaviour: a linear (affine) function has the
 * same Jacobian everywhere, so the spread of the input-gradient over many inputs, relative to its
 * mean, is 0 exactly when the network is affine on those inputs. The gradients come from backward.
 */
import { type Tensor, defaultRng, gradients, sum } from '@tapegrad/core';
import { LeakyReLU, Linear, Sequential } from '@tapegrad/nn';

/**
 * A 3-hidden-layer MLP, `inputs → 16 → 16 → 16 → 1`, with Leaky ReLU(α) and weights from `defaultRng(seed)`.
 *
 * @example
 * mlp(0.01).forward(tensor([[0.5, -1]])).shape; // [1, 1]
 */
export function mlp(alpha: number, inputs = 2, seed = 0): Sequential {
  const rng = defaultRng(seed);
  const act = () => new LeakyReLU({ negativeSlope: alpha });
  return new Sequential(
    new Linear(inputs, 16, { generator: rng }),
    act(),
    new Linear(16, 16, { generator: rng }),
    act(),
    new Linear(16, 16, { generator: rng }),
    act(),
    new Linear(16, 1, { generator: rng }),
  );
}

/**
 * Nonlinearity score: mean over the rows x of X of ‖J(x) − J̄‖ / ‖J̄‖, where J(x) = ∂f(x)/∂x by
 * backward (one pass for the whole batch: each row's output depends on that row only). `X` is
 * [n, inputs]; the result is a number ≥ 0.
 *
 * @example
 * nonlinearity(mlp(1), defaultRng(1).uniform(-2, 2, [256, 2])); // ≈ 7.5e-16: α = 1 makes the network affine
 */
export function nonlinearity(model: Sequential, X: Tensor): number {
  const x = X.detach();
  x.requiresGrad = true;
  const [J] = gradients(sum(model.forward(x) as Tensor), [x]);
  const [n, d] = J!.shape as [number, number];
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += J!.data[i * d + j]! / n;
  const norm = Math.hypot(...mean);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < d; j++) sq += (J!.data[i * d + j]! - mean[j]!) ** 2;
    total += Math.sqrt(sq) / norm;
  }
  return total / n;
}
