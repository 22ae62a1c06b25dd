/**
 * Linear algebra: `matmul` (with NumPy's rules for 1-d and batched operands) and `permute` /
 * `transpose`.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape } from '../errors.js';
import { kernels } from '../kernels/backend.js';
import { broadcastShapes, normalizeAxis } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { reshape } from './layout.js';
import { toTensor } from './operand.js';
import type { GradRule, OpAttrs } from './primitives.js';
import { record } from '../tape.js';
import { sumTo } from './reduce.js';

/**
 * Options of `matmul`: use an operand transposed (its last two axes swapped) without making a
 * transposed copy first. Backward's products G·Bᵀ and Aᵀ·G are matmuls with these set.
 *
 * @example
 * matmul(g, b, { transposeB: true }); // g · bᵀ
 */
export interface MatmulOptions {
  /** Multiply by aᵀ instead of a (a must have rank ≥ 2). Default false. */
  transposeA?: boolean;
  /** Multiply by bᵀ instead of b (b must have rank ≥ 2). Default false. */
  transposeB?: boolean;
}

/**
 * The matrix product, matmul(A, B)_ij = Σ_k A_ik·B_kj, as `np.matmul` / the `@` operator. Its
 * gradients are G·Bᵀ for A and Aᵀ·G for B (summed over broadcast batch axes).
 *
 * Shapes:
 * - `[n, k] · [k, m] → [n, m]`;
 * - a 1-d left operand is a row `[1, k]` and a 1-d right operand a column `[k, 1]`, and that axis
 *   is dropped from the result (`[k] · [k]` is a 0-d dot product);
 * - with more than two dimensions, the leading ones are batch dimensions and broadcast:
 *   `[b, 1, n, k] · [c, k, m] → [b, c, n, m]`.
 *
 * @throws ShapeError if an operand is 0-d, or the inner dimensions differ.
 *
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toString(); // tensor([3., 7.])
 * matmul(zeros([5, 2, 3]), zeros([3, 4])).shape;                 // [5, 2, 4]
 */
export function matmul(a: TensorLike, b: TensorLike, options?: MatmulOptions): Tensor {
  const x = toTensor(a, 'matmul', 'a');
  const y = toTensor(b, 'matmul', 'b');
  const transposeA = checkFlag(options, 'transposeA', x);
  const transposeB = checkFlag(options, 'transposeB', y);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(
      `matmul: both operands need at least one dimension, got ${fmtShape(x.shape)} and ${fmtShape(y.shape)}; use mul for a scalar`,
    );
  }
  const k = x.shape[x.ndim - (transposeA ? 2 : 1)]!;
  const k2 = y.shape[Math.max(0, y.ndim - (transposeB ? 1 : 2))]!;
  if (k !== k2) {
    const as = transposeA ? `${fmtShape(x.shape)}ᵀ` : fmtShape(x.shape);
    const bs = transposeB ? `${fmtShape(y.shape)}ᵀ` : fmtShape(y.shape);
    throw new ShapeError(`matmul: cannot multiply ${as} by ${bs}: inner dimensions ${k} and ${k2} differ`);
  }
  // 1-d operands become matrices, and the added axis is dropped again at the end.
  const x2 = x.ndim === 1 ? reshape(x, [1, k]) : x;
  const y2 = y.ndim === 1 ? reshape(y, [k, 1]) : y;
  const out = matmul2(x2, y2, transposeA, transposeB);
  if (x.ndim > 1 && y.ndim > 1) return out;
  const shape = out.shape.slice();
  if (y.ndim === 1) shape.splice(shape.length - 1, 1);
  if (x.ndim === 1) shape.splice(shape.length - 1 - (y.ndim === 1 ? 0 : 1), 1);
  return reshape(out, shape);
}

/** The primitive: op(a) · op(b), both of rank ≥ 2 with matching inner dimensions. */
function matmul2(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  const n = a.shape[a.ndim - (transposeA ? 1 : 2)]!;
  const k = a.shape[a.ndim - (transposeA ? 2 : 1)]!;
  const m = b.shape[b.ndim - (transposeB ? 2 : 1)]!;
  const attrs = transposeA || transposeB ? transposeAttrs(transposeA, transposeB) : PLAIN;
  if (a.ndim === 2 && b.ndim === 2) {
    const out = new Tensor(
      kernels.matmul(a.data, NO_BATCH, b.data, NO_BATCH, NO_BATCH, n, k, m, transposeA, transposeB),
      Object.freeze([n, m]),
    );
    return record(out, 'matmul', [a, b], attrs, matmulGrad);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', batchA, batchB);
  const data = kernels.matmul(a.data, batchA, b.data, batchB, batch, n, k, m, transposeA, transposeB);
  const out = new Tensor(data, Object.freeze([...batch, n, m]));
  return record(out, 'matmul', [a, b], attrs, matmulGrad);
}

// C = op(A)·op(B), so dL/dop(A) = G·op(B)ᵀ and dL/dop(B) = op(A)ᵀ·G; undoing op where it
// transposed gives four cases, each one matmul with transposed operands (summed over broadcast
// batch axes):
//   C = A·B:    dA = G·Bᵀ    dB = Aᵀ·G          C = A·Bᵀ:   dA = G·B     dB = Gᵀ·A
//   C = Aᵀ·B:   dA = B·Gᵀ    dB = A·G           C = Aᵀ·Bᵀ:  dA = Bᵀ·Gᵀ   dB = Gᵀ·Aᵀ
const matmulGrad: GradRule<'matmul'> = (g, [a, b], { transposeA: tA = false, transposeB: tB = false }, _, needs) => [
  needs[0] ? sumTo(tA ? matmul2(b!, g, tB, true) : matmul2(g, b!, false, !tB), a!.shape) : null,
  needs[1] ? sumTo(tB ? matmul2(g, a!, true, tA) : matmul2(a!, g, !tA, false), b!.shape) : null,
];

/** The batch shape of a plain product of two matrices: none. */
const NO_BATCH: readonly number[] = Object.freeze([]);

/** The attributes of a plain product: none. */
const PLAIN: OpAttrs['matmul'] = Object.freeze({});

/** The attributes of a product with a transposed operand: only the flags that are set. */
function transposeAttrs(transposeA: boolean, transposeB: boolean): OpAttrs['matmul'] {
  if (!transposeB) return { transposeA: true };
  return transposeA ? { transposeA: true, transposeB: true } : { transposeB: true };
}

/** A transpose flag of `options`, checked: a boolean, and only for an operand of rank ≥ 2. */
function checkFlag(options: MatmulOptions | undefined, name: 'transposeA' | 'transposeB', t: Tensor): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(`matmul: options must be an object, got ${describeValue(options)}`);
  }
  const flag = options[name] ?? false;
  if (typeof flag !== 'boolean') throw new ArgumentError(`matmul: ${name} must be true or false, got ${describeValue(flag)}`);
  if (flag && t.ndim < 2) {
    throw new ShapeError(`matmul: ${name} needs an operand of rank ≥ 2 to transpose, got shape ${fmtShape(t.shape)}`);
  }
  return flag;
}

/**
 * Reorders the axes: output axis k is input axis `axes[k]`, i.e. out[j₀, j₁, …] = x[i] with
 * i_axes[k] = j_k. The gradient is permuted back by the inverse permutation.
 *
 * Shapes: `axes` lists each axis of `x` once (negative ones count from the end); the output's
 * shape is `axes.map((a) => x.shape[a])`.
 *
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 */
export function permute(x: TensorLike, axes: readonly number[]): Tensor {
  const t = toTensor(x, 'permute', 'x');
  if (!Array.isArray(axes) || axes.length !== t.ndim) {
    throw new ArgumentError(
      `permute: axes must list each of the ${t.ndim} axes of a tensor of shape ${fmtShape(t.shape)} once, got ${describeValue(axes)}`,
    );
  }
  const perm = axes.map((a) => normalizeAxis('permute', a, t.ndim));
  if (new Set(perm).size !== perm.length) {
    throw new ArgumentError(`permute: axes must list each axis once, got ${describeValue(axes)}`);
  }
  return permuteChecked(t, perm);
}

/** `permute` once `perm` is known to list each axis of `t` once. */
function permuteChecked(t: Tensor, perm: number[]): Tensor {
  const out = new Tensor(kernels.permute(t.data, t.shape, perm), Object.freeze(perm.map((a) => t.shape[a]!)));
  return record(out, 'permute', [t], { axes: perm }, permuteGrad);
}

/**
 * Swaps two axes (the last two by default: the matrix transpose, xᵀ). With the defaults a 0-d
 * or 1-d tensor comes back with its shape unchanged.
 *
 * Shape: the input's, with dimensions `axis0` and `axis1` swapped.
 *
 * @example
 * transpose(tensor([[1, 2, 3]])).toArray(); // [[1], [2], [3]]
 * transpose(zeros([2, 3, 4]), 0, 2).shape;  // [4, 3, 2]
 */
export function transpose(x: TensorLike, axis0 = -2, axis1 = -1): Tensor {
  const t = toTensor(x, 'transpose', 'x');
  if (t.ndim < 2 && axis0 === -2 && axis1 === -1)
    return permute(
      t,
      t.shape.map((_, i) => i),
    );
  const a = normalizeAxis('transpose', axis0, t.ndim);
  const b = normalizeAxis('transpose', axis1, t.ndim);
  const axes = t.shape.map((_, i) => i);
  [axes[a], axes[b]] = [axes[b]!, axes[a]!];
  return permuteChecked(t, axes);
}

// a permutation's gradient is the inverse permutation
const permuteGrad: GradRule<'permute'> = (g, _, { axes }) => [permute(g, inversePermutation(axes))];

function inversePermutation(axes: readonly number[]): number[] {
  const inv = new Array<number>(axes.length);
  axes.forEach((a, i) => (inv[a] = i));
  return inv;
}
