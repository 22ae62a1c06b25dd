/**
 * The `'wasm'` backend's matrix product: the same contract as the TypeScript kernel
 * (`kernels/js/matmul.ts`), computed by the packed SIMD kernel of `assembly/gemm.ts`.
 *
 * Per call: A and B are copied into the module's memory as they are stored (one bulk copy each;
 * a transposed operand is read through strides, never transposed), each product of the batch is
 * computed there, and C is copied out once. Products too small to repay the copies and the call
 * go to the TypeScript kernel (`WASM_MIN_WORK`).
 */
import type { Shape } from '../../shape.js';
import { broadcastIndex } from '../../shape.js';
import { allocF64 } from '../js/alloc.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import type { Workspace } from './module.js';

/**
 * Below this many multiply-adds per product (n·k·m), the TypeScript kernel is as fast or faster.
 * Measured per call, copies included, the module's speed against TypeScript's, for A·B, Aᵀ·B and
 * A·Bᵀ: 8³ 0.5×, 0.65×, 0.8×; 10³ 0.85×, 1.2×, 1.0×; 16³ 1.7×, 2.3×, 2.0×; 64³ 3.2×, 3.0×, 2.4×.
 * A matrix times a vector (m = 1, A not transposed) stays in TypeScript too: 256 × 64 at 0.8×.
 */
export const WASM_MIN_WORK = 2048;

/** The matmul kernel of `Backend` on the module behind `ws`. */
export function wasmMatmul(ws: Workspace) {
  const large = function matmul(
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
    const ia = batch.length === 0 ? null : broadcastIndex(batchA, batch);
    const ib = batch.length === 0 ? null : broadcastIndex(batchB, batch);
    const count = ia === null ? 1 : ia.length;
    const aAt = ws.base;
    const bAt = aAt + a.length * 8;
    const cAt = bAt + b.length * 8;
    const f64 = ws.reserve((a.length + b.length + count * n * m) * 8);
    f64.set(a, aAt / 8);
    f64.set(b, bAt / 8);
    // Byte strides of op(A)[i, p] and op(B)[p, j] (see `gemm`).
    const ai = transA ? 8 : 8 * k;
    const ap = transA ? 8 * n : 8;
    const bp = transB ? 8 : 8 * m;
    const bj = transB ? 8 * k : 8;
    for (let t = 0; t < count; t++) {
      const sa = ia === null ? 0 : ia[t]!;
      const sb = ib === null ? 0 : ib[t]!;
      ws.exports.gemm(aAt + sa * n * k * 8, ai, ap, bAt + sb * k * m * 8, bp, bj, cAt + t * n * m * 8, n, k, m, ws.pack);
    }
    const c = allocF64(count * n * m);
    c.set(f64.subarray(cAt / 8, cAt / 8 + c.length));
    return c;
  };
  // Small enough to be inlined where an op calls it: a small product pays only the size test.
  return (
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
  ) =>
    n * k * m < WASM_MIN_WORK || (m === 1 && !transA)
      ? jsMatmul(a, batchA, b, batchB, batch, n, k, m, transA, transB)
      : large(a, batchA, b, batchB, batch, n, k, m, transA, transB);
}
