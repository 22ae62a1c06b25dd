/**
 * Probe: where do the WebAssembly elementwise kernels win, copies included? For + (same shapes),
 * Leaky ReLU and its derivative, over sizes from 32 values to 10⁶, it times:
 *   js          the TypeScript kernel of the 'js' backend (a fresh output array)
 *   wasm+copies the module's SIMD kernel with the operands copied into the module's memory whole,
 *               and the result copied out into a fresh array (how the 'wasm' backend first ran it)
 *   backend     the 'wasm' backend's kernel as shipped, which goes through the module's memory in
 *               blocks of `BLOCK` values (and runs the TypeScript kernel below `WASM_MIN_LENGTH`)
 *   wasm only   the SIMD kernel alone, operands already in the module's memory (the bound if
 *               tensors lived there)
 * Medians of alternating rounds in one process; checks that the kernels give the same bits.
 * `WASM_MIN_LENGTH` and `BLOCK` in packages/core/src/kernels/wasm/elementwise.ts come from this table.
 *
 *   pnpm build && MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 node bench/probes/elementwise.mjs
 *
 * (the allocator settings of `pnpm bench`: glibc then reuses freed 8 MB blocks instead of mapping
 * fresh pages for each, as the Python references do)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/kernels');
const { jsBackend } = await import(pathToFileURL(join(dist, 'js/index.js')).href);
const { loadKernels, Workspace } = await import(pathToFileURL(join(dist, 'wasm/module.js')).href);
const { createWasmBackend } = await import(pathToFileURL(join(dist, 'wasm/index.js')).href);
const backend = createWasmBackend();
const ws = new Workspace(loadKernels());
// A larger workspace is a new instance: read `ws.exports` at every call.
const wasm = new Proxy({}, { get: (_, name) => ws.exports[name] });

const ALPHA = 0.01;
function values(n, seed) {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function probe(n, rounds) {
  const z = values(n, 1);
  const g = values(n, 2);
  const [zAt, gAt, outAt] = [ws.base, ws.base + n * 8, ws.base + 2 * n * 8];
  ws.reserve(3 * n * 8);
  // Copies its operands to zAt and gAt (in that order), runs the kernel, copies the result out.
  const viaWasm = (kernel, inputs) => {
    const f = ws.f64;
    inputs.forEach((x, i) => f.set(x, [zAt, gAt][i] / 8));
    kernel();
    const out = new Float64Array(n);
    out.set(f.subarray(outAt / 8, outAt / 8 + n));
    return out;
  };
  const cases = {
    add: {
      js: () => jsBackend.binary('add', z, [n], g, [n], [n]),
      copies: () => viaWasm(() => wasm.binary(0, zAt, n, gAt, n, outAt, n), [z, g]),
      backend: () => backend.binary('add', z, [n], g, [n], [n]),
      only: () => wasm.binary(0, zAt, n, gAt, n, outAt, n),
    },
    leakyRelu: {
      js: () => jsBackend.leakyRelu(z, ALPHA),
      copies: () => viaWasm(() => wasm.leakyRelu(zAt, outAt, n, ALPHA), [z]),
      backend: () => backend.leakyRelu(z, ALPHA),
      only: () => wasm.leakyRelu(zAt, outAt, n, ALPHA),
    },
    leakyReluBackward: {
      js: () => jsBackend.leakyReluBackward(g, z, ALPHA),
      copies: () => viaWasm(() => wasm.leakyReluBackward(gAt, zAt, outAt, n, ALPHA), [z, g]),
      backend: () => backend.leakyReluBackward(g, z, ALPHA),
      only: () => wasm.leakyReluBackward(gAt, zAt, outAt, n, ALPHA),
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    const a = c.js();
    for (const b of [c.copies(), c.backend()]) {
      if (a.length !== b.length || a.some((x, i) => !Object.is(x, b[i])))
        throw new Error(`${name}: the WebAssembly kernel's values differ`);
    }
    const times = { js: [], copies: [], backend: [], only: [] };
    const reps = Math.max(1, Math.round(200_000 / n));
    for (let r = 0; r < rounds; r++) {
      for (const k of ['js', 'copies', 'backend', 'only']) {
        const t0 = performance.now();
        for (let i = 0; i < reps; i++) c[k]();
        times[k].push(((performance.now() - t0) / reps) * 1000);
      }
    }
    const [js, copies, shipped, only] = ['js', 'copies', 'backend', 'only'].map((k) => median(times[k]));
    const us = (t) => (t < 10 ? t.toFixed(3) : t.toFixed(1)).padStart(8);
    console.log(
      `${name.padEnd(18)} n = ${String(n).padEnd(8)} js ${us(js)} µs   wasm+copies ${us(copies)} µs (${(js / copies).toFixed(2)}× js's speed)   backend ${us(shipped)} µs (${(js / shipped).toFixed(2)}×)   wasm only ${us(only)} µs (${(js / only).toFixed(2)}×)`,
    );
  }
}

console.log(`node ${process.version}; medians of alternating rounds, µs per call`);
for (const n of [32, 64, 128, 256, 512, 1024, 4096, 65536, 262144]) probe(n, 40);
probe(1_000_000, 30);
probe(4_000_000, 15);
