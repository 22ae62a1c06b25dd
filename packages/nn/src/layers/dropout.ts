/**
 * `Dropout`: zeroes random elements in training, as `torch.nn.Dropout`.
 */
import { ArgumentError, Tensor, describeValue, mul } from '@tapegrad/core';
import { Module } from '../module.js';
import { resolveGenerator, type RandomSource } from '../random.js';
import { checkKeys, checkRange, pyFloat } from '../util.js';

/**
 * Dropout (Srivastava et al., 2014), as `torch.nn.Dropout`. In training each element is zeroed
 * with probability p and the others are scaled by 1/(1 − p), so that the expected output is the
 * input:
 *
 *   y = x · m / (1 − p),   m = 1 if u ≥ p else 0,   u ~ U[0, 1) drawn for each element
 *
 * The uniforms are drawn at each call, `generator.uniform(0, 1, x.shape)` (row-major, one per
 * element), from the generator given to the constructor or else the nn default one (see
 * `manualSeed`), so a seeded run repeats its masks. The mask is a constant: the gradient is
 * g · m / (1 − p). In evaluation (`eval()`) the layer is the identity and draws nothing.
 *
 * As PyTorch: p = 0 returns the input itself, drawing nothing; p = 1 returns x · 0 (zeros,
 * with NaN where x is not finite), drawing nothing. PyTorch draws its mask from its own
 * generator, so the masks differ from PyTorch's; their statistics do not.
 *
 * Args: `p`, the probability of zeroing an element, in [0, 1] (default 0.5); `generator`.
 *
 * Shape: any; the output has the input's shape.
 *
 * @example
 * const drop = new Dropout(0.5, { generator: defaultRng(0) });
 * drop.forward(ones([6])).toArray();        // [2, 0, 0, 0, 2, 2]: each element 0 or 1/(1 − p)
 * drop.eval().forward(ones([6])).toArray(); // [1, 1, 1, 1, 1, 1]
 * drop.toString(); // Dropout(p=0.5, inplace=False)
 */
export class Dropout extends Module {
  /** The probability that an element is zeroed in training. */
  readonly p: number;
  // Kept out of the field scan (it is no module or parameter, but need not be walked).
  readonly #generator: RandomSource | undefined;

  /** Zeroes each element with probability `p` (in [0, 1], default 0.5), drawing from `options.generator` or the default generator. */
  constructor(p = 0.5, options: { generator?: RandomSource } = {}) {
    super();
    checkKeys('Dropout', options, ['generator']);
    this.p = checkRange('Dropout', 'p', p, 0);
    if (this.p > 1) throw new ArgumentError(`Dropout: p must be in [0, 1], got ${this.p}`);
    // Checked now, so that a bad generator fails at construction rather than at the first forward.
    if (options.generator !== undefined) resolveGenerator('Dropout', options.generator);
    this.#generator = options.generator;
  }

  /** In training x · m / (1 − p) with a fresh mask m; in evaluation x itself. The output has `x`'s shape. */
  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentError(`Dropout(p=${this.p}): expected a Tensor, got ${describeValue(x)}`);
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return mul(x, 0);
    const u = resolveGenerator('Dropout', this.#generator).uniform(0, 1, [...x.shape]).data;
    const scale = 1 / (1 - this.p);
    const mask = new Float64Array(u.length);
    for (let i = 0; i < u.length; i++) mask[i] = u[i]! < this.p ? 0 : scale;
    return mul(x, new Tensor(mask, x.shape));
  }

  /** As PyTorch's: `p=0.5, inplace=False` (this layer never works in place). */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
