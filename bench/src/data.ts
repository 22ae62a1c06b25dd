/**
 * Deterministic inputs, identical in every library and in Python (`bench/python/common.py` has the
 * same formula), so that every implementation of a workload computes the same numbers and its
 * result can be checked against ours.
 *
 * The values come from a 32-bit integer hash (Chris Wellons' "lowbias32") of the element index:
 * uniform-looking, sign pattern unpredictable for a branch predictor (unlike a low-discrepancy
 * sequence), and exact in float64 in both languages.
 */

/** `n` values in [-scale, scale), a pure function of (index, seed). */
export function hashed(n: number, seed: number, scale = 1): Float64Array {
  const out = new Float64Array(n);
  const offset = Math.imul(seed, 1_000_003) >>> 0;
  for (let i = 0; i < n; i++) {
    let h = (i + offset) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    h = (h ^ (h >>> 16)) >>> 0;
    out[i] = scale * (2 * (h / 4294967296) - 1);
  }
  return out;
}

/** 0/1 labels: 1 where `hashed(n, seed)` is positive. */
export function labels(n: number, seed: number): Float64Array {
  return hashed(n, seed).map((v) => (v > 0 ? 1 : 0));
}

/** A plain nested-array copy of a row-major matrix (for libraries that take nested arrays). */
export function toRows(data: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  return out;
}

/** Float32 copy, for the libraries that compute in float32. */
export function f32(data: Float64Array): Float32Array {
  return Float32Array.from(data);
}
