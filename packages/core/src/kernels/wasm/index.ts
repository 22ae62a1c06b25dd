/**
 * The `'wasm'` backend: the TypeScript kernels (`kernels/js/`), with those where WebAssembly wins
 * replaced by kernels of the module in `assembly/`, each with the TypeScript kernel as its fallback
 * below a size where the copies in and out cost more than SIMD saves:
 * - the matrix product (packed, `f64x2` micro-kernel): `matmul.ts`;
 * - + − × ÷, ReLU, Leaky ReLU, PReLU and their derivatives, from 256 values (longer arrays go
 *   through the module's memory in blocks that stay in the cache): `elementwise.ts`, the same bits
 *   as the TypeScript kernels.
 * Kept in TypeScript: the transcendental functions (exp, log, tanh, …: WebAssembly has none, and
 * its own would not give `Math`'s bits), the reductions (their order of summation is part of
 * their result), comparisons, indexing and layout (they move data and compute little).
 */
import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { wasmElementwise } from './elementwise.js';
import { wasmMatmul } from './matmul.js';
import { type CompiledKernels, loadKernels, loadKernelsLater, Workspace } from './module.js';

/** The `'wasm'` backend, or null where this engine cannot run its module or refuses to compile it now. */
export function createWasmBackend(): Backend | null {
  const kernels = loadKernels();
  return kernels === null ? null : backendOn(kernels);
}

/** The `'wasm'` backend compiled asynchronously, or null where this engine cannot run its module. */
export async function createWasmBackendLater(): Promise<Backend | null> {
  const kernels = await loadKernelsLater();
  return kernels === null ? null : backendOn(kernels);
}

function backendOn(kernels: CompiledKernels): Backend {
  const ws = new Workspace(kernels);
  return { ...jsBackend, ...wasmElementwise(ws), name: 'wasm', matmul: wasmMatmul(ws) };
}
