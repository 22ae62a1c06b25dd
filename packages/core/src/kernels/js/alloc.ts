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
 *
 * Longer arrays can come back: backward knows when a gradient it made has been consumed, and when a
 * rule's temporary is dead, and hands the array to `release`. The next `allocF64` of that length
 * zero-fills it and hands it out again, instead of asking the engine for fresh memory (`reuse`,
 * below).
 */

/** Arrays up to this many values (1 KiB) are cut from a slab. */
export const SLAB_MAX = 128;
const SLAB_SIZE = 2048; // values, 16 KiB

let slab = new Float64Array(SLAB_SIZE);
let used = 0;

/**
 * A zero-filled `Float64Array` of `n` values that nothing else holds: new, or one released as dead
 * (`release`). `n` is a non-negative integer, not checked.
 */
export function allocF64(n: number): Float64Array {
  if (n <= 8) return new Float64Array(n);
  if (n <= SLAB_MAX) {
    if (used + n > SLAB_SIZE) {
      slab = new Float64Array(SLAB_SIZE);
      used = 0;
    }
    const out = slab.subarray(used, used + n);
    used += n;
    return out;
  }
  const out = reuse(n) ?? new Float64Array(n);
  if (noting > 0) journal.push(out);
  return out;
}

/** A copy of `src` in a new array from `allocF64`. */
export function copyF64(src: Float64Array): Float64Array {
  const out = allocF64(src.length);
  out.set(src);
  return out;
}

// ---- dead arrays, handed out again -----------------------------------------------------------

/**
 * At most this many bytes wait in the free lists; an array released beyond it is left to the
 * garbage collector. Enough for every dead gradient of a step of W3 (`bench/`), a few MiB, with room.
 */
export const FREE_MAX_BYTES = 32 * 1024 * 1024;

/** Released arrays by length, and the same arrays as a set, so that none is listed twice. */
const free = new Map<number, Float64Array[]>();
const listed = new Set<Float64Array>();
let freeBytes = 0;

/** A released array of `n` values, zero-filled, or undefined. */
function reuse(n: number): Float64Array | undefined {
  const out = free.get(n)?.pop();
  if (out === undefined) return undefined;
  listed.delete(out);
  freeBytes -= out.byteLength;
  return out.fill(0);
}

/**
 * Hands `a` back: nothing reads or writes it again, and a later `allocF64` of its length may return
 * it. Only a whole buffer longer than `SLAB_MAX` is kept (never a view, never part of a slab), and
 * only while the free lists hold less than `FREE_MAX_BYTES`; and not when one of `kept` shares its
 * buffer (an array still in use).
 *
 * NOTE: the caller must know that `a` is dead: an array still held elsewhere would be written by
 * its next owner. Backward calls it for arrays it made itself and handed to no one (`backward.ts`).
 */
export function release(a: Float64Array, kept: readonly (Float64Array | null)[] = []): void {
  if (a.length <= SLAB_MAX || a.byteOffset !== 0 || a.buffer.byteLength !== a.byteLength) return;
  if (listed.has(a) || kept.some((k) => k !== null && k.buffer === a.buffer)) return;
  if (poisoning) a.fill(NaN);
  if (freeBytes + a.byteLength > FREE_MAX_BYTES) return;
  const list = free.get(a.length);
  if (list === undefined) free.set(a.length, [a]);
  else list.push(a);
  listed.add(a);
  freeBytes += a.byteLength;
}

let poisoning = false;

/**
 * A check for whoever changes backward: with `on`, every array released from now on is first
 * filled with NaN, so that a value still read after its release shows as NaN instead of passing
 * silently until the array's next owner writes it. The test suite runs with it on.
 */
export function poisonReleased(on: boolean): void {
  poisoning = on;
}

/** Empties the free lists, so that the garbage collector can take their arrays. */
export function releaseAll(): void {
  free.clear();
  listed.clear();
  freeBytes = 0;
}

/** The arrays longer than `SLAB_MAX` that `allocF64` handed out while `noting` was above 0. */
const journal: Float64Array[] = [];
let noting = 0;

/**
 * Starts noting the arrays longer than `SLAB_MAX` that `allocF64` hands out; returns a mark for
 * `releaseNotedSince`, which every call must be paired with. Backward notes what each gradient
 * rule allocates.
 */
export function noteAllocations(): number {
  noting++;
  return journal.length;
}

/**
 * Releases the arrays noted since `mark`, but those that share a buffer with one of `kept` (all of
 * them are kept when `kept` is null), and ends the noting that `mark` began. The caller knows that
 * what it did not keep is dead: a gradient rule's temporaries, its results kept.
 */
export function releaseNotedSince(mark: number, kept: readonly (Float64Array | null)[] | null): void {
  if (kept !== null) for (let i = mark; i < journal.length; i++) release(journal[i]!, kept);
  journal.length = mark;
  noting--;
}
