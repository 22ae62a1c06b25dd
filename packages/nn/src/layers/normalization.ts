/**
 * Normalization layers: `LayerNorm` and `BatchNorm1d`, as PyTorch's.
 *
 * Both compute y = (x − μ) / √(σ² + ε) · γ + β and differ in which elements share μ and σ²:
 * LayerNorm normalizes each sample over its last axes, BatchNorm1d each channel over the batch
 * (and the length axis). Both are written with core's ops, so their gradients, and gradients of
 * those gradients, come from the tape; only BatchNorm's running statistics, which no gradient
 * flows through, are updated on raw arrays.
 */
import {
  ArgumentError,
  ShapeError,
  Tensor,
  add,
  describeValue,
  div,
  fmtShape,
  mean,
  mul,
  ones,
  reshape,
  sqrt,
  sub,
  zeros,
} from '@tapegrad/core';
import { Module, Parameter } from '../module.js';
import { checkBoolean, checkInteger, checkKeys, checkRange, pyBool, pyFloat } from '../util.js';

/** (x − mean(x, axes)) / √(var(x, axes) + eps), the variance biased (divided by n), as both layers normalize. */
function normalize(x: Tensor, axes: number[], eps: number): { y: Tensor; mu: Tensor; variance: Tensor } {
  const mu = mean(x, axes, true);
  const d = sub(x, mu);
  const variance = mean(mul(d, d), axes, true);
  return { y: div(d, sqrt(add(variance, eps))), mu, variance };
}

function checkInput(who: string, x: unknown, expected: string): Tensor {
  if (!(x instanceof Tensor)) throw new ArgumentError(`${who}: expected a Tensor of shape ${expected}, got ${describeValue(x)}`);
  return x;
}

/**
 * Options of `LayerNorm`.
 *
 * @example
 * new LayerNorm(8, { eps: 1e-6, elementwiseAffine: false }).weight; // null
 */
export interface LayerNormOptions {
  /** ε, added to the variance for stability: a number ≥ 0. Default 1e-5. */
  eps?: number;
  /** Whether the layer has a learned scale `weight` (γ, ones at first) and shift `bias` (β, zeros). Default true. */
  elementwiseAffine?: boolean;
}

/**
 * Layer normalization (Ba et al., 2016), as `torch.nn.LayerNorm`:
 *
 *   y = (x − E[x]) / √(Var[x] + ε) · γ + β
 *
 * with the mean and the biased variance (divided by n, not n − 1) taken over the last
 * `normalizedShape.length` axes of each sample: every sample is normalized on its own, so the
 * layer does the same in training and in evaluation. γ (`weight`) and β (`bias`) have shape
 * `normalizedShape` and are applied elementwise.
 *
 * Args: `normalizedShape`, the trailing shape to normalize over (a positive integer, or an array
 * of them); `eps`; `elementwiseAffine`.
 *
 * Shape: input `[*, ...normalizedShape]`, output the same. Parameters `weight` and `bias`, shape
 * `normalizedShape` (state-dict keys `weight`, `bias`), when `elementwiseAffine`.
 *
 * @example
 * const ln = new LayerNorm(3);
 * ln.forward(tensor([[1, 2, 3], [0, 0, 6]])).toString();
 * // tensor([[-1.2247,  0.0000,  1.2247],
 * //         [-0.7071, -0.7071,  1.4142]], gradFn=<add>)
 * ln.toString(); // LayerNorm((3,), eps=1e-05, elementwise_affine=True)
 */
export class LayerNorm extends Module {
  /** The trailing shape every sample is normalized over. */
  readonly normalizedShape: readonly number[];
  /** ε, added to the variance. */
  readonly eps: number;
  /** Whether `weight` and `bias` exist. */
  readonly elementwiseAffine: boolean;
  /** γ, shape `normalizedShape`; `null` without `elementwiseAffine`. */
  weight: Parameter | null;
  /** β, shape `normalizedShape`; `null` without `elementwiseAffine`. */
  bias: Parameter | null;

  /** Normalizes over the trailing `normalizedShape` (one size or an array of sizes); γ = 1 and β = 0 at first. */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkKeys('LayerNorm', options, ['eps', 'elementwiseAffine']);
    const dims = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(dims) || dims.length === 0) {
      throw new ArgumentError(
        `LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${describeValue(normalizedShape)}`,
      );
    }
    this.normalizedShape = Object.freeze(dims.map((d, i) => checkInteger('LayerNorm', `normalizedShape[${i}]`, d, 1)));
    this.eps = checkRange('LayerNorm', 'eps', options.eps ?? 1e-5, 0);
    this.elementwiseAffine = checkBoolean('LayerNorm', 'elementwiseAffine', options.elementwiseAffine ?? true);
    this.weight = this.elementwiseAffine ? new Parameter(ones([...this.normalizedShape])) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros([...this.normalizedShape])) : null;
  }

  /** Sets γ back to ones and β to zeros. */
  resetParameters(): void {
    this.weight?.data.fill(1);
    this.bias?.data.fill(0);
  }

  /**
   * Normalizes each sample over its last `normalizedShape.length` axes: `[*, ...normalizedShape]`
   * → the same shape.
   *
   * @throws ShapeError if the input's trailing shape is not `normalizedShape`.
   */
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const expected = `[*, ${this.normalizedShape.join(', ')}]`;
    checkInput(this.label(), x, expected);
    if (x.ndim < k || this.normalizedShape.some((d, i) => x.shape[x.ndim - k + i] !== d)) {
      throw new ShapeError(`${this.label()}: expected input ${expected}, got ${fmtShape(x.shape)}`);
    }
    const axes = this.normalizedShape.map((_, i) => x.ndim - k + i);
    const { y } = normalize(x, axes, this.eps);
    return this.weight && this.bias ? add(mul(y, this.weight), this.bias) : y;
  }

  /** As PyTorch's: `(8,), eps=1e-05, elementwise_affine=True`. */
  override extraRepr(): string {
    const shape = this.normalizedShape.length === 1 ? `(${this.normalizedShape[0]},)` : `(${this.normalizedShape.join(', ')})`;
    return `${shape}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }

  private label(): string {
    return `LayerNorm(${fmtShape(this.normalizedShape)})`;
  }
}

/**
 * Options of `BatchNorm1d`.
 *
 * @example
 * new BatchNorm1d(4, { momentum: 0.01, affine: false }).weight; // null
 */
export interface BatchNormOptions {
  /** ε, added to the variance for stability: a number ≥ 0. Default 1e-5. */
  eps?: number;
  /**
   * The weight of the newest batch in the running statistics, in [0, 1]: running = (1 − momentum)·running
   * + momentum·batch. Default 0.1. `null` averages every batch so far equally (a cumulative mean), as PyTorch's `None`.
   */
  momentum?: number | null;
  /** Whether the layer has a learned scale `weight` (γ, ones at first) and shift `bias` (β, zeros). Default true. */
  affine?: boolean;
  /** Whether to keep running statistics for evaluation. Without them, evaluation normalizes with the batch's own. Default true. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalization (Ioffe and Szegedy, 2015) over a batch of vectors or sequences, as
 * `torch.nn.BatchNorm1d`:
 *
 *   y = (x − E[x]) / √(Var[x] + ε) · γ + β
 *
 * per channel c (axis 1). In training the mean and the biased variance are the batch's, over the
 * batch axis (and the length axis of a 3-d input), and each call updates the running statistics:
 *
 *   running_mean ← (1 − momentum)·running_mean + momentum·E[x]
 *   running_var  ← (1 − momentum)·running_var  + momentum·Var[x]·n/(n − 1)
 *
 * (the unbiased variance, n values per channel), and adds 1 to `num_batches_tracked`. In evaluation
 * (`eval()`) the running statistics take the batch's place, so the output of a sample no longer
 * depends on the rest of its batch. Gradients flow through the batch statistics in training; the
 * running ones are buffers: constants, never parameters.
 *
 * Args: `numFeatures`, C; `eps`; `momentum`; `affine`; `trackRunningStats`.
 *
 * Shape: input `[N, C]` or `[N, C, L]`, output the same. Parameters `weight`, `bias` `[C]` (when
 * `affine`); buffers `running_mean`, `running_var` `[C]` (zeros and ones at first) and
 * `num_batches_tracked` `[]` (when `trackRunningStats`): the state-dict keys of PyTorch.
 *
 * @example
 * const bn = new BatchNorm1d(2);
 * bn.forward(tensor([[1, 10], [3, 30]])).toArray(); // about [[-1, -1], [1, 1]]
 * Array.from(bn.runningMean!.data);                 // [0.2, 2]: 0.9·0 + 0.1·[2, 20]
 * [...bn.stateDict().keys()]; // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 * bn.toString(); // BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
 */
export class BatchNorm1d extends Module {
  /** C, the number of channels (axis 1 of the input). */
  readonly numFeatures: number;
  /** ε, added to the variance. */
  readonly eps: number;
  /** The running statistics' update weight, or `null` for a cumulative mean. */
  readonly momentum: number | null;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether the running statistics exist and are used in evaluation. */
  readonly trackRunningStats: boolean;
  /** γ, shape `[numFeatures]`; `null` without `affine`. */
  weight: Parameter | null;
  /** β, shape `[numFeatures]`; `null` without `affine`. */
  bias: Parameter | null;

  /** A layer over `numFeatures` channels (a positive integer): γ = 1, β = 0, running mean 0 and variance 1. */
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    checkKeys('BatchNorm1d', options, ['eps', 'momentum', 'affine', 'trackRunningStats']);
    this.numFeatures = checkInteger('BatchNorm1d', 'numFeatures', numFeatures, 1);
    this.eps = checkRange('BatchNorm1d', 'eps', options.eps ?? 1e-5, 0);
    this.momentum = options.momentum === null ? null : checkRange('BatchNorm1d', 'momentum', options.momentum ?? 0.1, 0);
    if (this.momentum !== null && this.momentum > 1)
      throw new ArgumentError(`BatchNorm1d: momentum must be in [0, 1] or null, got ${this.momentum}`);
    this.affine = checkBoolean('BatchNorm1d', 'affine', options.affine ?? true);
    this.trackRunningStats = checkBoolean('BatchNorm1d', 'trackRunningStats', options.trackRunningStats ?? true);
    this.weight = this.affine ? new Parameter(ones([numFeatures])) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures])) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? zeros([numFeatures]) : null);
    this.registerBuffer('running_var', track ? ones([numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', track ? zeros([]) : null);
  }

  /** The running mean, buffer `running_mean` `[C]`; `null` without `trackRunningStats`. */
  get runningMean(): Tensor | null {
    return this.buffer('running_mean') ?? null;
  }

  /** The running (unbiased) variance, buffer `running_var` `[C]`; `null` without `trackRunningStats`. */
  get runningVar(): Tensor | null {
    return this.buffer('running_var') ?? null;
  }

  /**
   * The number of training batches seen, buffer `num_batches_tracked` `[]` (a float64 holding an
   * integer; PyTorch's is int64); `null` without `trackRunningStats`.
   */
  get numBatchesTracked(): Tensor | null {
    return this.buffer('num_batches_tracked') ?? null;
  }

  /** Running mean 0, variance 1, no batches seen. */
  resetRunningStats(): void {
    this.runningMean?.data.fill(0);
    this.runningVar?.data.fill(1);
    this.numBatchesTracked?.data.fill(0);
  }

  /** The running statistics reset, γ back to ones and β to zeros. */
  resetParameters(): void {
    this.resetRunningStats();
    this.weight?.data.fill(1);
    this.bias?.data.fill(0);
  }

  /**
   * Normalizes each channel: `[N, C]` or `[N, C, L]` → the same shape; in training with the
   * batch's statistics (and updates the running ones), in evaluation with the running ones.
   *
   * @throws ShapeError if the input is not `[N, C]` or `[N, C, L]` with C = `numFeatures`, or has a
   *   single value per channel when batch statistics are used (in training, or in evaluation
   *   without `trackRunningStats`), as PyTorch.
   */
  forward(x: Tensor): Tensor {
    const C = this.numFeatures;
    const expected = `[N, ${C}] or [N, ${C}, L]`;
    checkInput(this.label(), x, expected);
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== C) {
      throw new ShapeError(`${this.label()}: expected input ${expected}, got ${fmtShape(x.shape)}`);
    }
    const axes = x.ndim === 2 ? [0] : [0, 2];
    const n = x.size / C;
    const useBatch = this.training || !this.trackRunningStats;
    if (useBatch && n <= 1) {
      throw new ShapeError(`${this.label()}: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}`);
    }
    // Per-channel tensors [C] broadcast against [N, C] as they are, against [N, C, L] as [C, 1].
    const channel = (t: Tensor) => (x.ndim === 3 ? reshape(t, [C, 1]) : t);
    let y: Tensor;
    if (useBatch) {
      const stats = normalize(x, axes, this.eps);
      y = stats.y;
      if (this.training && this.trackRunningStats) this.updateRunningStats(stats.mu.data, stats.variance.data, n);
    } else {
      y = div(sub(x, channel(this.runningMean!)), sqrt(add(channel(this.runningVar!), this.eps)));
    }
    return this.weight && this.bias ? add(mul(y, channel(this.weight)), channel(this.bias)) : y;
  }

  private updateRunningStats(mu: Float64Array, variance: Float64Array, n: number): void {
    const count = this.numBatchesTracked!.data;
    count[0]! += 1;
    // NOTE: momentum null is PyTorch's cumulative average: the k-th batch gets weight 1/k.
    const m = this.momentum ?? 1 / count[0]!;
    const rm = this.runningMean!.data;
    const rv = this.runningVar!.data;
    for (let c = 0; c < this.numFeatures; c++) {
      rm[c] = (1 - m) * rm[c]! + m * mu[c]!;
      rv[c] = (1 - m) * rv[c]! + m * variance[c]! * (n / (n - 1));
    }
  }

  /** As PyTorch's: `8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True`. */
  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }

  private label(): string {
    return `BatchNorm1d(${this.numFeatures})`;
  }
}
