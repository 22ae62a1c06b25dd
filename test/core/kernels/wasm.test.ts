/**
 * The `'wasm'` backend against the reference `'js'` backend: the default where WebAssembly SIMD
 * runs, `'js'` where it does not; every kernel it does not replace is the reference's own, and
 * those it does give the reference's values exactly (elementwise) or within 1e-12 (matmul); its
 * matrix product agrees with the reference to 1e-12 of the sum of |terms| (the order of the
 * additions differs), for every transpose, batch broadcast and block edge, and gives the same bits
 * every time; its memory grows to the largest product and no further; and its results never alias
 * the module's memory.
 */
import { gradcheck, gradients, matmul, mul, sum, Tensor } from '@tapegrad/core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Backend } from '../../../packages/core/src/kernels/backend.js';
import { jsBackend } from '../../../packages/core/src/kernels/js/index.js';
import { createWasmBackend } from '../../../packages/core/src/kernels/wasm/index.js';
import { BLOCK, WASM_MIN_LENGTH } from '../../../packages/core/src/kernels/wasm/elementwise.js';
import { WASM_MIN_WORK } from '../../../packages/core/src/kernels/wasm/matmul.js';
import { kernelsBinary, loadKernels, Workspace } from '../../../packages/core/src/kernels/wasm/module.js';

const wasm = createWasmBackend()!;
/** The engine's WebAssembly API (the test project compiles without the DOM's types). */
const WebAssemblyApi = (
  globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean; Module: unknown; Instance: unknown } }
).WebAssembly;

/** A deterministic stream of values in [-1, 1), some exactly 0 and some integers, so cancellations happen. */
function values(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 2 ** 32;
    out[i] = i % 11 === 3 ? 0 : i % 7 === 5 ? Math.round(u * 8 - 4) : 2 * u - 1;
  }
  return out;
}

/** `values`, with NaN, ±0, ±∞ and subnormals mixed in. */
function special(count: number, seed: number): Float64Array {
  const out = values(count, seed);
  const odd = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, -1e-310, 1e300];
  for (let i = seed % 5; i < count; i += 9) out[i] = odd[(i + seed) % odd.length]!;
  return out;
}

/** The kernels the 'wasm' backend computes in WebAssembly (above a size). */
const REPLACED = ['binary', 'relu', 'leakyRelu', 'prelu', 'reluBackward', 'leakyReluBackward', 'preluBackward', 'matmul'];

interface Product {
  readonly n: number;
  readonly k: number;
  readonly m: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly batchA: number[];
  readonly batchB: number[];
  readonly batch: number[];
}

/** |op(A)|·|op(B)| per entry of C: the scale the error of a sum in any order is bounded by. */
function absProduct(a: Float64Array, b: Float64Array, p: Product): Float64Array {
  return jsBackend.matmul(a.map(Math.abs), p.batchA, b.map(Math.abs), p.batchB, p.batch, p.n, p.k, p.m, p.transA, p.transB);
}

function operands(p: Product, seed: number): [Float64Array, Float64Array] {
  const count = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
  return [values(count(p.batchA) * p.n * p.k, seed), values(count(p.batchB) * p.k * p.m, seed + 1)];
}

function run(backend: Backend, a: Float64Array, b: Float64Array, p: Product): Float64Array {
  return backend.matmul(a, p.batchA, b, p.batchB, p.batch, p.n, p.k, p.m, p.transA, p.transB);
}

function expectClose(got: Float64Array, want: Float64Array, scale: Float64Array): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(scale[i]!, Number.MIN_VALUE));
  expect(worst).toBeLessThanOrEqual(1e-12);
}

const plain = (n: number, k: number, m: number): Product => ({ n, k, m, transA: false, transB: false, batchA: [], batchB: [], batch: [] });

// Shapes on both sides of every block edge of `assembly/gemm.ts` (micro-kernel 4 × 4, MC = 64,
// KC = 256, NC = 512), skinny ones, and the smallest product that goes to WebAssembly.
const SHAPES: [number, number, number][] = [
  [8, 16, 16],
  [16, 16, 16],
  [17, 13, 19],
  [4, 300, 4],
  [63, 65, 66],
  [64, 256, 64],
  [65, 257, 67],
  [3, 600, 5],
  [130, 9, 3],
  [1, 100, 530],
  [200, 30, 1],
  [7, 1, 300],
  [40, 513, 2],
];

describe("the 'wasm' backend", () => {
  test('is registered and is the default where WebAssembly SIMD validates; the module is under 4 KB', async () => {
    const bytes = kernelsBinary();
    // Chromium compiles at most 4 KB synchronously on a page's main thread; module.ts relies on it.
    expect(bytes.length).toBeLessThan(4096);
    expect(WebAssemblyApi.validate(bytes)).toBe(true);
    vi.resetModules();
    const fresh = await import('../../../packages/core/src/kernels/backend.js');
    expect(fresh.getBackend()).toBe('wasm');
    expect(fresh.listBackends()).toEqual(['js', 'wasm']);
  });

  describe('where the engine cannot run it', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
      vi.resetModules();
    });

    test("without WebAssembly, only 'js' is registered, and it is the default", async () => {
      vi.stubGlobal('WebAssembly', undefined);
      expect(loadKernels()).toBeNull();
      vi.resetModules();
      const fresh = await import('../../../packages/core/src/kernels/backend.js');
      expect(fresh.getBackend()).toBe('js');
      expect(fresh.listBackends()).toEqual(['js']);
      expect(() => fresh.setBackend('wasm')).toThrow(/unknown backend "wasm"; the backends are "js"/);
    });

    test("without SIMD (the module does not validate), 'js' is the default", async () => {
      vi.stubGlobal('WebAssembly', { Module: WebAssemblyApi.Module, Instance: WebAssemblyApi.Instance, validate: () => false });
      vi.resetModules();
      const fresh = await import('../../../packages/core/src/kernels/backend.js');
      expect(fresh.getBackend()).toBe('js');
    });

    test("where a synchronous compile is refused, 'wasm' arrives asynchronously and becomes the default", async () => {
      const refused = () => {
        throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB');
      };
      const real = WebAssemblyApi as unknown as { compile: (b: Uint8Array) => Promise<unknown>; Memory: unknown };
      const later = (bytes: Uint8Array) => real.compile(bytes);
      vi.stubGlobal('WebAssembly', {
        validate: () => true,
        Module: refused,
        Instance: WebAssemblyApi.Instance,
        Memory: real.Memory,
        compile: later,
      });
      vi.resetModules();
      const fresh = await import('../../../packages/core/src/kernels/backend.js');
      expect(fresh.getBackend()).toBe('js');
      await vi.waitFor(() => expect(fresh.getBackend()).toBe('wasm'));
      expect(fresh.listBackends()).toEqual(['js', 'wasm']);

      // A backend chosen before the module is ready stays chosen.
      vi.resetModules();
      const again = await import('../../../packages/core/src/kernels/backend.js');
      again.setBackend('js');
      await vi.waitFor(() => expect(again.listBackends()).toEqual(['js', 'wasm']));
      expect(again.getBackend()).toBe('js');
    });

    test("where compiling is refused (a content security policy), 'js' is the default", async () => {
      const Module = () => {
        throw new Error('Wasm code generation disallowed by embedder');
      };
      vi.stubGlobal('WebAssembly', { Instance: WebAssemblyApi.Instance, validate: () => true, Module });
      expect(loadKernels()).toBeNull();
    });
  });

  test("every kernel it does not replace is the reference's own", () => {
    for (const [name, kernel] of Object.entries(wasm)) {
      if (name === 'name') continue;
      const reference = (jsBackend as unknown as Record<string, unknown>)[name];
      if (REPLACED.includes(name)) expect(kernel, name).not.toBe(reference);
      else expect(kernel, name).toBe(reference);
    }
  });

  describe("its elementwise kernels give the reference's values (±0 told apart, NaN where NaN)", () => {
    // Lengths on both sides of WASM_MIN_LENGTH, and of one and two blocks (longer arrays go through
    // the module's memory a block at a time), odd ones (the last value outside the SIMD pairs).
    const LENGTHS = [WASM_MIN_LENGTH - 1, WASM_MIN_LENGTH, WASM_MIN_LENGTH + 1, 1001, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 3];
    const same = (got: Float64Array | null, want: Float64Array | null) => {
      expect(got === null).toBe(want === null);
      if (got === null || want === null) return;
      expect(got.length).toBe(want.length);
      for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) expect.fail(`value ${i}: ${got[i]} ≠ ${want[i]}`);
    };
    for (const n of LENGTHS) {
      const z = special(n, 11);
      const g = special(n, 12);
      test(`+ − × ÷ of ${n} values: same shapes, a single value on either side`, () => {
        for (const kind of ['add', 'sub', 'mul', 'div'] as const) {
          same(wasm.binary(kind, z, [n], g, [n], [n]), jsBackend.binary(kind, z, [n], g, [n], [n]));
          same(wasm.binary(kind, z, [n], g.subarray(5, 6), [1], [n]), jsBackend.binary(kind, z, [n], g.subarray(5, 6), [1], [n]));
          same(wasm.binary(kind, g.subarray(7, 8), [], z, [n], [n]), jsBackend.binary(kind, g.subarray(7, 8), [], z, [n], [n]));
        }
      });
      test(`ReLU, Leaky ReLU and their derivatives on ${n} values`, () => {
        same(wasm.relu(z), jsBackend.relu(z));
        same(wasm.reluBackward(g, z), jsBackend.reluBackward(g, z));
        for (const alpha of [0.01, 0.25, -0.5, 0, 3]) {
          same(wasm.leakyRelu(z, alpha), jsBackend.leakyRelu(z, alpha));
          same(wasm.leakyReluBackward(g, z, alpha), jsBackend.leakyReluBackward(g, z, alpha));
        }
      });
    }
    test('+ − × ÷ with a row repeated along the leading axes, on either side; other broadcasts', () => {
      const a = special(256 * 33, 13);
      const row = values(33, 14);
      for (const kind of ['add', 'sub', 'mul', 'div'] as const) {
        same(
          wasm.binary(kind, a, [8, 32, 33], row, [1, 33], [8, 32, 33]),
          jsBackend.binary(kind, a, [8, 32, 33], row, [1, 33], [8, 32, 33]),
        );
        same(wasm.binary(kind, row, [33], a, [256, 33], [256, 33]), jsBackend.binary(kind, row, [33], a, [256, 33], [256, 33]));
        // A column [256, 1] against [256, 33] is not a repeated row: the reference kernel runs it.
        const col = values(256, 15);
        same(wasm.binary(kind, a, [256, 33], col, [256, 1], [256, 33]), jsBackend.binary(kind, a, [256, 33], col, [256, 1], [256, 33]));
      }
      same(wasm.binary('pow', a, [256, 33], row, [33], [256, 33]), jsBackend.binary('pow', a, [256, 33], row, [33], [256, 33]));
    });
    test('+ − × ÷ with a row longer than a block, or one that does not divide it, over several blocks', () => {
      for (const [rows, cols] of [
        [3, BLOCK + 5],
        [70, 1000],
      ] as const) {
        const a = special(rows * cols, 20);
        const row = special(cols, 21);
        for (const kind of ['add', 'sub', 'mul', 'div'] as const) {
          same(
            wasm.binary(kind, a, [rows, cols], row, [cols], [rows, cols]),
            jsBackend.binary(kind, a, [rows, cols], row, [cols], [rows, cols]),
          );
          same(
            wasm.binary(kind, row, [cols], a, [rows, cols], [rows, cols]),
            jsBackend.binary(kind, row, [cols], a, [rows, cols], [rows, cols]),
          );
        }
      }
    });
    test.each([
      [3, 5, 41],
      [11, 7, 1000], // an outer slice of 7000 values does not divide a block: several blocks of whole slices
      [2, 3, BLOCK], // one outer slice is longer than a block
      [1, 1, 2 * BLOCK + 3], // the layout of one α for all: a single run of every value
    ])('PReLU and both its gradients, [%i, %i, %i], one α per channel and one for all', (outer, channels, inner) => {
      const n = outer * channels * inner;
      for (const [z, g] of [
        [values(n, 16), values(n, 17)],
        [special(n, 18), special(n, 19)],
      ] as const) {
        for (const alpha of [values(channels, 22).map((v, i) => (i === 0 ? 0 : v)), Float64Array.of(0.25)]) {
          same(wasm.prelu(z, alpha, outer, channels, inner), jsBackend.prelu(z, alpha, outer, channels, inner));
          for (const [wantDz, wantDalpha] of [
            [true, true],
            [true, false],
            [false, true],
          ] as const) {
            const got = wasm.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha);
            const want = jsBackend.preluBackward(g, z, alpha, outer, channels, inner, wantDz, wantDalpha);
            same(got.dz, want.dz);
            same(got.dalpha, want.dalpha);
          }
        }
      }
    });
  });

  describe('matmul agrees with the reference to 1e-12 of Σ|terms|', () => {
    for (const [n, k, m] of SHAPES) {
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        test(`[${n}, ${k}] · [${k}, ${m}]${transA ? ', A transposed' : ''}${transB ? ', B transposed' : ''}`, () => {
          const p = { ...plain(n, k, m), transA, transB };
          const [a, b] = operands(p, n * 7 + k * 3 + m);
          expectClose(run(wasm, a, b, p), run(jsBackend, a, b, p), absProduct(a, b, p));
        });
      }
    }

    test('batched, with both batches broadcast', () => {
      const p: Product = { n: 12, k: 20, m: 9, transA: true, transB: false, batchA: [3, 1], batchB: [1, 4], batch: [3, 4] };
      const [a, b] = operands(p, 5);
      expectClose(run(wasm, a, b, p), run(jsBackend, a, b, p), absProduct(a, b, p));
    });

    test('k = 0 gives zeros, and an empty side gives an empty result', () => {
      expect(Array.from(run(wasm, new Float64Array(0), new Float64Array(0), plain(40, 0, 30)))).toEqual(new Array(1200).fill(0));
      expect(run(wasm, new Float64Array(0), values(30 * 40, 1), plain(0, 30, 40)).length).toBe(0);
    });

    test('NaN and ±∞ reach the same entries as in the reference', () => {
      const p = plain(20, 30, 25);
      const [a, b] = operands(p, 9);
      a[3 * 30 + 7] = Number.NaN;
      b[11 * 25 + 4] = Number.POSITIVE_INFINITY;
      b[2 * 25 + 20] = Number.NEGATIVE_INFINITY;
      const got = run(wasm, a, b, p);
      const want = run(jsBackend, a, b, p);
      for (let i = 0; i < got.length; i++) {
        if (!Number.isFinite(want[i]!)) expect(got[i]).toBe(want[i]);
        else expect(Number.isFinite(got[i]!)).toBe(true);
      }
    });
  });

  test('the smallest products stay with the reference kernel, bit for bit', () => {
    const p = plain(9, 10, 11);
    expect(p.n * p.k * p.m).toBeLessThan(WASM_MIN_WORK);
    const [a, b] = operands(p, 2);
    expect(run(wasm, a, b, p)).toEqual(run(jsBackend, a, b, p));
  });

  test('gives the same bits on every run, before and after its memory grew', () => {
    const p = { ...plain(70, 300, 45), transB: true };
    const [a, b] = operands(p, 3);
    const first = run(wasm, a, b, p);
    const [big1, big2] = operands(plain(300, 300, 300), 4);
    run(wasm, big1, big2, plain(300, 300, 300));
    expect(run(wasm, a, b, p)).toEqual(first);
  });

  test('never writes into its operands, and its result is not a view of the module memory', () => {
    const p = plain(30, 40, 50);
    const [a, b] = operands(p, 6);
    const [a0, b0] = [a.slice(), b.slice()];
    const c = run(wasm, a, b, p);
    expect(a).toEqual(a0);
    expect(b).toEqual(b0);
    const kept = c.slice();
    run(wasm, b, a, plain(50, 40, 30)); // reuses the same workspace
    expect(c).toEqual(kept);
    expect(c.buffer.byteLength).toBeLessThan(1 << 16);
  });

  test('its memory grows to the largest product and is then reused, and no buffer is ever detached', () => {
    const ws = new Workspace(loadKernels()!);
    const memory = () => ws.memory.buffer.byteLength;
    ws.reserve(3 * 200 * 200 * 8);
    const after = memory();
    const view = ws.f64;
    for (let i = 0; i < 5; i++) ws.reserve(3 * 200 * 200 * 8);
    ws.reserve(100);
    expect(memory()).toBe(after);
    expect(ws.f64).toBe(view);
    ws.reserve(3 * 400 * 400 * 8);
    expect(memory()).toBeGreaterThan(after);
    expect(memory()).toBeLessThan(ws.base + 3 * 400 * 400 * 8 + 65536);
    expect(ws.f64.buffer).toBe(ws.memory.buffer);
    // A larger workspace is a new memory: the old buffer stays attached (a detached one has length 0),
    // which keeps V8's typed-array accesses free of detachment checks everywhere else.
    expect(view.length).toBe(after / 8);
    // The new instance computes in the new memory.
    const p = plain(300, 300, 300);
    const [a, b] = operands(p, 8);
    expectClose(run(wasm, a, b, p), run(jsBackend, a, b, p), absProduct(a, b, p));
  });
});

describe('matmul on the active backend, large enough for the WebAssembly kernel', () => {
  test('gradcheck, first and second order, every transpose', () => {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      const a = new Tensor(values(16 * 12, 21), transposeA ? [12, 16] : [16, 12], { requiresGrad: true });
      const b = new Tensor(values(12 * 11, 22), transposeB ? [11, 12] : [12, 11], { requiresGrad: true });
      const f = (x: Tensor, y: Tensor) => matmul(x, y, { transposeA, transposeB });
      expect(16 * 12 * 11).toBeGreaterThanOrEqual(WASM_MIN_WORK);
      expect(gradcheck(f, [a, b]).ok).toBe(true);
      // Second order: the gradient of Σ (∂⟨g, f⟩/∂x)² through the recorded backward, whose products
      // (G·Bᵀ, Aᵀ·G and the ones of their own gradients) also go to the WebAssembly kernel.
      const g = new Tensor(values(16 * 11, 23), [16, 11]);
      const vjp = (x: Tensor, y: Tensor) =>
        gradients(f(x, y), [x, y], { grad: g, createGraph: true })
          .map((d) => sum(mul(d, d)))
          .reduce((u, v) => u.add(v));
      expect(gradcheck(vjp, [a, b], { atol: 1e-5, rtol: 1e-4 }).ok).toBe(true);
    }
  });
});
