/**
 * The `'wasm'` backend: the TypeScript kernels (`kernels/js/`), with the ones where WebAssembly
 * wins replaced by kernels of the module in `assembly/`. What it replaces, and why only that, is
 * measured in `bench/README.md`: the matrix product (packed, `f64x2` SIMD). An elementwise kernel
 * moves little arithmetic per byte, and copying its operands into the module's memory and its
 * result out costs more than SIMD saves, so those stay in TypeScript.
 */
import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { wasmMatmul } from './matmul.js';
import { loadKernels, Workspace } from './module.js';

/** The `'wasm'` backend, or null where this engine cannot run its module. */
export function createWasmBackend(): Backend | null {
  const exports = loadKernels();
  if (exports === null) return null;
  const ws = new Workspace(exports);
  return { ...jsBackend, name: 'wasm', matmul: wasmMatmul(ws) };
}
