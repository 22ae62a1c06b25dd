/**
 * `Linear`: the affine layer y = x·Wᵀ + b, with PyTorch's layout and initialisation.
 */
import { ArgumentError, ShapeError, Tensor, add, matmul, transpose, zeros, describeValue, fmtShape } from '@tapegrad/core';
import { Module, Parameter } from '../module.js';
import { resolveGenerator, type RandomSource } from '../random.js';
import { checkBoolean, checkInteger, checkKeys } from '../util.js';

/**
 * Options of `Linear`.
 *
 * @example
 * new Linear(4, 2, { bias: false, generator: defaultRng(0) }).bias; // null
 */
export interface LinearOptions {
  /** Whether the layer adds a learned bias. Default true. */
  bias?: boolean;
  /** Where the initial weights are drawn from; the default generator (see `manualSeed`) if omitted. */
  generator?: RandomSource;
}

/**
 * Linear(x) = x·Wᵀ + b, as `torch.nn.Linear`.
 *
 * Shapes: `weight` is `[outFeatures, inFeatures]` (PyTorch's layout, never transposed), `bias`
 * `[outFeatures]`; the input is `[..., inFeatures]` and the output `[..., outFeatures]`.
 *
 * Initialisation, as PyTorch's `reset_parameters`: weight and bias are drawn from U(−k, k) with
 * k = 1/√inFeatures, weight first. (PyTorch writes the weight's draw as
 * `kaiming_uniform_(w, a=√5)`: √3 · √(2/(1+5)) / √in = 1/√in.)
 *
 * @example
 * const layer = new Linear(2, 4, { generator: defaultRng(0) });
 * layer.forward(zeros([5, 2])).shape; // [5, 4]
 * layer.numParameters();              // 12
 */
export class Linear extends Module {
  /** The size of each input sample: the input's last dimension. */
  readonly inFeatures: number;
  /** The size of each output sample: the output's last dimension. */
  readonly outFeatures: number;
  /** W, shape `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** b, shape `[outFeatures]`; `null` when made with `bias: false`. */
  bias: Parameter | null;

  /** A layer from `inFeatures` to `outFeatures` (positive integers), initialised by `resetParameters`. */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkKeys('Linear', options, ['bias', 'generator']);
    this.inFeatures = checkInteger('Linear', 'inFeatures', inFeatures, 1);
    this.outFeatures = checkInteger('Linear', 'outFeatures', outFeatures, 1);
    const hasBias = checkBoolean('Linear', 'bias', options.bias ?? true);
    this.weight = new Parameter(zeros([outFeatures, inFeatures]));
    this.bias = hasBias ? new Parameter(zeros([outFeatures])) : null;
    this.resetParameters(options.generator);
  }

  /** Draws weight and bias again from U(−1/√in, 1/√in), weight first. */
  resetParameters(generator?: RandomSource): void {
    const g = resolveGenerator(this.label(), generator);
    const k = 1 / Math.sqrt(this.inFeatures);
    this.weight.data.set(g.uniform(-k, k, [this.outFeatures, this.inFeatures]).data);
    if (this.bias) this.bias.data.set(g.uniform(-k, k, [this.outFeatures]).data);
  }

  /**
   * x·Wᵀ + b: `[..., inFeatures]` → `[..., outFeatures]`.
   *
   * @throws ShapeError if the input's last dimension is not `inFeatures`.
   */
  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor))
      throw new ArgumentError(`${this.label()}: expected a Tensor of shape [..., ${this.inFeatures}], got ${describeValue(x)}`);
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(`${this.label()}: expected input [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    const y = matmul(x, transpose(this.weight));
    return this.bias ? add(y, this.bias) : y;
  }

  /** `inFeatures=2, outFeatures=4, bias=true`. */
  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }

  /** How error messages name this layer: `Linear(in=2, out=4)`. */
  private label(): string {
    return `Linear(in=${this.inFeatures}, out=${this.outFeatures})`;
  }
}
