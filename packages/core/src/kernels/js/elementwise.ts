/**
 * Elementwise kernels: raw loops over `Float64Array`s. They know nothing of tensors, the tape or
 * gradients; the ops in `ops/` call them through the backend (`kernels/backend.ts`) and record.
 *
 * NOTE: each op has its own loop, chosen by a `switch` outside it. A shared loop calling a
 * per-op function (`out[i] = f(a[i], b[i])`) is about ten times slower: the call cannot be
 * inlined once the loop has seen several different functions.
 */
import type { BinaryKind, UnaryKind } from '../backend.js';
import { allocF64 } from './alloc.js';
import { sizeOf, stridesOf, type Shape } from '../../shape.js';

/** `out[i] = f(x[i])` for the unary op `kind`. */
export function unary(kind: UnaryKind, x: Float64Array): Float64Array {
  const n = x.length;
  const out = allocF64(n);
  switch (kind) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i]!;
      break;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      break;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      break;
    case 'log1p':
      for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!);
      break;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      break;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      break;
    case 'sin':
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!);
      break;
    case 'cos':
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!);
      break;
    // σ(x) without overflow: 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      break;
  }
  return out;
}

/** The derivative of `sigmoid` from its output y: `g · (y · (1 − y))`. */
export function sigmoidBackward(g: Float64Array, y: Float64Array): Float64Array {
  const out = allocF64(y.length);
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * (y[i]! * (1 - y[i]!));
  return out;
}

/** The derivative of `tanh` from its output y: `g · (1 − y · y)`. */
export function tanhBackward(g: Float64Array, y: Float64Array): Float64Array {
  const out = allocF64(y.length);
  for (let i = 0; i < y.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
  return out;
}

/**
 * `acc[i] += x[i]`, in place: the running sum of a gradient that arrives more than once. The only
 * kernel that writes into an array it is given; backward calls it on arrays that it alone holds.
 */
export function accumulate(acc: Float64Array, x: Float64Array): void {
  for (let i = 0; i < acc.length; i++) acc[i]! += x[i]!;
}

/** `clip(x, lo, hi)` elementwise. */
export function clip(x: Float64Array, lo: number, hi: number): Float64Array {
  const out = allocF64(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}

/**
 * `out = a ∘ b` over the broadcast shape `outShape`. The output is walked one row (its last axis)
 * at a time; along a row each input moves with stride 1, or 0 where it is broadcast.
 */
export function binary(kind: BinaryKind, a: Float64Array, aShape: Shape, b: Float64Array, bShape: Shape, outShape: Shape): Float64Array {
  const n = sizeOf(outShape);
  const out = allocF64(n);
  // The common cases need no walk over rows: equal sizes (so equal shapes), or one side a single value.
  if (a.length === n && b.length === n) binaryRow(kind, a, 0, 1, b, 0, 1, out, 0, n);
  else if (a.length === n && b.length === 1) binaryRow(kind, a, 0, 1, b, 0, 0, out, 0, n);
  else if (a.length === 1 && b.length === n) binaryRow(kind, a, 0, 0, b, 0, 1, out, 0, n);
  // One side repeats along the leading axes (a bias row `[m]` against `[n, m]`): a row per repeat.
  else if (a.length === n && b.length > 0 && isTrailing(bShape, outShape)) {
    for (let o = 0; o < n; o += b.length) binaryRow(kind, a, o, 1, b, 0, 1, out, o, b.length);
  } else if (b.length === n && a.length > 0 && isTrailing(aShape, outShape)) {
    for (let o = 0; o < n; o += a.length) binaryRow(kind, a, 0, 1, b, o, 1, out, o, a.length);
  } else forEachRow([aShape, bShape], outShape, ([ao, bo], [as, bs], oo, len) => binaryRow(kind, a, ao, as, b, bo, bs, out, oo, len));
  return out;
}

/** True when `shape`, leading 1s aside, is the trailing part of `out`: it repeats along `out`'s leading axes. */
export function isTrailing(shape: Shape, out: Shape): boolean {
  let lead = 0;
  while (lead < shape.length && shape[lead] === 1) lead++;
  const offset = out.length - shape.length;
  for (let i = lead; i < shape.length; i++) if (shape[i] !== out[i + offset]) return false;
  return true;
}

function binaryRow(
  kind: BinaryKind,
  a: Float64Array,
  ao: number,
  as: number,
  b: Float64Array,
  bo: number,
  bs: number,
  out: Float64Array,
  oo: number,
  len: number,
): void {
  switch (kind) {
    case 'add':
      for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * as]! + b[bo + i * bs]!;
      return;
    case 'sub':
      for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * as]! - b[bo + i * bs]!;
      return;
    case 'mul':
      for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * as]! * b[bo + i * bs]!;
      return;
    case 'div':
      for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * as]! / b[bo + i * bs]!;
      return;
    case 'pow':
      for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * as]! ** b[bo + i * bs]!;
      return;
    // NaN wins, as in NumPy: a comparison alone would drop it
    case 'maximum':
      for (let i = 0; i < len; i++) {
        const x = a[ao + i * as]!;
        const y = b[bo + i * bs]!;
        out[oo + i] = x !== x || y !== y ? NaN : x > y ? x : y;
      }
      return;
    case 'minimum':
      for (let i = 0; i < len; i++) {
        const x = a[ao + i * as]!;
        const y = b[bo + i * bs]!;
        out[oo + i] = x !== x || y !== y ? NaN : x < y ? x : y;
      }
      return;
    // Comparisons give 1 or 0 as `+(x < y)`: no branch on the data (see kernels/activations.ts).
    case 'eq':
      for (let i = 0; i < len; i++) out[oo + i] = +(a[ao + i * as]! === b[bo + i * bs]!);
      return;
    case 'ne':
      for (let i = 0; i < len; i++) out[oo + i] = +(a[ao + i * as]! !== b[bo + i * bs]!);
      return;
    case 'lt':
      for (let i = 0; i < len; i++) out[oo + i] = +(a[ao + i * as]! < b[bo + i * bs]!);
      return;
    case 'le':
      for (let i = 0; i < len; i++) out[oo + i] = +(a[ao + i * as]! <= b[bo + i * bs]!);
      return;
    case 'gt':
      for (let i = 0; i < len; i++) out[oo + i] = +(a[ao + i * as]! > b[bo + i * bs]!);
      return;
    case 'ge':
      for (let i = 0; i < len; i++) out[oo + i] = +(a[ao + i * as]! >= b[bo + i * bs]!);
      return;
  }
}

/** `where(cond, a, b)`: `a` where `cond` is nonzero, else `b`, all three broadcast to `outShape`. */
export function where(
  c: Float64Array,
  cShape: Shape,
  a: Float64Array,
  aShape: Shape,
  b: Float64Array,
  bShape: Shape,
  outShape: Shape,
): Float64Array {
  const out = allocF64(sizeOf(outShape));
  const pick = new Float64Array(2); // [b, a], indexed by cond !== 0: no branch on the data
  forEachRow([cShape, aShape, bShape], outShape, ([co, ao, bo], [cs, as, bs], oo, len) => {
    for (let i = 0; i < len; i++) {
      pick[0] = b[bo + i * bs]!;
      pick[1] = a[ao + i * as]!;
      out[oo + i] = pick[+(c[co + i * cs] !== 0)]!;
    }
  });
  return out;
}

/** `x` (of shape `from`) copied out to shape `to`, NumPy's broadcast made concrete. */
export function broadcast(x: Float64Array, from: Shape, to: Shape): Float64Array {
  const out = allocF64(sizeOf(to));
  if (x.length === out.length) out.set(x);
  else if (x.length === 1) out.fill(x[0]!);
  else {
    forEachRow([from], to, ([xo], [xs], oo, len) => {
      if (xs === 1) out.set(x.subarray(xo, xo + len), oo);
      else out.fill(x[xo]!, oo, oo + len);
    });
  }
  return out;
}

/** One number per input of `forEachRow`: a tuple as long as its list of shapes. */
type PerInput<S extends Shape[]> = { [K in keyof S]: number };

/**
 * Walks the output of a broadcast one row at a time: for each run of `len` consecutive output
 * elements along the last axis, calls `row(offsets, steps, outOffset, len)` with each input's flat
 * offset and its step along the row (1, or 0 where that input is broadcast). The rows are visited
 * in order with an odometer over the leading axes; no recursion, no per-element index arrays.
 */
export function forEachRow<S extends Shape[]>(
  inputs: readonly [...S],
  outShape: Shape,
  row: (offsets: PerInput<S>, steps: PerInput<S>, outOffset: number, len: number) => void,
): void {
  const n = sizeOf(outShape);
  if (n === 0) return;
  // Each input's stride along each output axis (0 where it is broadcast or missing).
  const full = inputs.map((shape) => {
    const own = stridesOf(shape);
    const offset = outShape.length - shape.length;
    return outShape.map((_, ax) => (ax < offset || shape[ax - offset] === 1 ? 0 : own[ax - offset]!));
  });
  // Merge neighbouring axes that every input walks as one (same shape: a single row of n).
  const { dims, strides } = collapse(outShape, full);
  const rank = dims.length;
  const len = rank === 0 ? 1 : dims[rank - 1]!;
  const steps = strides.map((s) => (rank === 0 ? 0 : s[rank - 1]!));
  const offsets = inputs.map(() => 0);
  const counter = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let oo = 0; oo < n; oo += len) {
    row(offsets as PerInput<S>, steps as PerInput<S>, oo, len);
    // Advance the odometer over the leading axes, moving each input's offset with it.
    for (let ax = rank - 2; ax >= 0; ax--) {
      counter[ax]!++;
      for (let k = 0; k < offsets.length; k++) offsets[k]! += strides[k]![ax]!;
      if (counter[ax]! < dims[ax]!) break;
      for (let k = 0; k < offsets.length; k++) offsets[k]! -= strides[k]![ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
}

/**
 * Merges axis pairs (i, i+1) that every input steps through as one run: where each input's stride
 * on axis i is its stride on axis i+1 times the length of axis i+1. Axes of length 1 are dropped.
 */
function collapse(shape: Shape, strides: readonly number[][]): { dims: number[]; strides: number[][] } {
  const dims: number[] = [];
  const out: number[][] = strides.map(() => []);
  for (let ax = 0; ax < shape.length; ax++) {
    const d = shape[ax]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => out[k]![last] === s[ax]! * d);
    if (mergeable) {
      dims[last]! *= d;
      strides.forEach((s, k) => (out[k]![last] = s[ax]!));
    } else {
      dims.push(d);
      strides.forEach((s, k) => out[k]!.push(s[ax]!));
    }
  }
  return { dims, strides: out };
}
