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
 * Measured per call, copies included, wasm's time against TypeScript's: 8³ 1.6× as long for A·B
 * (0.9× for the transposed products, which TypeScript copies), 10³ even (0.6–0.7× transposed),
 * 16³ 0.43× (0.35×), 64³ 0.24×.
 */
export const WASM_MIN_WORK = 1000;

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
    n * k * m < WASM_MIN_WORK
      ? jsMatmul(a, batchA, b, batchB, batch, n, k, m, transA, transB)
      : large(a, batchA, b, batchB, batch, n, k, m, transA, transB);
}
