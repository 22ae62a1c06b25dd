/**
 * Where the values of new tensors come from: `allocF64(n)`, a zero-filled `Float64Array` of n values.
 *
 * V8 keeps a typed array of up to 64 bytes (8 doubles) inside its own heap, which costs about as
 * much as a small object. A larger one gets an `ArrayBuffer` of its own outside the heap, and that
 * costs 40 times more (about 1.2 µs on the 2-core machine of `bench/README.md`: a `malloc`, a
 * registration with the garbage collector, a zero fill), more than the arithmetic of a small op.
 * So arrays of 9 to `SLAB_MAX` values are cut from a shared slab instead, as Node's `Buffer` pool
 * does for small buffers: a slab is one 16 KiB `ArrayBuffer`, an array is a view of the next unused
 * part of it, and no part is ever handed out twice. The slab is freed when the last view of it is.
 *
 * Only kernels allocate here, so only op outputs can be such views: every tensor you make yourself
 * (`tensor()`, `zeros()`, `clone()`, a parameter) owns its array. Measured on W4 of `bench/` (the
 * post's sweep, tensors of 2 to 10 values): without the slab the sweep took about 1.1× as long.
 *
 * NOTE: for such an array `data.buffer` is the whole slab: read it with `data.byteOffset` and
 * `data.byteLength`, or take `data.slice()` for an array of its own (do not transfer it).
 */

/** Arrays up to this many values (1 KiB) are cut from a slab. */
export const SLAB_MAX = 128;
const SLAB_SIZE = 2048; // values, 16 KiB

let slab = new Float64Array(SLAB_SIZE);
let used = 0;

/** A new zero-filled `Float64Array` of `n` values (n a non-negative integer, not checked). */
export function allocF64(n: number): Float64Array {
  if (n <= 8 || n > SLAB_MAX) return new Float64Array(n);
  if (used + n > SLAB_SIZE) {
    slab = new Float64Array(SLAB_SIZE);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  used += n;
  return out;
}

/** A copy of `src` in a new array from `allocF64`. */
export function copyF64(src: Float64Array): Float64Array {
  const out = allocF64(src.length);
  out.set(src);
  return out;
}
