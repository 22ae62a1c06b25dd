/**
 * The losses of `losses.ts` as modules, as `torch.nn.MSELoss` and friends: the options are fixed at
 * construction, and `forward(input, target)` calls the function.
 */
import { ArgumentError, type Tensor, type TensorLike, describeValue } from '@tapegrad/core';
import { Module } from './module.js';
import { checkKeys } from './util.js';
import {
  asTensor,
  bceLoss,
  bceWithLogitsLoss,
  checkReduction,
  crossEntropyLoss,
  mseLoss,
  type BCEOptions,
  type BCEWithLogitsOptions,
  type CrossEntropyOptions,
  type Reduction,
} from './losses.js';

/**
 * `mseLoss` as a module: MSE(x, y) = (x − y)², reduced. Shapes as `mseLoss`.
 *
 * @example
 * new MSELoss({ reduction: 'sum' }).forward(tensor([1, 2]), tensor([0, 0])).item(); // 5
 */
export class MSELoss extends Module<[Tensor, TensorLike]> {
  /** How the squared errors are reduced. */
  readonly reduction: Reduction;
  /** A loss with `options.reduction` (default `'mean'`). */
  constructor(options: { reduction?: Reduction } = {}) {
    super();
    checkKeys('MSELoss', options, ['reduction']);
    this.reduction = checkReduction('MSELoss', options.reduction ?? 'mean');
  }
  /** `mseLoss(input, target, { reduction })`. */
  forward(input: Tensor, target: TensorLike): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
  /** `reduction=mean`. */
  override extraRepr(): string {
    return `reduction=${this.reduction}`;
  }
}

/**
 * `bceLoss` as a module: binary cross-entropy on probabilities (after a `Sigmoid`),
 * −w·(y·log x + (1 − y)·log(1 − x)), reduced. Shapes as `bceLoss`.
 *
 * @example
 * new BCELoss().forward(tensor([0.9, 0.1]), tensor([1, 0])).item(); // 0.10536051565782628
 */
export class BCELoss extends Module<[Tensor, TensorLike]> {
  /** The options given to the constructor (a copy), passed to `bceLoss` by `forward`. */
  readonly options: Readonly<BCEOptions>;
  /** A loss with `options` (checked now: a bad `reduction` or `weight` throws here). */
  constructor(options: BCEOptions = {}) {
    super();
    checkKeys('BCELoss', options, ['reduction', 'weight']);
    checkReduction('BCELoss', options.reduction ?? 'mean');
    if (options.weight !== undefined) asTensor('BCELoss', 'weight', options.weight);
    this.options = { ...options };
  }
  /** `bceLoss(input, target, options)`. */
  forward(input: Tensor, target: TensorLike): Tensor {
    return bceLoss(input, target, this.options);
  }
  /** `reduction=mean`. */
  override extraRepr(): string {
    return `reduction=${this.options.reduction ?? 'mean'}`;
  }
}

/**
 * `bceWithLogitsLoss` as a module: binary cross-entropy on logits x, BCE(σ(x), y) computed stably.
 * Shapes as `bceWithLogitsLoss`.
 *
 * @example
 * new BCEWithLogitsLoss().forward(tensor([0]), tensor([1])).item(); // 0.6931471805599453
 */
export class BCEWithLogitsLoss extends Module<[Tensor, TensorLike]> {
  /** The options given to the constructor (a copy), passed to `bceWithLogitsLoss` by `forward`. */
  readonly options: Readonly<BCEWithLogitsOptions>;
  /** A loss with `options` (checked now: a bad `reduction`, `weight` or `posWeight` throws here). */
  constructor(options: BCEWithLogitsOptions = {}) {
    super();
    checkKeys('BCEWithLogitsLoss', options, ['reduction', 'weight', 'posWeight']);
    checkReduction('BCEWithLogitsLoss', options.reduction ?? 'mean');
    if (options.weight !== undefined) asTensor('BCEWithLogitsLoss', 'weight', options.weight);
    if (options.posWeight !== undefined) asTensor('BCEWithLogitsLoss', 'posWeight', options.posWeight);
    this.options = { ...options };
  }
  /** `bceWithLogitsLoss(input, target, options)`. */
  forward(input: Tensor, target: TensorLike): Tensor {
    return bceWithLogitsLoss(input, target, this.options);
  }
  /** `reduction=mean`. */
  override extraRepr(): string {
    return `reduction=${this.options.reduction ?? 'mean'}`;
  }
}

/**
 * `crossEntropyLoss` as a module: cross-entropy of logits `[N, C, ...]` against class indices
 * `[N, ...]`, −w[y_n]·log softmax(x_n)[y_n], computed stably. Shapes as `crossEntropyLoss`.
 *
 * @example
 * new CrossEntropyLoss().forward(tensor([[2, 0, 0], [0, 0, 0]]), [0, 2]).item(); // 0.6690785274449971: (0.2395 + ln 3) / 2
 */
export class CrossEntropyLoss extends Module<[Tensor, TensorLike]> {
  /** The options given to the constructor (a copy), passed to `crossEntropyLoss` by `forward`. */
  readonly options: Readonly<CrossEntropyOptions>;
  /** A loss with `options` (checked now: a bad `reduction`, `weight` or `ignoreIndex` throws here). */
  constructor(options: CrossEntropyOptions = {}) {
    super();
    checkKeys('CrossEntropyLoss', options, ['reduction', 'weight', 'ignoreIndex']);
    checkReduction('CrossEntropyLoss', options.reduction ?? 'mean');
    if (options.weight !== undefined) asTensor('CrossEntropyLoss', 'weight', options.weight);
    if (options.ignoreIndex !== undefined && !Number.isInteger(options.ignoreIndex)) {
      throw new ArgumentError(`CrossEntropyLoss: ignoreIndex must be an integer, got ${describeValue(options.ignoreIndex)}`);
    }
    this.options = { ...options };
  }
  /** `crossEntropyLoss(input, target, options)`. */
  forward(input: Tensor, target: TensorLike): Tensor {
    return crossEntropyLoss(input, target, this.options);
  }
  /** `reduction=mean`. */
  override extraRepr(): string {
    return `reduction=${this.options.reduction ?? 'mean'}`;
  }
}
