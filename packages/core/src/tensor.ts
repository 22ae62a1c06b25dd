/**
 * `Tensor`: an n-d array of float64 values, row-major, that can record the ops applied to it.
 *
 * A tensor made by the user is a *leaf*; set `requiresGrad` on a leaf to have `backward()` fill its
 * `grad`. A tensor made by an op on inputs that require grad holds the tape entry that made it
 * (`entry`), and through it the rest of the computation. The methods are the functions of
 * `ops/` in method form: `x.mul(w).sum()` is `sum(mul(x, w))`.
 */
import { replay, type BackwardOptions } from './backward.js';
import { ArgumentError, GraphError, fmtShape } from './errors.js';
import { type TensorJSON, formatTensor, jsonValues, nestedValues } from './format.js';
import { relu, leakyRelu, prelu, elu } from './ops/activations.js';
import { add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge } from './ops/binary.js';
import { neg, exp, log, log1p, sqrt, abs, tanh, sigmoid, sin, cos, clip } from './ops/unary.js';
import { indexSelect, gather, maskedSelect, argmax, argmin } from './ops/indexing.js';
import { sum, mean, max, min, logSumExp, softmax, logSoftmax } from './ops/reduce.js';
import { matmul, transpose, permute } from './ops/linalg.js';
import { reshape, flatten, squeeze, unsqueeze, broadcastTo, slice, select } from './ops/layout.js';
import { seedGradient } from './ops/operand.js';
import { checkTensorArgs, checkedSize, type Shape } from './shape.js';
import type { Recorded, TapeEntry } from './tape.js';

/** A number, or nested arrays of numbers with a rectangular shape: `[[1, 2], [3, 4]]`. */
export type NestedArray = number | readonly NestedArray[];

/** Anything an op accepts where it expects a tensor: a `Tensor`, a number, or nested arrays. */
export type TensorLike = Tensor | NestedArray;

/** Axes to reduce over: one axis, several, or `undefined` for all of them. */
export type Axes = number | readonly number[] | undefined;

/**
 * An n-d array of float64 values, row-major, that can record the ops applied to it.
 *
 * A tensor made by the user (`tensor()`, `zeros()`, …) is a leaf; with `requiresGrad` set,
 * `backward()` adds d(output)/d(leaf) into its `grad`. A tensor made by an op whose inputs require
 * grad holds the tape entry that made it (`entry`). The methods are the functions in method form,
 * with the same shapes and broadcasting: `x.mul(w).sum()` is `sum(mul(x, w))`.
 *
 * @example
 * const w = tensor([1, 2, 3], { requiresGrad: true });
 * const loss = w.mul(w).sum(); // Σ w², shape []
 * loss.item();                 // 14
 * loss.backward();
 * w.grad?.toString();          // tensor([2., 4., 6.]): d(Σ w²)/dw = 2w
 */
export class Tensor implements Recorded<Tensor> {
  /**
   * The values, row-major. Ops never write into an existing tensor's data; only `backward()` adds
   * into a `grad` it made itself (see `grad`). A tensor you make (`tensor()`, `zeros()`, `clone()`)
   * owns its array; an op's output of 9 to 128 values is a view of a block shared by small outputs
   * (see `kernels/js/alloc.ts`), so use `clone()` before transferring its `data.buffer`.
   */
  readonly data: Float64Array;
  /** The dimensions; `[]` for a 0-d tensor (one value). */
  readonly shape: readonly number[];
  /**
   * The gradient accumulated by `backward()`; `null` until then. Set to `null` to zero it. As in
   * PyTorch, a later `backward()` (without `createGraph`) adds into the tensor it put here, in
   * place: `clone()` it to keep one pass's values. A tensor you assign here yourself is never
   * written; the sum then goes into a new one.
   */
  grad: Tensor | null = null;
  /** An optional name, shown when a tape is printed. */
  name: string | undefined;
  /**
   * The tape entry that produced this tensor, `null` for a leaf. Set by the op that made it; read
   * by backward. Not meant to be written by users.
   */
  entry: TapeEntry<Tensor> | null = null;
  private leafRequiresGrad: boolean;

  /**
   * Wraps `data` (not copied: the tensor owns it from now on) with a shape whose size matches.
   * Most code wants the `tensor()`, `zeros()`, … factories instead.
   *
   * @throws ArgumentError if `data` is not a `Float64Array` or the shape does not hold its length.
   */
  constructor(data: Float64Array, shape: Shape, options?: { requiresGrad?: boolean; name?: string }) {
    // Checked in one test, and explained only when it fails: every op's output passes here.
    if (!(data instanceof Float64Array) || !Array.isArray(shape) || checkedSize(shape) !== data.length || options !== undefined) {
      checkTensorArgs(data, shape, options);
    }
    this.data = data;
    // A frozen shape cannot change under the tensor, so it is shared rather than copied: every op
    // passes its input's shape on, or freezes the one it made. Any other array is copied, so the
    // caller's stays theirs.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.leafRequiresGrad = options?.requiresGrad ?? false;
    this.name = options?.name;
  }

  /** Whether backward computes a gradient for this tensor. Settable on leaves only, as in PyTorch. */
  get requiresGrad(): boolean {
    return this.entry !== null || this.leafRequiresGrad;
  }

  /**
   * Sets whether backward computes a gradient for this leaf.
   *
   * @throws GraphError on a tensor made by an op (not a leaf); use `detach()` for a leaf copy.
   */
  set requiresGrad(value: boolean) {
    if (this.entry !== null) {
      throw new GraphError(
        `requiresGrad: can only be set on a leaf; this tensor was made by ${this.entry.op} (tape entry #${this.entry.index}). Use detach() for a leaf copy`,
      );
    }
    this.leafRequiresGrad = Boolean(value);
  }

  /** True for a tensor made by the user rather than by an op that recorded. */
  get isLeaf(): boolean {
    return this.entry === null;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions (the rank). */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The single value of a one-element tensor (any shape with one element: `[]`, `[1]`, `[1, 1]`).
   *
   * @throws ArgumentError if the tensor has more or fewer than one element.
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new ArgumentError(
        `item: only a tensor with exactly one element has an item; this one has shape ${fmtShape(this.shape)} (${this.data.length} elements)`,
      );
    }
    return this.data[0]!;
  }

  /** The values as nested arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    return nestedValues(this.data, this.shape);
  }

  /** A new leaf sharing this tensor's data, cut off from the tape. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A new leaf with a copy of the data. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /**
   * The tensor as JSON (what `JSON.stringify` calls): `{ shape, data }`, data row-major and exact,
   * with NaN, ±Infinity and −0 (which JSON has no number for) as the strings `"NaN"`,
   * `"Infinity"`, `"-Infinity"` and `"-0"`: the record `stateDictToJSON` writes per tensor.
   *
   * @example
   * JSON.stringify(tensor([[1, -0]])); // '{"shape":[1,2],"data":[1,"-0"]}'
   */
  toJSON(): TensorJSON {
    return { shape: [...this.shape], data: jsonValues(this.data) };
  }

  /** Prints like PyTorch: `tensor([-0.0100,  0.0000,  2.0000], requiresGrad=true)`. */
  toString(): string {
    return formatTensor(this);
  }

  /** What a printed tape shows of this tensor: its shape. */
  tapeLabel(): string {
    return fmtShape(this.shape);
  }

  /**
   * Reverse-mode differentiation from this tensor: adds `grad` · d(this)/d(leaf) into `leaf.grad`
   * for every leaf that requires grad (a vector-Jacobian product). Gradients accumulate across
   * calls, in place into the `grad` tensor, until you set `grad = null`, as in PyTorch. Without
   * `retainGraph` (or `createGraph`) the tape entries are freed as the pass goes, and a second
   * backward through them throws.
   *
   * Shapes: `options.grad`, when given, has this tensor's shape; it may be omitted only for a
   * one-element tensor (it is then 1). Each `leaf.grad` has its leaf's shape.
   *
   * @throws GraphError if this tensor does not require grad, or needs a `grad` it was not given.
   *
   * @example
   * const x = tensor([-1, 0, 2], { requiresGrad: true });
   * sum(leakyRelu(x)).backward();
   * x.grad!.toArray(); // [0.01, 0.01, 1]
   */
  backward(options: BackwardOptions = {}): void {
    replay(this, seedGradient('backward', this, options.grad), options, null);
  }

  // ---- the ops, as methods ----------------------------------------------------------------
  /** `this + other`, elementwise with NumPy broadcasting: {@link add}. */
  add(other: TensorLike): Tensor {
    return add(this, other);
  }
  /** `this − other`, broadcast: {@link sub}. */
  sub(other: TensorLike): Tensor {
    return sub(this, other);
  }
  /** `this · other` elementwise, broadcast: {@link mul}. */
  mul(other: TensorLike): Tensor {
    return mul(this, other);
  }
  /** `this / other`, broadcast: {@link div}. */
  div(other: TensorLike): Tensor {
    return div(this, other);
  }
  /** `this ** exponent`, broadcast: {@link pow}. */
  pow(exponent: TensorLike): Tensor {
    return pow(this, exponent);
  }
  /** max(this, other) elementwise, broadcast; a tie shares the gradient: {@link maximum}. */
  maximum(other: TensorLike): Tensor {
    return maximum(this, other);
  }
  /** min(this, other) elementwise, broadcast; a tie shares the gradient: {@link minimum}. */
  minimum(other: TensorLike): Tensor {
    return minimum(this, other);
  }
  /** 1 where `this == other`, else 0; a constant, never recorded: {@link eq}. */
  eq(other: TensorLike): Tensor {
    return eq(this, other);
  }
  /** 1 where `this != other`, else 0; a constant: {@link ne}. */
  ne(other: TensorLike): Tensor {
    return ne(this, other);
  }
  /** 1 where `this < other`, else 0; a constant: {@link lt}. */
  lt(other: TensorLike): Tensor {
    return lt(this, other);
  }
  /** 1 where `this <= other`, else 0; a constant: {@link le}. */
  le(other: TensorLike): Tensor {
    return le(this, other);
  }
  /** 1 where `this > other`, else 0; a constant: {@link gt}. */
  gt(other: TensorLike): Tensor {
    return gt(this, other);
  }
  /** 1 where `this >= other`, else 0; a constant: {@link ge}. */
  ge(other: TensorLike): Tensor {
    return ge(this, other);
  }
  /** `−x`, same shape: {@link neg}. */
  neg(): Tensor {
    return neg(this);
  }
  /** `eˣ`, same shape: {@link exp}. */
  exp(): Tensor {
    return exp(this);
  }
  /** `ln x`, same shape: {@link log}. */
  log(): Tensor {
    return log(this);
  }
  /** `ln(1 + x)`, same shape: {@link log1p}. */
  log1p(): Tensor {
    return log1p(this);
  }
  /** `√x`, same shape: {@link sqrt}. */
  sqrt(): Tensor {
    return sqrt(this);
  }
  /** `|x|`, same shape: {@link abs}. */
  abs(): Tensor {
    return abs(this);
  }
  /** `tanh x`, same shape: {@link tanh}. */
  tanh(): Tensor {
    return tanh(this);
  }
  /** `σ(x) = 1 / (1 + e^(−x))`, same shape: {@link sigmoid}. */
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  /** `sin x`, same shape: {@link sin}. */
  sin(): Tensor {
    return sin(this);
  }
  /** `cos x`, same shape: {@link cos}. */
  cos(): Tensor {
    return cos(this);
  }
  /** Each value limited to `[min, max]` (`null` for no bound), same shape: {@link clip}. */
  clip(min: number | null, max: number | null): Tensor {
    return clip(this, min, max);
  }
  /** `max(x, 0)`, same shape: {@link relu}. */
  relu(): Tensor {
    return relu(this);
  }
  /** `x if x > 0 else α·x`, α = `negativeSlope` (default 0.01), same shape: {@link leakyRelu}. */
  leakyRelu(negativeSlope?: number): Tensor {
    return leakyRelu(this, negativeSlope);
  }
  /** `x if x > 0 else α_c·x`, α = `weight` (1 value, or one per channel on axis 1): {@link prelu}. */
  prelu(weight: TensorLike): Tensor {
    return prelu(this, weight);
  }
  /** `x if x > 0 else α·(eˣ − 1)`, α = `alpha` (default 1), same shape: {@link elu}. */
  elu(alpha?: number): Tensor {
    return elu(this, alpha);
  }
  /** Σ over `axes` (all by default); reduced axes dropped unless `keepdims`: {@link sum}. */
  sum(axes?: Axes, keepdims?: boolean): Tensor {
    return sum(this, axes, keepdims);
  }
  /** The mean over `axes` (all by default): {@link mean}. */
  mean(axes?: Axes, keepdims?: boolean): Tensor {
    return mean(this, axes, keepdims);
  }
  /** The largest value over `axes` (all by default): {@link max}. */
  max(axes?: Axes, keepdims?: boolean): Tensor {
    return max(this, axes, keepdims);
  }
  /** The smallest value over `axes` (all by default): {@link min}. */
  min(axes?: Axes, keepdims?: boolean): Tensor {
    return min(this, axes, keepdims);
  }
  /** `log Σ exp(x)` over `axes`, computed stably: {@link logSumExp}. */
  logSumExp(axes?: Axes, keepdims?: boolean): Tensor {
    return logSumExp(this, axes, keepdims);
  }
  /** `exp(x_i) / Σ_j exp(x_j)` along `axis` (the last by default), same shape: {@link softmax}. */
  softmax(axis?: number): Tensor {
    return softmax(this, axis);
  }
  /** `x − logSumExp(x)` along `axis` (the last by default), same shape: {@link logSoftmax}. */
  logSoftmax(axis?: number): Tensor {
    return logSoftmax(this, axis);
  }
  /** The matrix product `this @ other` (`[n, k] · [k, m] → [n, m]`, NumPy's rules): {@link matmul}. */
  matmul(other: TensorLike): Tensor {
    return matmul(this, other);
  }
  /** Swaps two axes (the last two by default): {@link transpose}. */
  transpose(axis0?: number, axis1?: number): Tensor {
    return transpose(this, axis0, axis1);
  }
  /** Reorders the axes, given as separate arguments: `x.permute(2, 0, 1)` is {@link permute}`(x, [2, 0, 1])`. */
  permute(...axes: number[]): Tensor {
    return permute(this, axes);
  }
  /** The matrix transpose, `transpose(this)`: `[..., n, m]` becomes `[..., m, n]`; a 0-d or 1-d tensor keeps its shape. */
  get T(): Tensor {
    return transpose(this);
  }
  /**
   * The same values in a new shape, given as separate numbers or one array (`x.reshape(2, -1)` or
   * `x.reshape([2, -1])`): {@link reshape}.
   */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, (Array.isArray(shape[0]) ? shape[0] : shape) as number[]);
  }
  /** Merges axes `startAxis..endAxis` (all by default) into one: {@link flatten}. */
  flatten(startAxis?: number, endAxis?: number): Tensor {
    return flatten(this, startAxis, endAxis);
  }
  /** Removes axes of length 1 (the given ones, or all): {@link squeeze}. */
  squeeze(axes?: Axes): Tensor {
    return squeeze(this, axes);
  }
  /** Inserts an axis of length 1 at `axis`: {@link unsqueeze}. */
  unsqueeze(axis: number): Tensor {
    return unsqueeze(this, axis);
  }
  /** Repeats the values to `shape`, NumPy's broadcasting: {@link broadcastTo}. */
  broadcastTo(shape: readonly number[]): Tensor {
    return broadcastTo(this, shape);
  }
  /** `x[start:stop:step]` along `axis`, as Python slicing: {@link slice}. */
  slice(axis: number, start?: number, stop?: number, step?: number): Tensor {
    return slice(this, axis, start, stop, step);
  }
  /** The entry at `index` along `axis`, that axis removed: {@link select}. */
  select(axis: number, index: number): Tensor {
    return select(this, axis, index);
  }
  /** The entries at positions `index` along `axis`, as `torch.index_select`: {@link indexSelect}. */
  indexSelect(axis: number, index: TensorLike): Tensor {
    return indexSelect(this, axis, index);
  }
  /** The values at `index` along `axis` (index has this rank), as `torch.gather`: {@link gather}. */
  gather(axis: number, index: TensorLike): Tensor {
    return gather(this, axis, index);
  }
  /** The values where `mask ≠ 0`, 1-d, as `torch.masked_select`: {@link maskedSelect}. */
  maskedSelect(mask: TensorLike): Tensor {
    return maskedSelect(this, mask);
  }
  /** The index of the largest value along `axis` (of the flattened tensor without one); a constant: {@link argmax}. */
  argmax(axis?: number | null, keepdims?: boolean): Tensor {
    return argmax(this, axis, keepdims);
  }
  /** The index of the smallest value along `axis` (of the flattened tensor without one); a constant: {@link argmin}. */
  argmin(axis?: number | null, keepdims?: boolean): Tensor {
    return argmin(this, axis, keepdims);
  }
}
