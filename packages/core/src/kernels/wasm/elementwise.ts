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
 * The sizes where the module's kernels win, copies included, measured by
 * `bench/probes/elementwise.mjs` (+, Leaky ReLU and its derivative, against the TypeScript kernel's
 * time): at 128 values 0.55–0.73× as fast, at 256 1.2–1.3×, at 4096 to 262144 1.8–2.2×, and at
 * 10⁶ 0.77–0.96×, where the arrays no longer fit in the caches and the copies in and out cost more
 * than SIMD saves. Outside [WASM_MIN_LENGTH, WASM_MAX_LENGTH] the TypeScript kernel runs.
 */
export const WASM_MIN_LENGTH = 256;
/** See `WASM_MIN_LENGTH`. */
export const WASM_MAX_LENGTH = 262144;

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
  /** True when `n` values go to the TypeScript kernel. */
  const small = (n: number) => n < WASM_MIN_LENGTH || n > WASM_MAX_LENGTH;
  return {
    binary: (kind, a, aShape, b, bShape, outShape) =>
      (a.length < WASM_MIN_LENGTH && b.length < WASM_MIN_LENGTH) || a.length > WASM_MAX_LENGTH || b.length > WASM_MAX_LENGTH
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
