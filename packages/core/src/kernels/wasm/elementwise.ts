/**
 * The `'wasm'` backend's elementwise kernels: + − × ÷ (same shapes, a single value, or a row
 * repeated along the leading axes) and ReLU, Leaky ReLU, PReLU with their derivatives, computed by
 * `assembly/elementwise.ts`. Each copies its operands into the module's memory and its result out;
 * outside the sizes where that wins (`WASM_MIN_LENGTH`), or for a case the module does not cover
 * (another broadcast, a comparison, `pow`), the TypeScript kernel runs instead. Either way the
 * result has the TypeScript kernel's bits.
 */
import type { Backend, BinaryKind, PreluGradients } from '../backend.js';
import type { Shape } from '../../shape.js';
import { sizeOf } from '../../shape.js';
import { allocF64 } from '../js/alloc.js';
import { isTrailing } from '../js/elementwise.js';
import { jsBackend } from '../js/index.js';
import type { Workspace } from './module.js';

/**
 * The size from which the module's kernels win, copies included, measured by
 * `bench/probes/elementwise.mjs` (+, Leaky ReLU and its derivative, against the TypeScript kernel's
 * time): at 128 values 0.55–0.73× as fast, at 256 1.2–1.3×. Below it the TypeScript kernel runs.
 */
export const WASM_MIN_LENGTH = 256;

/**
 * Values per block: longer operands go through the module's memory one block at a time (copied
 * in, computed, copied out), so that the workspace stays in the L2 cache however long they are.
 * Copied whole, 10⁶ values filled 24 MB of workspace beside the 24 MB of the arrays themselves, and
 * the copies then lost to the TypeScript loop (0.77–0.96× its speed); in blocks they stay cheap.
 */
export const BLOCK = 32768;

const KINDS: Partial<Record<BinaryKind, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

type Elementwise = Pick<Backend, 'binary' | 'relu' | 'leakyRelu' | 'prelu' | 'reluBackward' | 'leakyReluBackward' | 'preluBackward'>;

/** The elementwise kernels of `Backend` on the module behind `ws`. */
export function wasmElementwise(ws: Workspace): Elementwise {
  /**
   * Runs `kernel` over `n` values in blocks of at most `BLOCK` (a multiple of `unit`, a row or one
   * slice of the leading axis, or `unit` itself when larger): `whole` arrays are copied into the
   * workspace once, `streamed` ones (n values each) one block at a time, and each block of the
   * result is copied out into `out`. Then come `extra` values, zeroed once (a sum over all blocks).
   * `kernel(at, len)` gets the byte addresses of the whole arrays, the streamed blocks, the output
   * block (when `out`) and the extra values, in that order, and the block's length.
   */
  const stream = (
    n: number,
    unit: number,
    whole: readonly Float64Array[],
    streamed: readonly Float64Array[],
    out: Float64Array | null,
    extra: number,
    kernel: (at: readonly number[], len: number) => void,
  ): number[] => {
    const block = Math.min(n, Math.max(unit, BLOCK - (BLOCK % unit)));
    let bytes = extra * 8 + (streamed.length + (out ? 1 : 0)) * align64(block * 8);
    for (const a of whole) bytes += align64(a.length * 8);
    const f64 = ws.reserve(bytes);
    const at: number[] = [];
    let p = ws.base;
    for (const a of whole) {
      f64.set(a, p / 8);
      at.push(p);
      p += align64(a.length * 8);
    }
    const first = at.length; // the streamed blocks, then the output block
    for (let i = 0; i < streamed.length + (out ? 1 : 0); i++, p += align64(block * 8)) at.push(p);
    const po = at[first + streamed.length]!;
    at.push(p);
    f64.fill(0, p / 8, p / 8 + extra);
    for (let s = 0; s < n; s += block) {
      const len = Math.min(block, n - s);
      // One block (the usual case below BLOCK values) copies the arrays themselves, with no view made.
      for (let i = 0; i < streamed.length; i++) f64.set(len === n ? streamed[i]! : streamed[i]!.subarray(s, s + len), at[first + i]! / 8);
      kernel(at, len);
      out?.set(f64.subarray(po / 8, po / 8 + len), s);
    }
    return at;
  };

  const large: Elementwise = {
    binary(kind: BinaryKind, a: Float64Array, aShape: Shape, b: Float64Array, bShape: Shape, outShape: Shape): Float64Array {
      const n = sizeOf(outShape);
      const code = KINDS[kind];
      const covered =
        (a.length === n && (b.length === n || b.length === 1 || (b.length > 0 && isTrailing(bShape, outShape)))) ||
        (b.length === n && (a.length === 1 || (a.length > 0 && isTrailing(aShape, outShape))));
      if (code === undefined || !covered) return jsBackend.binary(kind, a, aShape, b, bShape, outShape);
      // Both full, or one full and the other a value or a row, copied once: blocks of whole rows.
      const out = allocF64(n);
      if (a.length === n && b.length === n) {
        stream(n, 1, [], [a, b], out, 0, ([pa, pb, po], len) => ws.exports.binary(code, pa!, len, pb!, len, po!, len));
      } else if (a.length === n) {
        stream(n, b.length, [b], [a], out, 0, ([pb, pa, po], len) => ws.exports.binary(code, pa!, len, pb!, b.length, po!, len));
      } else {
        stream(n, a.length, [a], [b], out, 0, ([pa, pb, po], len) => ws.exports.binary(code, pa!, a.length, pb!, len, po!, len));
      }
      return out;
    },
    relu(z: Float64Array): Float64Array {
      const out = allocF64(z.length);
      stream(z.length, 1, [], [z], out, 0, ([pz, po], len) => ws.exports.relu(pz!, po!, len));
      return out;
    },
    leakyRelu(z: Float64Array, alpha: number): Float64Array {
      const out = allocF64(z.length);
      stream(z.length, 1, [], [z], out, 0, ([pz, po], len) => ws.exports.leakyRelu(pz!, po!, len, alpha));
      return out;
    },
    prelu(z: Float64Array, alpha: Float64Array, outer: number, channels: number, inner: number): Float64Array {
      // One α for all is Leaky ReLU (the same formula, the same bits), in blocks of any length.
      if (alpha.length === 1) return large.leakyRelu(z, alpha[0]!);
      const slice = channels * inner; // a block is whole slices of the outer axis
      if (slice > BLOCK) return jsBackend.prelu(z, alpha, outer, channels, inner);
      const out = allocF64(z.length);
      stream(z.length, slice, [alpha], [z], out, 0, ([pa, pz, po], len) =>
        ws.exports.prelu(pz!, pa!, alpha.length, po!, len / slice, channels, inner),
      );
      return out;
    },
    reluBackward(g: Float64Array, z: Float64Array): Float64Array {
      const out = allocF64(z.length);
      stream(z.length, 1, [], [g, z], out, 0, ([pg, pz, po], len) => ws.exports.reluBackward(pg!, pz!, po!, len));
      return out;
    },
    leakyReluBackward(g: Float64Array, z: Float64Array, alpha: number): Float64Array {
      const out = allocF64(z.length);
      stream(z.length, 1, [], [g, z], out, 0, ([pg, pz, po], len) => ws.exports.leakyReluBackward(pg!, pz!, po!, len, alpha));
      return out;
    },
    preluBackward(
      g: Float64Array,
      z: Float64Array,
      alpha: Float64Array,
      outer: number,
      channels: number,
      inner: number,
      wantDz: boolean,
      wantDalpha: boolean,
    ): PreluGradients {
      if (!wantDalpha && alpha.length === 1) return { dz: large.leakyReluBackward(g, z, alpha[0]!), dalpha: null };
      // dα is summed in the workspace over the blocks, each whole slices of the outer axis taken in
      // order: the TypeScript kernel's order of summation. A slice longer than a block (one α for
      // all is one slice of every value) would have to be cut, and the sum with it: the TypeScript
      // kernel runs it.
      const slice = channels * inner;
      if (slice > BLOCK) return jsBackend.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha);
      const dz = wantDz ? allocF64(z.length) : null;
      const at = stream(z.length, slice, [alpha], [g, z], dz, alpha.length, ([pa, pg, pz, ...rest], len) => {
        const pdz = wantDz ? rest[0]! : 0;
        const pda = wantDalpha ? rest[rest.length - 1]! : 0;
        ws.exports.preluBackward(pg!, pz!, pa!, alpha.length, pdz, pda, len / slice, channels, inner);
      });
      const pda = at[at.length - 1]!;
      const dalpha = wantDalpha ? allocF64(alpha.length) : null;
      dalpha?.set(ws.f64.subarray(pda / 8, pda / 8 + alpha.length));
      return { dz, dalpha };
    },
  };

  // The kernels themselves: a size test, then the TypeScript kernel or the module's. Each is kept
  // this small so that the compiler inlines it where an op calls it: an op on a few values pays
  // no more than the test for going through this backend.
  const js = jsBackend;
  /** True when `n` values go to the TypeScript kernel. */
  const small = (n: number) => n < WASM_MIN_LENGTH;
  return {
    binary: (kind, a, aShape, b, bShape, outShape) =>
      a.length < WASM_MIN_LENGTH && b.length < WASM_MIN_LENGTH
        ? js.binary(kind, a, aShape, b, bShape, outShape)
        : large.binary(kind, a, aShape, b, bShape, outShape),
    relu: (z) => (small(z.length) ? js.relu(z) : large.relu(z)),
    leakyRelu: (z, alpha) => (small(z.length) ? js.leakyRelu(z, alpha) : large.leakyRelu(z, alpha)),
    prelu: (z, alpha, outer, channels, inner) =>
      small(z.length) ? js.prelu(z, alpha, outer, channels, inner) : large.prelu(z, alpha, outer, channels, inner),
    reluBackward: (g, z) => (small(z.length) ? js.reluBackward(g, z) : large.reluBackward(g, z)),
    leakyReluBackward: (g, z, alpha) => (small(z.length) ? js.leakyReluBackward(g, z, alpha) : large.leakyReluBackward(g, z, alpha)),
    preluBackward: (g, z, alpha, outer, channels, inner, wantDz, wantDalpha) =>
      small(z.length)
        ? js.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha)
        : large.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha),
  };
}

function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
