/**
 * Probe: would elementwise kernels gain from WebAssembly, copies included? For Leaky ReLU, its
 * derivative and an elementwise add, on 10⁶ values (W2's size) and on 256 × 256 (W3's), it times:
 *   js          the TypeScript kernel of the 'js' backend (a fresh output array)
 *   wasm+copies copy the operands into the module's memory, run the SIMD kernel, copy the result
 *               out into a fresh array: what a 'wasm' kernel on Float64Array tensors would cost
 *   wasm only   the SIMD kernel alone, operands already in the module's memory (the bound if
 *               tensors lived there)
 * Medians over alternating rounds, in one process; checks that all three give the same bits.
 *
 *   pnpm build && MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 node bench/probes/elementwise.mjs
 *
 * (the allocator settings of `pnpm bench`: glibc then reuses freed 8 MB blocks instead of mapping
 * fresh pages for each, as the Python references do)
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const require = createRequire(join(root, 'packages/core/package.json'));
const { default: asc } = await import(pathToFileURL(join(dirname(require.resolve('assemblyscript/package.json')), 'dist/asc.js')).href);
const { jsBackend } = await import(pathToFileURL(join(root, 'packages/core/dist/kernels/js/index.js')).href);

const outputs = new Map();
const { error, stderr } = await asc.main(
  [join(here, 'elementwise.as.ts'), '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--outFile', 'p.wasm'],
  { writeFile: (name, contents) => outputs.set(name, contents) },
);
if (error) throw new Error(stderr.toString());
const wasm = new WebAssembly.Instance(new WebAssembly.Module(outputs.get('p.wasm')), {}).exports;

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
  const base = Math.ceil(wasm.heapBase() / 64) * 64;
  const [zAt, gAt, outAt] = [base, base + n * 8, base + 2 * n * 8];
  const need = outAt + n * 8 - wasm.memory.buffer.byteLength;
  if (need > 0) wasm.memory.grow(Math.ceil(need / 65536));
  const mem = () => new Float64Array(wasm.memory.buffer);
  // Copies its operands to zAt and gAt (in that order), runs the kernel, copies the result out.
  const viaWasm = (kernel, inputs) => {
    const f = mem();
    inputs.forEach((x, i) => f.set(x, [zAt, gAt][i] / 8));
    kernel();
    const out = new Float64Array(n);
    out.set(f.subarray(outAt / 8, outAt / 8 + n));
    return out;
  };
  const cases = {
    leakyRelu: {
      js: () => jsBackend.leakyRelu(z, ALPHA),
      copies: () => viaWasm(() => wasm.leakyRelu(zAt, outAt, n, ALPHA), [z]),
      only: () => wasm.leakyRelu(zAt, outAt, n, ALPHA),
    },
    leakyReluBackward: {
      js: () => jsBackend.leakyReluBackward(g, z, ALPHA),
      copies: () => viaWasm(() => wasm.leakyReluBackward(gAt, zAt, outAt, n, ALPHA), [z, g]),
      only: () => wasm.leakyReluBackward(gAt, zAt, outAt, n, ALPHA),
    },
    add: {
      js: () => jsBackend.binary('add', z, [n], g, [n], [n]),
      copies: () => viaWasm(() => wasm.add(zAt, gAt, outAt, n), [z, g]),
      only: () => wasm.add(zAt, gAt, outAt, n),
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    const a = new Uint8Array(c.js().buffer);
    const b = new Uint8Array(c.copies().buffer);
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) throw new Error(`${name}: the WebAssembly kernel's bits differ`);
    const times = { js: [], copies: [], only: [] };
    const reps = n > 100_000 ? 1 : 20;
    for (let r = 0; r < rounds; r++) {
      for (const k of ['js', 'copies', 'only']) {
        const t0 = performance.now();
        for (let i = 0; i < reps; i++) c[k]();
        times[k].push(((performance.now() - t0) / reps) * 1000);
      }
    }
    const [js, copies, only] = ['js', 'copies', 'only'].map((k) => median(times[k]));
    console.log(
      `${name.padEnd(18)} n = ${String(n).padEnd(8)} js ${js.toFixed(1).padStart(7)} µs   wasm+copies ${copies.toFixed(1).padStart(7)} µs (${(js / copies).toFixed(2)}× js's speed)   wasm only ${only.toFixed(1).padStart(7)} µs (${(js / only).toFixed(2)}×)`,
    );
  }
}

console.log(`node ${process.version}; medians of alternating rounds, µs per call`);
probe(1_000_000, 40);
probe(256 * 256, 60);
