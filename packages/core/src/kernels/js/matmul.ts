/**
 * Matrix multiplication kernel: `C[b] = A[b] · B[b]` for each pair of matrices in two batches whose
 * batch dimensions broadcast.
 */
import { allocF64 } from './alloc.js';
import { gemmPacked } from './gemm-packed.js';
import { broadcastIndex, type Shape } from '../../shape.js';

/**
 * One `[n, k] · [k, m]` product, accumulated into `c` at `cOff`: the packed kernel
 * (`gemm-packed.ts`) for large products, the plain loops below for small and skinny ones, where
 * packing costs more than it saves (the crossover measured here is about 32³).
 */
function gemm(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  n: number,
  k: number,
  m: number,
): void {
  if (m === 1) gemv(a, aOff, b, bOff, c, cOff, n, k);
  else if (k < 16 || n < 8 || n * k * m < 32768) gemmSmall(a, aOff, b, bOff, c, cOff, n, k, m);
  else gemmPacked(a, aOff, b, bOff, c, cOff, n, k, m);
}

/**
 * The plain loops, for small products: the loop order is i-p-j, so that rows of B and of C are
 * walked in memory order. Four rows of C are computed together and two steps of p at a time: each
 * value of B read from memory then serves eight multiply-adds, with the eight values of A it meets
 * held in locals (registers). About 3.5× the plain triple loop; C is still read and written at
 * every step of p, which the packed kernel avoids.
 */
function gemmSmall(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  n: number,
  k: number,
  m: number,
): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const c0 = cOff + i * m;
    const c1 = c0 + m;
    const c2 = c1 + m;
    const c3 = c2 + m;
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    let p = 0;
    for (; p + 1 < k; p += 2) {
      const x0 = a[a0 + p]!;
      const x1 = a[a1 + p]!;
      const x2 = a[a2 + p]!;
      const x3 = a[a3 + p]!;
      const y0 = a[a0 + p + 1]!;
      const y1 = a[a1 + p + 1]!;
      const y2 = a[a2 + p + 1]!;
      const y3 = a[a3 + p + 1]!;
      const bp = bOff + p * m;
      const bq = bp + m;
      for (let j = 0; j < m; j++) {
        const u = b[bp + j]!;
        const v = b[bq + j]!;
        c[c0 + j]! += x0 * u + y0 * v;
        c[c1 + j]! += x1 * u + y1 * v;
        c[c2 + j]! += x2 * u + y2 * v;
        c[c3 + j]! += x3 * u + y3 * v;
      }
    }
    for (; p < k; p++) {
      const x0 = a[a0 + p]!;
      const x1 = a[a1 + p]!;
      const x2 = a[a2 + p]!;
      const x3 = a[a3 + p]!;
      const bp = bOff + p * m;
      for (let j = 0; j < m; j++) {
        const u = b[bp + j]!;
        c[c0 + j]! += x0 * u;
        c[c1 + j]! += x1 * u;
        c[c2 + j]! += x2 * u;
        c[c3 + j]! += x3 * u;
      }
    }
  }
  // The last rows, one at a time.
  for (; i < n; i++) {
    const ci = cOff + i * m;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p]!;
      const bp = bOff + p * m;
      for (let j = 0; j < m; j++) c[ci + j]! += aip * b[bp + j]!;
    }
  }
}

/** m = 1 (matrix · vector): c[i]! += A[i, :] · b, four rows at a time, so that b is read once per four rows. */
function gemv(a: Float64Array, aOff: number, b: Float64Array, bOff: number, c: Float64Array, cOff: number, n: number, k: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = aOff + i * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let p = 0; p < k; p++) {
      const x = b[bOff + p]!;
      s0 += a[r0 + p]! * x;
      s1 += a[r1 + p]! * x;
      s2 += a[r2 + p]! * x;
      s3 += a[r3 + p]! * x;
    }
    c[cOff + i]! += s0;
    c[cOff + i + 1]! += s1;
    c[cOff + i + 2]! += s2;
    c[cOff + i + 3]! += s3;
  }
  for (; i < n; i++) {
    const r = aOff + i * k;
    let s = 0;
    for (let p = 0; p < k; p++) s += a[r + p]! * b[bOff + p]!;
    c[cOff + i]! += s;
  }
}

/**
 * `C = op(A) · op(B)` for each pair of matrices in two batches whose batch dimensions broadcast:
 * `a` holds `[...batchA, n, k]` matrices (stored `[...batchA, k, n]` when `transA`: op(A) = Aᵀ),
 * `b` holds `[...batchB, k, m]` (stored `[...batchB, m, k]` when `transB`), and the result has
 * shape `[...batch, n, m]`, `batch` being the broadcast of `batchA` and `batchB`.
 *
 * NOTE: a transposed operand is copied once into row-major order, so that the loops read both
 * operands in memory order; backward's products (G·Bᵀ, Aᵀ·G) cost that one copy, as before they
 * were ops of their own.
 */
export function matmul(
  a: Float64Array,
  batchA: Shape,
  b: Float64Array,
  batchB: Shape,
  batch: Shape,
  n: number,
  k: number,
  m: number,
  transA: boolean,
  transB: boolean,
): Float64Array {
  const x = transA ? transposeEach(a, k, n) : a;
  const y = transB ? transposeEach(b, m, k) : b;
  if (batch.length === 0) {
    const c = allocF64(n * m);
    gemm(x, 0, y, 0, c, 0, n, k, m);
    return c;
  }
  const ia = broadcastIndex(batchA, batch);
  const ib = broadcastIndex(batchB, batch);
  const c = allocF64(ia.length * n * m);
  for (let t = 0; t < ia.length; t++) gemm(x, ia[t]! * n * k, y, ib[t]! * k * m, c, t * n * m, n, k, m);
  return c;
}

/**
 * Each `[rows, cols]` matrix of `x` transposed, in a new array: scratch that dies with this call.
 *
 * NOTE: made with `new Float64Array`, not `allocF64`. Taken from `allocF64`'s free lists (backward
 * hands its dead arrays there), these copies raised the `'js'` backend's peak RSS over 1000 W3
 * steps (M1 of `bench/`) from 97–102 MB to 137–148 MB; made new, 100.5 MB. Likely why: a reused
 * array has outlived several minor collections, so once dropped it waits for a full one, while a
 * new array that lives for one call goes at the next minor collection.
 */
function transposeEach(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(x.length);
  const size = rows * cols;
  for (let o = 0; o < x.length; o += size) {
    for (let i = 0; i < rows; i++) {
      const row = o + i * cols;
      for (let j = 0; j < cols; j++) out[o + j * rows + i] = x[row + j]!;
    }
  }
  return out;
}
