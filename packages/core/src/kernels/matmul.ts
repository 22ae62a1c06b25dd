/**
 * Matrix multiplication kernel: `C[b] = A[b] · B[b]` for each pair of matrices in two batches whose
 * batch dimensions broadcast.
 */
import { broadcastIndex, type Shape } from '../shape.js';

/** One `[n, k] · [k, m]` product, accumulated into `c` at `cOff`. Loop order i-p-j keeps B's rows and C's rows contiguous. */
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
  for (let i = 0; i < n; i++) {
    const ci = cOff + i * m;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p]!;
      const bp = bOff + p * m;
      for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j]!;
    }
  }
}

/**
 * `a` of shape `[...batchA, n, k]` times `b` of shape `[...batchB, k, m]` into shape
 * `[...batch, n, m]`, where `batch` is the broadcast of `batchA` and `batchB`.
 */
export function matmulKernel(
  a: Float64Array,
  batchA: Shape,
  b: Float64Array,
  batchB: Shape,
  batch: Shape,
  n: number,
  k: number,
  m: number,
): Float64Array {
  const ia = broadcastIndex(batchA, batch);
  const ib = broadcastIndex(batchB, batch);
  const c = new Float64Array(ia.length * n * m);
  for (let t = 0; t < ia.length; t++) gemm(a, ia[t]! * n * k, b, ib[t]! * k * m, c, t * n * m, n, k, m);
  return c;
}
