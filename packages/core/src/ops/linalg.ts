/**
 * Linear algebra: `matmul` (with NumPy's rules for 1-d and batched operands) and `permute` /
 * `transpose`.
 */
import { record } from '../autograd.js';
import { toTensor } from '../creation.js';
import { ArgumentError, ShapeError, describeValue, fmtShape } from '../errors.js';
import { permuteKernel } from '../kernels/layout.js';
import { matmulKernel, matmulKernel2d } from '../kernels/matmul.js';
import { broadcastShapes, normalizeAxis } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { reshape } from './layout.js';
import type { GradRules } from './primitives.js';
import { sumTo } from './reduce.js';

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
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const x = toTensor(a, 'matmul', 'a');
  const y = toTensor(b, 'matmul', 'b');
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(
      `matmul: both operands need at least one dimension, got ${fmtShape(x.shape)} and ${fmtShape(y.shape)}; use mul for a scalar`,
    );
  }
  const k = x.shape[x.ndim - 1]!;
  const k2 = y.shape[Math.max(0, y.ndim - 2)]!;
  if (k !== k2) {
    throw new ShapeError(`matmul: cannot multiply ${fmtShape(x.shape)} by ${fmtShape(y.shape)}: inner dimensions ${k} and ${k2} differ`);
  }
  // 1-d operands become matrices, and the added axis is dropped again at the end.
  const x2 = x.ndim === 1 ? reshape(x, [1, k]) : x;
  const y2 = y.ndim === 1 ? reshape(y, [k, 1]) : y;
  const out = matmul2(x2, y2);
  if (x.ndim > 1 && y.ndim > 1) return out;
  const shape = out.shape.slice();
  if (y.ndim === 1) shape.splice(shape.length - 1, 1);
  if (x.ndim === 1) shape.splice(shape.length - 1 - (y.ndim === 1 ? 0 : 1), 1);
  return reshape(out, shape);
}

/** The primitive: both operands have rank ≥ 2 and matching inner dimensions. */
function matmul2(a: Tensor, b: Tensor): Tensor {
  const n = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const m = b.shape[b.ndim - 1]!;
  if (a.ndim === 2 && b.ndim === 2) return record('matmul', [a, b], null, matmulKernel2d(a.data, b.data, n, k, m), [n, m]);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', batchA, batchB);
  return record('matmul', [a, b], null, matmulKernel(a.data, batchA, b.data, batchB, batch, n, k, m), [...batch, n, m]);
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
  return record(
    'permute',
    [t],
    { axes: perm },
    permuteKernel(t.data, t.shape, perm),
    perm.map((a) => t.shape[a]!),
  );
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

export const linalgRules: GradRules<'matmul' | 'permute'> = {
  // d(A·B) = dA·B + A·dB, so dL/dA = G·Bᵀ and dL/dB = Aᵀ·G (summed over broadcast batch axes)
  matmul: (g, [a, b], _, __, needs) => [
    needs[0] ? sumTo(matmul2(g, transpose(b!)), a!.shape) : null,
    needs[1] ? sumTo(matmul2(transpose(a!), g), b!.shape) : null,
  ],
  // a permutation's gradient is the inverse permutation
  permute: (g, _, { axes }) => [permute(g, inversePermutation(axes))],
};

function inversePermutation(axes: readonly number[]): number[] {
  const inv = new Array<number>(axes.length);
  axes.forEach((a, i) => (inv[a] = i));
  return inv;
}
