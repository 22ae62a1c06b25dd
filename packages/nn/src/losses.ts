/**
 * Loss functions, as `torch.nn` losses: each a function (`mseLoss(input, target)`) and a module
 * (`new MSELoss().forward(input, target)`), with PyTorch's `reduction`:
 *
 *   'mean' (default)  the mean over elements (CrossEntropyLoss: a weighted mean over targets)
 *   'sum'             the sum
 *   'none'            one value per element (per target for CrossEntropyLoss)
 *
 * Each is composed from core ops, so its gradient follows from theirs, and each is written to be
 * numerically stable: no exp that can overflow, no log of 0.
 */
import {
  ArgumentError,
  ShapeError,
  Tensor,
  abs,
  add,
  clip,
  div,
  exp,
  log,
  log1p,
  logSoftmax,
  maximum,
  mean,
  mul,
  neg,
  sub,
  sum,
  tensor,
  type TensorLike,
  describeValue,
  fmtShape,
} from '@tapegrad/core';
import { checkKeys } from './util.js';

/**
 * How a loss reduces its per-element values, as PyTorch's `reduction`: `'mean'` (the default),
 * `'sum'`, or `'none'` (no reduction: one value per element, or per target for cross-entropy).
 */
export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(who: string, reduction: unknown): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ArgumentError(`${who}: reduction must be 'mean', 'sum' or 'none', got ${describeValue(reduction)}`);
  }
  return reduction;
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? loss : reduction === 'sum' ? sum(loss) : mean(loss);
}

export function asTensor(who: string, what: string, x: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  try {
    return tensor(x);
  } catch (e) {
    throw new ArgumentError(`${who}: ${what} must be a Tensor, a number or nested arrays of numbers: ${(e as Error).message}`);
  }
}

/** The prediction must be a tensor (it is what the gradient flows back through). */
function checkInput(who: string, input: unknown): asserts input is Tensor {
  if (!(input instanceof Tensor)) throw new ArgumentError(`${who}: input must be a Tensor, got ${describeValue(input)}`);
}

/**
 * A per-element weight must broadcast to the input's shape without changing it, as PyTorch
 * expands `weight` to the input's size (a larger weight would silently enlarge the loss).
 */
function checkWeightShape(who: string, what: string, w: Tensor, shape: readonly number[]): void {
  const fits = w.ndim <= shape.length && w.shape.every((d, i) => d === 1 || d === shape[shape.length - w.ndim + i]);
  if (!fits) throw new ShapeError(`${who}: ${what} of shape ${fmtShape(w.shape)} must broadcast to the input shape ${fmtShape(shape)}`);
}

/** Input and target must have the same shape (PyTorch deprecates, and we refuse, a silent broadcast). */
function checkSameShape(who: string, input: Tensor, target: Tensor): void {
  if (input.shape.length !== target.shape.length || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError(`${who}: target shape ${fmtShape(target.shape)} must equal input shape ${fmtShape(input.shape)}`);
  }
}

// ---- mean squared error -----------------------------------------------------------------------

/**
 * MSE(x, y) = (x − y)², elementwise, then reduced (by default the mean over all elements). Its
 * gradient is 2(x − y), divided by the count for `'mean'`.
 *
 * Shapes: input and target equal; the output is `[]`, or the input's shape for `'none'`.
 *
 * @throws ShapeError if the shapes differ (there is no silent broadcast).
 *
 * @example
 * mseLoss(tensor([1, 2]), tensor([0, 0])).item();                          // 2.5
 * mseLoss(tensor([1, 2]), [0, 0], { reduction: 'none' }).toString();       // tensor([1., 4.])
 */
export function mseLoss(input: Tensor, target: TensorLike, options: { reduction?: Reduction } = {}): Tensor {
  checkKeys('mseLoss', options, ['reduction']);
  const reduction = checkReduction('mseLoss', options.reduction ?? 'mean');
  checkInput('mseLoss', input);
  const y = asTensor('mseLoss', 'target', target);
  checkSameShape('mseLoss', input, y);
  const d = sub(input, y);
  return reduce(mul(d, d), reduction);
}

// ---- binary cross-entropy on probabilities ---------------------------------------------------

/**
 * Options of `bceLoss` and `BCELoss`.
 *
 * @example
 * const options: BCEOptions = { reduction: 'sum', weight: tensor([1, 0]) };
 * bceLoss(tensor([0.5, 0.5]), tensor([1, 0]), options).item(); // 0.6931471805599453: ln 2, the second weighted 0
 */
export interface BCEOptions {
  /** How the per-element losses are reduced. Default `'mean'`. */
  reduction?: Reduction;
  /** A rescaling weight, broadcast against the input (PyTorch's `weight`). */
  weight?: TensorLike;
}

/**
 * BCE(x, y) = −w·(y·log x + (1 − y)·log(1 − x)), for probabilities x ∈ [0, 1], reduced.
 *
 * As PyTorch, each log is clamped at −100, so that x = 0 or 1 gives a finite loss (at most 100)
 * rather than ∞ or NaN.
 *
 * NOTE: where a log is clamped (x < e⁻¹⁰⁰ or 1 − x < e⁻¹⁰⁰) the gradient here is 0, the
 * derivative of the clamped function; PyTorch's hand-written backward instead returns
 * (x − y) / max(x(1 − x), 10⁻¹²) there. Elsewhere both are −y/x + (1 − y)/(1 − x), up to rounding.
 * For saturated outputs prefer `bceWithLogitsLoss` on the logits, which never clamps.
 *
 * Shapes: input and target equal; `weight` broadcasts to them; the output is `[]`, or the input's
 * shape for `'none'`.
 *
 * @throws ArgumentError if an input is not a probability in [0, 1].
 *
 * @example
 * bceLoss(tensor([0.9, 0.1]), tensor([1, 0])).item(); // 0.10536051565782628: −ln 0.9
 * bceLoss(tensor([0]), tensor([1])).item();           // 100: the clamped log
 */
export function bceLoss(input: Tensor, target: TensorLike, options: BCEOptions = {}): Tensor {
  checkKeys('bceLoss', options, ['reduction', 'weight']);
  const reduction = checkReduction('bceLoss', options.reduction ?? 'mean');
  checkInput('bceLoss', input);
  const y = asTensor('bceLoss', 'target', target);
  checkSameShape('bceLoss', input, y);
  const weight = options.weight === undefined ? null : asTensor('bceLoss', 'weight', options.weight);
  if (weight) checkWeightShape('bceLoss', 'weight', weight, input.shape);
  for (let i = 0; i < input.size; i++) {
    const v = input.data[i]!;
    if (!(v >= 0 && v <= 1))
      throw new ArgumentError(
        `bceLoss: every input must be a probability in [0, 1], got ${v} at flat index ${i} (use bceWithLogitsLoss for logits)`,
      );
  }
  let loss = neg(add(mul(y, clampedLog(input)), mul(sub(1, y), clampedLog(sub(1, input)))));
  if (weight) loss = mul(loss, weight);
  return reduce(loss, reduction);
}

/** max(log p, −100), with no NaN in its gradient where p = 0. */
function clampedLog(p: Tensor): Tensor {
  // NOTE: the inner clip keeps log's argument > 0, so that its gradient g/p is never 0/0 where
  // the outer clip has cut the gradient to 0.
  return clip(log(clip(p, Number.MIN_VALUE, null)), -100, null);
}

// ---- binary cross-entropy on logits ------------------------------------------------------------

/**
 * Options of `bceWithLogitsLoss` and `BCEWithLogitsLoss`: those of BCE, and `posWeight`.
 *
 * @example
 * bceWithLogitsLoss(tensor([0]), tensor([1]), { posWeight: tensor([3]) }).item(); // 2.0794415416798357: 3·ln 2
 */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** The weight of positive examples, broadcast along the last axis (PyTorch's `pos_weight`). */
  posWeight?: TensorLike;
}

/**
 * BCE(σ(x), y) computed from the logits x without forming σ(x):
 *
 *   loss = (1 − y)·x + l·(log(1 + e^(−|x|)) + max(−x, 0)),   l = 1 + (posWeight − 1)·y
 *
 * which equals −y·log σ(x) − (1 − y)·log(1 − σ(x)) (with posWeight = 1), never overflows and
 * never takes the log of 0. Its gradient is σ(x) − y (with posWeight = 1); at x = 0 the two
 * kinks' gradients cancel to exactly σ(0) − y = 1/2 − y.
 *
 * Shapes: input and target equal; `weight` broadcasts to them, as does `posWeight`; the output is
 * `[]`, or the input's shape for `'none'`.
 *
 * @example
 * bceWithLogitsLoss(tensor([1000]), tensor([0])).item(); // 1000, not Infinity
 * bceWithLogitsLoss(tensor([0]), tensor([1])).item();    // 0.6931471805599453: ln 2
 */
export function bceWithLogitsLoss(input: Tensor, target: TensorLike, options: BCEWithLogitsOptions = {}): Tensor {
  checkKeys('bceWithLogitsLoss', options, ['reduction', 'weight', 'posWeight']);
  const reduction = checkReduction('bceWithLogitsLoss', options.reduction ?? 'mean');
  checkInput('bceWithLogitsLoss', input);
  const y = asTensor('bceWithLogitsLoss', 'target', target);
  checkSameShape('bceWithLogitsLoss', input, y);
  const weight = options.weight === undefined ? null : asTensor('bceWithLogitsLoss', 'weight', options.weight);
  if (weight) checkWeightShape('bceWithLogitsLoss', 'weight', weight, input.shape);
  const posWeight = options.posWeight === undefined ? null : asTensor('bceWithLogitsLoss', 'posWeight', options.posWeight);
  if (posWeight) checkWeightShape('bceWithLogitsLoss', 'posWeight', posWeight, input.shape);
  // log(1 + e^(−x)) = log1p(e^(−|x|)) + max(−x, 0): the exponent is never positive.
  const softplusNeg = add(log1p(exp(neg(abs(input)))), maximum(neg(input), 0));
  const l = posWeight === null ? null : add(1, mul(sub(posWeight, 1), y));
  let loss = add(mul(sub(1, y), input), l === null ? softplusNeg : mul(l, softplusNeg));
  if (weight) loss = mul(loss, weight);
  return reduce(loss, reduction);
}

// ---- cross-entropy over classes --------------------------------------------------------------

/**
 * Options of `crossEntropyLoss` and `CrossEntropyLoss`.
 *
 * @example
 * // Two samples, two classes; the second sample's target is the ignored index:
 * crossEntropyLoss(tensor([[0, 0], [0, 0]]), [0, 1], { ignoreIndex: 1 }).item(); // 0.6931471805599453
 */
export interface CrossEntropyOptions {
  /** How the per-target losses are reduced: `'mean'` (default) divides by Σ w[y_n] over the targets not ignored. */
  reduction?: Reduction;
  /** A weight per class, shape `[C]` (PyTorch's `weight`). */
  weight?: TensorLike;
  /** Targets equal to this class index are ignored: they add nothing and do not count in the mean. Default −100, as PyTorch. */
  ignoreIndex?: number;
}

/**
 * Cross-entropy of class scores (logits) against class indices:
 *
 *   loss_n = −w[y_n]·log softmax(x_n)[y_n],   mean = Σ loss_n / Σ w[y_n]
 *
 * computed through `logSoftmax`, which subtracts the maximum first: no overflow for large logits.
 *
 * Shapes, as PyTorch: input `[N, C]` with target `[N]`; input `[N, C, d1, ...]` with target
 * `[N, d1, ...]`; or one sample, input `[C]` with target `[]`. Targets are integers in `[0, C)`
 * (or `ignoreIndex`), given as a Tensor or an array.
 *
 * @throws ArgumentError if a target is not an integer in `[0, C)` nor `ignoreIndex`.
 *
 * @example
 * crossEntropyLoss(tensor([[2, 0, 0]]), [0]).item(); // 0.2395447662218846: −log(e²/(e² + 2))
 */
export function crossEntropyLoss(input: Tensor, target: TensorLike, options: CrossEntropyOptions = {}): Tensor {
  const who = 'crossEntropyLoss';
  checkKeys(who, options, ['reduction', 'weight', 'ignoreIndex']);
  const reduction = checkReduction(who, options.reduction ?? 'mean');
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new ArgumentError(`${who}: ignoreIndex must be an integer, got ${describeValue(ignoreIndex)}`);
  if (!(input instanceof Tensor))
    throw new ArgumentError(`${who}: input must be a Tensor of shape [N, C, ...] or [C], got ${describeValue(input)}`);
  if (input.ndim === 0) throw new ShapeError(`${who}: input must be a Tensor of shape [N, C, ...] or [C], got ${fmtShape(input.shape)}`);
  const classAxis = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classAxis]!;
  const t = asTensor(who, 'target', target);
  const expected = input.shape.filter((_, i) => i !== classAxis);
  if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      `${who}: for input ${fmtShape(input.shape)} (${C} classes on axis ${classAxis}) the target of class indices must have shape ${fmtShape(expected)}, got ${fmtShape(t.shape)}`,
    );
  }
  let classWeight: Float64Array | null = null;
  if (options.weight !== undefined) {
    const w = asTensor(who, 'weight', options.weight);
    if (w.ndim !== 1 || w.size !== C)
      throw new ShapeError(`${who}: weight must have shape [${C}] (one per class), got ${fmtShape(w.shape)}`);
    classWeight = w.data;
  }
  // `pick` holds w[y_n] at each target's class and 0 elsewhere: a constant, so the loss's
  // gradient with respect to the logits is pick-weighted (softmax − one-hot), as it should be.
  const pick = new Float64Array(input.size);
  const inner = input.shape.slice(classAxis + 1).reduce((a, b) => a * b, 1);
  let totalWeight = 0;
  for (let k = 0; k < t.size; k++) {
    const cls = t.data[k]!;
    if (cls === ignoreIndex) continue;
    if (!Number.isInteger(cls) || cls < 0 || cls >= C) {
      throw new ArgumentError(
        `${who}: target ${cls} at flat index ${k} is not a class index in [0, ${C}) (nor ignoreIndex ${ignoreIndex})`,
      );
    }
    const w = classWeight ? classWeight[cls]! : 1;
    const n = Math.floor(k / inner);
    const j = k % inner;
    pick[(n * C + cls) * inner + j] = w;
    totalWeight += w;
  }
  const picked = new Tensor(pick, input.shape);
  const perTarget = neg(sum(mul(logSoftmax(input, classAxis), picked), classAxis));
  if (reduction === 'none') return perTarget;
  const total = sum(perTarget);
  return reduction === 'sum' ? total : div(total, totalWeight);
}
