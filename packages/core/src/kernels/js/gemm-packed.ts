/**
 * The matrix-multiply kernel for large products: `C[n, m]! += A[n, k] · B[k, m]`, packed and
 * register-tiled. B is copied in blocks of KC rows × NC columns into panels two columns wide, and A
 * into panels four rows tall, both laid out so that the micro-kernel reads them in memory order; the
 * micro-kernel then keeps a 4 × 2 block of C in eight locals over a whole block of depth KC, so C is
 * read and written once per block instead of once per step of p. V8 has 16 XMM registers and does
 * not vectorize: 8 accumulators and 6 operands is about as large as a tile gets without spilling
 * (4 × 4, 4 × 3 and 2 × 4 tiles measured slower). About 1.3× the plain loops of `matmul.ts` at
 * n = 128 to 512; `matmul.ts` decides which products come here.
 */

const KC = 256; // depth of a packed block (steps of p)
const NC = 512; // width of a packed block of B (columns of C); KC * NC must be 2^17, see `micro`
const A0 = KC * NC; // offset of the packed A panel in PACK; the B panels start at 0
/**
 * The packing scratch (1 MB). It is a module-level constant that is never reassigned: V8 then embeds
 * its address and length in the optimized code instead of reloading them on every iteration.
 */
const PACK = new Float64Array(A0 + KC * 4 + 8);
/** A 4 × 2 tile for the edges of C, where the micro-kernel's block would stick out of C. */
const EDGE = new Float64Array(8);

/** Copies B[pc .. pc+kc, jc .. jc+nc] into PACK as panels of 2 columns (kc × 2, row-major, zero-padded). */
function packB(b: Float64Array, bOff: number, m: number, pc: number, kc: number, jc: number, nc: number): void {
  const s = PACK;
  let d = 0;
  for (let j = 0; j < nc; j += 2) {
    let src = bOff + pc * m + jc + j;
    if (j + 1 < nc)
      for (let p = 0; p < kc; p++, d += 2, src += m) {
        s[d] = b[src]!;
        s[d + 1] = b[src + 1]!;
      }
    else
      for (let p = 0; p < kc; p++, d += 2, src += m) {
        s[d] = b[src]!;
        s[d + 1] = 0;
      }
  }
}

/** Copies A[i0 .. i0+h, pc .. pc+kc] (h ≤ 4) into PACK at A0 as one panel (kc × 4, zero-padded). */
function packA(a: Float64Array, aOff: number, k: number, i0: number, h: number, pc: number, kc: number): void {
  const s = PACK;
  const r0 = aOff + i0 * k + pc;
  if (h === 4) {
    for (let p = 0, d = A0; p < kc; p++, d += 4) {
      const src = r0 + p;
      s[d] = a[src]!;
      s[d + 1] = a[src + k]!;
      s[d + 2] = a[src + 2 * k]!;
      s[d + 3] = a[src + 3 * k]!;
    }
  } else {
    for (let p = 0, d = A0; p < kc; p++, d += 4) for (let r = 0; r < 4; r++) s[d + r] = r < h ? a[r0 + r * k + p]! : 0;
  }
}

/**
 * Micro-kernel: the 4 × 2 block of `c` at `ci` (row stride m) gets the product of the packed A panel
 * and the packed B panel starting at `bi`, both of depth kc, two steps of p per iteration.
 *
 * NOTE: the masks `& 1023` and `& (A0 - 1)` never change an index (ai < 4·KC = 1024, bi < A0 = 2^17);
 * they tell the compiler its range, which removes its overflow checks (+10–15%). There are no
 * branches on the data (edges go through EDGE), so once warmed up no path lacks type feedback.
 * Measured: the tail must be a loop, not an `if` (an `if` made the main loop ~30% slower).
 */
function micro(kc: number, bi: number, c: Float64Array, ci: number, m: number): void {
  const s = PACK;
  let c00 = 0;
  let c01 = 0;
  let c10 = 0;
  let c11 = 0;
  let c20 = 0;
  let c21 = 0;
  let c30 = 0;
  let c31 = 0;
  const aEnd = kc * 4;
  let ai = 0;
  for (; ai + 4 < aEnd; ai += 8, bi += 4) {
    const x = A0 + (ai & 1023);
    const y = bi & (A0 - 1);
    {
      const a0 = s[x]!;
      const a1 = s[x + 1]!;
      const a2 = s[x + 2]!;
      const a3 = s[x + 3]!;
      const b0 = s[y]!;
      const b1 = s[y + 1]!;
      c00 += a0 * b0;
      c01 += a0 * b1;
      c10 += a1 * b0;
      c11 += a1 * b1;
      c20 += a2 * b0;
      c21 += a2 * b1;
      c30 += a3 * b0;
      c31 += a3 * b1;
    }
    {
      const a0 = s[x + 4]!;
      const a1 = s[x + 5]!;
      const a2 = s[x + 6]!;
      const a3 = s[x + 7]!;
      const b0 = s[y + 2]!;
      const b1 = s[y + 3]!;
      c00 += a0 * b0;
      c01 += a0 * b1;
      c10 += a1 * b0;
      c11 += a1 * b1;
      c20 += a2 * b0;
      c21 += a2 * b1;
      c30 += a3 * b0;
      c31 += a3 * b1;
    }
  }
  for (; ai < aEnd; ai += 4, bi += 2) {
    const x = A0 + (ai & 1023);
    const y = bi & (A0 - 1);
    const a0 = s[x]!;
    const a1 = s[x + 1]!;
    const a2 = s[x + 2]!;
    const a3 = s[x + 3]!;
    const b0 = s[y]!;
    const b1 = s[y + 1]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c30 += a3 * b0;
    c31 += a3 * b1;
  }
  c[ci]! += c00;
  c[ci + 1]! += c01;
  ci += m;
  c[ci]! += c10;
  c[ci + 1]! += c11;
  ci += m;
  c[ci]! += c20;
  c[ci + 1]! += c21;
  ci += m;
  c[ci]! += c30;
  c[ci + 1]! += c31;
}

/** The packed path of `gemm`: blocks of KC × NC of B, panels of 4 rows of A, 4 × 2 micro-tiles. */
export function gemmPacked(
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
  for (let jc = 0; jc < m; jc += NC) {
    const nc = Math.min(NC, m - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(b, bOff, m, pc, kc, jc, nc);
      for (let i0 = 0; i0 < n; i0 += 4) {
        const h = Math.min(4, n - i0);
        packA(a, aOff, k, i0, h, pc, kc);
        for (let j = 0; j < nc; j += 2) {
          const ci = cOff + i0 * m + jc + j;
          if (h === 4 && j + 1 < nc) micro(kc, j * kc, c, ci, m);
          else {
            EDGE.fill(0);
            micro(kc, j * kc, EDGE, 0, 2);
            const w = Math.min(2, nc - j);
            for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) c[ci + r * m + q]! += EDGE[2 * r + q]!;
          }
        }
      }
    }
  }
}

/**
 * Runs every branch of the packed path once, at load time, on a tiny product (odd depth, partial
 * tiles). Without this, the first product that reaches a branch never taken before (odd k, n not a
 * multiple of 4, odd m) deoptimizes `micro`; on Node 20 that deopt, when it races with a concurrent
 * OSR compile, was seen to leave `micro` running unoptimized for good (~1.4 GFLOP/s, 1 run in ~15).
 */
gemmPacked(new Float64Array(15), 0, new Float64Array(9), 0, new Float64Array(15), 0, 5, 3, 3);
