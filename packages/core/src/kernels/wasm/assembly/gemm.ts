/**
 * Matrix product in WebAssembly with 128-bit SIMD: `C = op(A) · op(B)`, float64, for the `'wasm'`
 * backend. This file is AssemblyScript (TypeScript's syntax, WebAssembly's types: `f64`, `usize`,
 * `v128`); `pnpm build` compiles it to the module that `kernels/wasm/module.ts` embeds.
 *
 * The method is the one of every fast BLAS (Goto's, as in BLIS and OpenBLAS), in three steps:
 *
 * 1. Pack. A block of B (KC rows × NC columns) is copied into panels 4 columns wide, and a block of
 *    A (MC rows × KC columns) into panels 4 rows tall, each panel laid out in the order the
 *    micro-kernel reads it. Packing reads A and B through strides, so a transposed operand (Aᵀ·G or
 *    G·Bᵀ in backward) is packed straight from its storage, with no transposed copy.
 * 2. Multiply. The micro-kernel keeps a 4 × 4 block of C in eight `f64x2` registers (two values
 *    each) over a whole depth KC: per step p it loads 4 values of B (two registers) and 4 of A (each
 *    splatted to both lanes), and does 8 multiplies and 8 adds of two values each. 16 flops per
 *    6 loads; the packed panels stay in L1, the packed block of A in L2.
 * 3. Write C once per block of depth: stored on the first block, added on the next ones.
 *
 * Every pointer and stride here is in bytes of linear memory; the caller (`kernels/wasm/matmul.ts`)
 * copies A and B in, and C out. Results differ from the TypeScript kernel only in the order of the
 * additions (a few units in the last place).
 */

/** Rows of C per micro-kernel block. */
const MR: usize = 4;
/** Columns of C per micro-kernel block. */
const NR: usize = 4;
/** Depth of a packed block (steps of p). */
const KC: usize = 256;
/** Rows of a packed block of A: MC × KC × 8 bytes = 128 KiB, in L2. */
const MC: usize = 64;
/** Columns of a packed block of B: KC × NC × 8 bytes = 1 MiB. */
const NC: usize = 512;

/** Bytes of scratch `gemm` needs at `pack`: the packed blocks of A and B and an edge tile. */
export function packBytes(): usize {
  return (MC * KC + KC * NC + MR * NR) * 8;
}

/** Where AssemblyScript's static data ends: linear memory from here on is the caller's. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * `C[n, m] = op(A)[n, k] · op(B)[k, m]`, C row-major and dense at `c`.
 * `op(A)[i, p]` is the f64 at `a + i·ai + p·ap` (bytes), `op(B)[p, j]` at `b + p·bp + j·bj`: for a
 * row-major A, ai = 8k and ap = 8; for A stored transposed (k × n), ai = 8 and ap = 8n.
 * `pack` is scratch of `packBytes()` bytes.
 */
export function gemm(
  a: usize,
  ai: usize,
  ap: usize,
  b: usize,
  bp: usize,
  bj: usize,
  c: usize,
  n: usize,
  k: usize,
  m: usize,
  pack: usize,
): void {
  const packA = pack;
  const packB = pack + MC * KC * 8;
  const edge = packB + KC * NC * 8;
  const ldc = m * 8;
  if (k === 0) {
    memory.fill(c, 0, n * ldc);
    return;
  }
  for (let jc: usize = 0; jc < m; jc += NC) {
    const nc = min(NC, m - jc);
    for (let pc: usize = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanels(packB, b + pc * bp + jc * bj, bj, bp, nc, kc);
      for (let ic: usize = 0; ic < n; ic += MC) {
        const mc = min(MC, n - ic);
        packPanels(packA, a + ic * ai + pc * ap, ai, ap, mc, kc);
        for (let jr: usize = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bPanel = packB + jr * kc * 8;
          for (let ir: usize = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const cTile = c + (ic + ir) * ldc + (jc + jr) * 8;
            const aPanel = packA + ir * kc * 8;
            // A block past C's edge is computed into the 4 × 4 scratch tile, then its corner copied.
            const whole = rows === MR && cols === NR;
            micro(kc, aPanel, bPanel, whole ? cTile : edge, whole ? ldc : NR * 8, whole && pc > 0);
            if (!whole) copyEdge(edge, cTile, ldc, rows, cols, pc === 0);
          }
        }
      }
    }
  }
}

/**
 * Packs `count` lines of a matrix into panels of 4 lines, each panel `depth` × 4 values in the
 * order the micro-kernel reads them (the 4 values of step p together), padded with zeros past the
 * last line. Line l, step p is the f64 at `src + l·lineStride + p·stepStride`. Used for A (lines are
 * rows, steps are columns) and for B (lines are columns, steps are rows).
 */
function packPanels(dst: usize, src: usize, lineStride: usize, stepStride: usize, count: usize, depth: usize): void {
  for (let l: usize = 0; l < count; l += 4) {
    const s0 = src + l * lineStride;
    if (l + 4 <= count) {
      const s1 = s0 + lineStride;
      const s2 = s1 + lineStride;
      const s3 = s2 + lineStride;
      if (lineStride === 8) {
        // The 4 lines are adjacent in memory (B's columns, or a transposed A's rows): two 2-value loads.
        for (let p: usize = 0, d = dst, o: usize = 0; p < depth; p++, d += 32, o += stepStride) {
          v128.store(d, v128.load(s0 + o));
          v128.store(d, v128.load(s0 + o, 16), 16);
        }
      } else {
        for (let p: usize = 0, d = dst, o: usize = 0; p < depth; p++, d += 32, o += stepStride) {
          store<f64>(d, load<f64>(s0 + o));
          store<f64>(d, load<f64>(s1 + o), 8);
          store<f64>(d, load<f64>(s2 + o), 16);
          store<f64>(d, load<f64>(s3 + o), 24);
        }
      }
    } else {
      const left = count - l;
      for (let p: usize = 0, d = dst; p < depth; p++, d += 32) {
        for (let r: usize = 0; r < 4; r++) store<f64>(d + r * 8, r < left ? load<f64>(s0 + r * lineStride + p * stepStride) : 0);
      }
    }
    dst += depth * 32;
  }
}

/**
 * The micro-kernel: the 4 × 4 block of C at `c` (row stride `ldc` bytes) gets Σ_p a[p]ᵀ·b[p] over
 * `kc` steps of the packed panels, added to what C holds when `add`, else stored.
 * cRS holds C's row R, columns S and S+1 (S = 0 or 2).
 */
function micro(kc: usize, a: usize, b: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f64x2.splat(0);
  let c02 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c12 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c22 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c32 = f64x2.splat(0);
  for (let p: usize = 0; p < kc; p++, a += 32, b += 32) {
    const b0 = v128.load(b);
    const b2 = v128.load(b, 16);
    const a0 = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(a0, b0));
    c02 = f64x2.add(c02, f64x2.mul(a0, b2));
    const a1 = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(a1, b0));
    c12 = f64x2.add(c12, f64x2.mul(a1, b2));
    const a2 = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(a2, b0));
    c22 = f64x2.add(c22, f64x2.mul(a2, b2));
    const a3 = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(a3, b0));
    c32 = f64x2.add(c32, f64x2.mul(a3, b2));
  }
  if (add) {
    c00 = f64x2.add(c00, v128.load(c));
    c02 = f64x2.add(c02, v128.load(c, 16));
    c10 = f64x2.add(c10, v128.load(c + ldc));
    c12 = f64x2.add(c12, v128.load(c + ldc, 16));
    c20 = f64x2.add(c20, v128.load(c + 2 * ldc));
    c22 = f64x2.add(c22, v128.load(c + 2 * ldc, 16));
    c30 = f64x2.add(c30, v128.load(c + 3 * ldc));
    c32 = f64x2.add(c32, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c02, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c12, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c22, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c32, 16);
}

/** Copies the `rows` × `cols` corner of the 4 × 4 tile at `edge` into C (stored when `first`, else added). */
function copyEdge(edge: usize, c: usize, ldc: usize, rows: usize, cols: usize, first: bool): void {
  for (let i: usize = 0; i < rows; i++) {
    for (let j: usize = 0; j < cols; j++) {
      const src = edge + (i * NR + j) * 8;
      const dst = c + i * ldc + j * 8;
      store<f64>(dst, first ? load<f64>(src) : load<f64>(dst) + load<f64>(src));
    }
  }
}
