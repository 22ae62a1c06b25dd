/**
 * The primitives: every op that records onto the tape (with `record()`, in `tape.ts`), and the
 * attributes its entry keeps.
 *
 * Everything else (`mean`, `softmax`, `transpose`, `squeeze`, `stack`, …) is composed from these,
 * so its gradient follows from theirs. Each primitive's gradient rule sits next to its forward in
 * its family's file and is handed to `record()`, which stores it in the tape entry; backward calls
 * the rule the entry carries. Each rule is typed `GradRule<K>` for its op `K`, so the attributes a
 * rule reads are the ones its op records.
 *
 * Where a derivative needs a loop of its own for speed, it is a primitive too, as in PyTorch's
 * `derivatives.yaml`: `leakyRelu`'s rule calls `leakyReluBackward`, whose kernel is the one place
 * the derivative is computed and whose own rule gives second derivatives.
 */
import type { Tensor } from '../tensor.js';

type None = Record<string, never>;
type Reduce = { axes: number[]; keepdims: boolean };

/**
 * Every primitive op, by name, with the attributes its tape entry keeps (the op's non-tensor
 * arguments, as `tapeOf(...).toString()` prints them after the `;`). `None` is an empty object.
 *
 * @example
 * const a: OpAttrs['leakyRelu'] = { negativeSlope: 0.01 };
 */
export interface OpAttrs {
  // binary, with NumPy broadcasting (ops/binary.ts)
  /** `a + b`: no attributes. */
  add: None;
  /** `a − b`: no attributes. */
  sub: None;
  /** `a · b`: no attributes. */
  mul: None;
  /** `a / b`: no attributes. */
  div: None;
  /** `aᵇ`: no attributes. */
  pow: None;
  /** `max(a, b)`: no attributes. */
  maximum: None;
  /** `min(a, b)`: no attributes. */
  minimum: None;
  /** `where(cond, a, b)`: no attributes. */
  where: None;
  // unary (ops/unary.ts)
  /** `−x`: no attributes. */
  neg: None;
  /** `eˣ`: no attributes. */
  exp: None;
  /** `ln x`: no attributes. */
  log: None;
  /** `ln(1 + x)`: no attributes. */
  log1p: None;
  /** `√x`: no attributes. */
  sqrt: None;
  /** `|x|`: no attributes. */
  abs: None;
  /** `tanh x`: no attributes. */
  tanh: None;
  /** `σ(x)`: no attributes. */
  sigmoid: None;
  /** `sin x`: no attributes. */
  sin: None;
  /** `cos x`: no attributes. */
  cos: None;
  /** `sigmoidBackward(g, y)`, y = σ(x): no attributes. */
  sigmoidBackward: None;
  /** `tanhBackward(g, y)`, y = tanh x: no attributes. */
  tanhBackward: None;
  /**
   * `clip(x, min, max)`: the bounds, ±∞ where none was given.
   *
   * @property min The lower bound.
   * @property max The upper bound.
   */
  clip: { min: number; max: number };
  // activations (ops/activations.ts)
  /** `max(z, 0)`: no attributes. */
  relu: None;
  /**
   * `leakyRelu(z, α)`: the slope α.
   *
   * @property negativeSlope α, the slope for z ≤ 0.
   */
  leakyRelu: { negativeSlope: number };
  /** `prelu(z, α)`: none; α is an input, since it can be learned. */
  prelu: None;
  /**
   * `elu(z, α)`: α.
   *
   * @property alpha α, the scale of the negative side: elu(z) → −α as z → −∞.
   */
  elu: { alpha: number };
  /** `reluBackward(g, z)`: no attributes. */
  reluBackward: None;
  /**
   * `leakyReluBackward(g, z, α)`: the slope α.
   *
   * @property negativeSlope α, the slope for z ≤ 0.
   */
  leakyReluBackward: { negativeSlope: number };
  /**
   * `eluBackward(g, z, α)`: α.
   *
   * @property alpha α, the scale of the negative side.
   */
  eluBackward: { alpha: number };
  /** `preluBackward(g, z, α)`'s first output, the gradient of z: no attributes. */
  preluBackwardInput: None;
  /** `preluBackward(g, z, α)`'s second output, the gradient of α: no attributes. */
  preluBackwardWeight: None;
  // reductions (ops/reduce.ts)
  /** `sum(x)`: the reduced axes (sorted, non-negative) and `keepdims`. */
  sum: Reduce;
  /** `max(x)`: the reduced axes and `keepdims`. */
  max: Reduce;
  /** `min(x)`: the reduced axes and `keepdims`. */
  min: Reduce;
  // linear algebra (ops/linalg.ts)
  /**
   * `matmul(a, b)` on operands of rank ≥ 2: which operands are used transposed, when any is (a
   * plain product has no attributes, and its tape entry prints none).
   *
   * @property transposeA Present and true when the product uses aᵀ (the last two axes swapped).
   * @property transposeB Present and true when the product uses bᵀ.
   */
  matmul: { transposeA?: true; transposeB?: true };
  /**
   * `permute(x, axes)`: the permutation.
   *
   * @property axes Output axis k is input axis `axes[k]`.
   */
  permute: { axes: number[] };
  // layout (ops/layout.ts)
  /**
   * `reshape(x, shape)`: the new shape.
   *
   * @property shape The output's shape, with any −1 resolved.
   */
  reshape: { shape: number[] };
  /**
   * `broadcastTo(x, shape)`: the target shape.
   *
   * @property shape The output's shape.
   */
  broadcastTo: { shape: number[] };
  /**
   * `concat(tensors, axis)`: the axis joined along.
   *
   * @property axis The axis, non-negative.
   */
  concat: { axis: number };
  /**
   * `slice(x, axis, start, stop, step)`, resolved: `count` positions from `start` in steps of `step`.
   *
   * @property axis The sliced axis, non-negative.
   * @property start The first index taken.
   * @property step The distance between indices taken.
   * @property count The number of indices taken.
   */
  slice: { axis: number; start: number; step: number; count: number };
  /**
   * The gradient of `slice`: `g` scattered into zeros of length `size` along `axis`.
   *
   * @property axis The axis, non-negative.
   * @property start The first index written.
   * @property step The distance between indices written.
   * @property size The length of `axis` in the output.
   */
  unslice: { axis: number; start: number; step: number; size: number };
  // indexing (ops/indexing.ts); the index (or mask) is an input that needs no gradient
  /**
   * `indexSelect(x, axis, index)`: the axis.
   *
   * @property axis The axis indexed, non-negative.
   */
  indexSelect: { axis: number };
  /**
   * The gradient of `indexSelect`: `g` added into zeros of length `size` along `axis` at the positions in `index`.
   *
   * @property axis The axis, non-negative.
   * @property size The length of `axis` in the output (the input's length there).
   */
  indexSelectBackward: { axis: number; size: number };
  /**
   * `gather(x, axis, index)`: the axis.
   *
   * @property axis The axis indexed, non-negative.
   */
  gather: { axis: number };
  /**
   * The gradient of `gather`: `g` scattered (added) into zeros of `shape` along `axis`.
   *
   * @property axis The axis, non-negative.
   * @property shape The output's shape (the gathered input's shape).
   */
  gatherBackward: { axis: number; shape: number[] };
  /** `maskedSelect(x, mask)` once both are broadcast to one shape: no attributes. */
  maskedSelect: None;
  /** The gradient of `maskedSelect`: `g` written into zeros of the mask's shape where the mask is set: no attributes. */
  maskedSelectBackward: None;
}

/**
 * The name of a primitive op: a key of `OpAttrs` (`'add'`, `'leakyRelu'`, `'matmul'`, …).
 *
 * @example
 * const op: OpName = 'leakyRelu';
 */
export type OpName = keyof OpAttrs;

/**
 * A gradient rule: given `g`, the gradient of the loss with respect to the op's output, return the
 * gradient with respect to each input (same shape as that input), or `null` for an input that needs
 * none (`needs[i]` is false) or whose gradient is zero. Rules are written with tensor ops, so that
 * with `createGraph` the backward pass is itself recorded and can be differentiated again.
 */
export type GradRule<K extends OpName> = (
  g: Tensor,
  inputs: readonly Tensor[],
  attrs: OpAttrs[K],
  output: Tensor,
  needs: readonly boolean[],
) => readonly (Tensor | null)[];
