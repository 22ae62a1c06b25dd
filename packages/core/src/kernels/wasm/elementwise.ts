/**
 * The `'wasm'` backend's elementwise kernels: + − × ÷ (same shapes, a single value, or a row
 * repeated along the leading axes) and ReLU, Leaky ReLU, PReLU with their derivatives, computed by
 * `assembly/elementwise.ts`. Each copies its operands into the module's memory and its result out;
 * below `WASM_MIN_LENGTH` values, or for a case the module does not cover (another broadcast, a
 * comparison, `pow`), the TypeScript kernel runs instead. Either way the result has the TypeScript
 * kernel's bits.
 */
import type { Backend, BinaryKind, PreluGradients } from '../backend.js';
import type { Shape } from '../../shape.js';
import { sizeOf } from '../../shape.js';
import { allocF64 } from '../js/alloc.js';
import { isTrailing } from '../js/elementwise.js';
import { jsBackend } from '../js/index.js';
import type { Workspace } from './module.js';

/**
 * Below this many values, the TypeScript kernel is as fast or faster: the copies and the call cost
 * more than SIMD saves. Measured by `bench/probes/elementwise.mjs` (+, Leaky ReLU and its
 * derivative, copies included, against TypeScript's time): at 64 values 0.7–0.8× as fast, at 128
 * 0.9–1.25×, at 256 1.6–1.8×, at 4096 and 65536 2.7–3.3×; at 10⁶ (memory-bound) 1.1–1.8×.
 */
export const WASM_MIN_LENGTH = 256;

const KINDS: Partial<Record<BinaryKind, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

type Elementwise = Pick<Backend, 'binary' | 'relu' | 'leakyRelu' | 'prelu' | 'reluBackward' | 'leakyReluBackward' | 'preluBackward'>;

/** The elementwise kernels of `Backend` on the module behind `ws`. */
export function wasmElementwise(ws: Workspace): Elementwise {
  /** Copies `arrays` into the workspace one after another and reserves `outLength` values after them; returns their byte addresses. */
  const place = (arrays: readonly Float64Array[], outLength: number): number[] => {
    let bytes = outLength * 8;
    for (const a of arrays) bytes += a.length * 8;
    const f64 = ws.reserve(bytes);
    const at: number[] = [];
    let p = ws.base;
    for (const a of arrays) {
      f64.set(a, p / 8);
      at.push(p);
      p += a.length * 8;
    }
    at.push(p);
    return at;
  };
  /** The `n` values at byte address `p`, in a new array. */
  const take = (p: number, n: number): Float64Array => {
    const out = allocF64(n);
    out.set(ws.f64.subarray(p / 8, p / 8 + n));
    return out;
  };

  const large: Elementwise = {
    binary(kind: BinaryKind, a: Float64Array, aShape: Shape, b: Float64Array, bShape: Shape, outShape: Shape): Float64Array {
      const n = sizeOf(outShape);
      const code = KINDS[kind];
      const covered =
        (a.length === n && (b.length === n || b.length === 1 || (b.length > 0 && isTrailing(bShape, outShape)))) ||
        (b.length === n && (a.length === 1 || (a.length > 0 && isTrailing(aShape, outShape))));
      if (code === undefined || !covered) return jsBackend.binary(kind, a, aShape, b, bShape, outShape);
      const [pa, pb, po] = place([a, b], n) as [number, number, number];
      ws.exports.binary(code, pa, a.length, pb, b.length, po, n);
      return take(po, n);
    },
    relu(z: Float64Array): Float64Array {
      const [pz, po] = place([z], z.length) as [number, number];
      ws.exports.relu(pz, po, z.length);
      return take(po, z.length);
    },
    leakyRelu(z: Float64Array, alpha: number): Float64Array {
      const [pz, po] = place([z], z.length) as [number, number];
      ws.exports.leakyRelu(pz, po, z.length, alpha);
      return take(po, z.length);
    },
    prelu(z: Float64Array, alpha: Float64Array, outer: number, channels: number, inner: number): Float64Array {
      const [pz, pa, po] = place([z, alpha], z.length) as [number, number, number];
      ws.exports.prelu(pz, pa, alpha.length, po, outer, channels, inner);
      return take(po, z.length);
    },
    reluBackward(g: Float64Array, z: Float64Array): Float64Array {
      const [pg, pz, po] = place([g, z], z.length) as [number, number, number];
      ws.exports.reluBackward(pg, pz, po, z.length);
      return take(po, z.length);
    },
    leakyReluBackward(g: Float64Array, z: Float64Array, alpha: number): Float64Array {
      const [pg, pz, po] = place([g, z], z.length) as [number, number, number];
      ws.exports.leakyReluBackward(pg, pz, po, z.length, alpha);
      return take(po, z.length);
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
      // The space after g, z and α: dz (z's length), then dα (α's length, zeroed: it is summed into).
      const [pg, pz, pa, pdz] = place([g, z, alpha], z.length + alpha.length) as [number, number, number, number];
      const pda = pdz + z.length * 8;
      ws.f64.fill(0, pda / 8, pda / 8 + alpha.length);
      ws.exports.preluBackward(pg, pz, pa, alpha.length, wantDz ? pdz : 0, wantDalpha ? pda : 0, outer, channels, inner);
      return { dz: wantDz ? take(pdz, z.length) : null, dalpha: wantDalpha ? take(pda, alpha.length) : null };
    },
  };

  // The kernels themselves: a size test, then the TypeScript kernel or the module's. Each is kept
  // this small so that the compiler inlines it where an op calls it: an op on a few values pays
  // no more than the test for going through this backend.
  const js = jsBackend;
  const MIN = WASM_MIN_LENGTH;
  return {
    binary: (kind, a, aShape, b, bShape, outShape) =>
      a.length < MIN && b.length < MIN
        ? js.binary(kind, a, aShape, b, bShape, outShape)
        : large.binary(kind, a, aShape, b, bShape, outShape),
    relu: (z) => (z.length < MIN ? js.relu(z) : large.relu(z)),
    leakyRelu: (z, alpha) => (z.length < MIN ? js.leakyRelu(z, alpha) : large.leakyRelu(z, alpha)),
    prelu: (z, alpha, outer, channels, inner) =>
      z.length < MIN ? js.prelu(z, alpha, outer, channels, inner) : large.prelu(z, alpha, outer, channels, inner),
    reluBackward: (g, z) => (z.length < MIN ? js.reluBackward(g, z) : large.reluBackward(g, z)),
    leakyReluBackward: (g, z, alpha) => (z.length < MIN ? js.leakyReluBackward(g, z, alpha) : large.leakyReluBackward(g, z, alpha)),
    preluBackward: (g, z, alpha, outer, channels, inner, wantDz, wantDalpha) =>
      z.length < MIN
        ? js.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha)
        : large.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha),
  };
}
