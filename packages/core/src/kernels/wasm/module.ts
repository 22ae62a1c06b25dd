/**
 * The WebAssembly module of the `'wasm'` backend: its bytes (embedded by `pnpm build`, see
 * `scripts/build-wasm.mjs`), its instance, and its linear memory, which the backend uses as a
 * workspace: operands are copied in, results copied out, and the memory grows to the largest
 * workspace asked for and is then reused (it never shrinks; its size is the largest product seen).
 * The module imports its memory (`env.memory`), so that a larger one can be handed to a new
 * instance instead of growing the old one (see `Workspace`).
 *
 * The module needs 128-bit SIMD. Where `WebAssembly.validate` refuses it (an engine without SIMD,
 * or no WebAssembly at all), `loadKernels()` returns null and tapegrad stays on the `'js'` backend.
 *
 * NOTE: the instance is made synchronously, so that the first op can use it. Chromium-based
 * engines refuse a synchronous compile above a size on a page's main thread (4 KB for years, 8 MB
 * in recent versions); the module is under 4 KB, and a test keeps it so. Should an engine refuse
 * anyway, `loadKernelsLater()` compiles it asynchronously.
 */
import { KERNELS_WASM_BASE64 } from './binary.generated.js';

/** The functions the module exports (pointers and strides in bytes; see `assembly/`). */
export interface WasmExports {
  heapBase(): number;
  packBytes(): number;
  gemm(
    a: number,
    ai: number,
    ap: number,
    b: number,
    bp: number,
    bj: number,
    c: number,
    n: number,
    k: number,
    m: number,
    pack: number,
  ): void;
  binary(kind: number, a: number, aLen: number, b: number, bLen: number, out: number, n: number): void;
  relu(z: number, out: number, n: number): void;
  leakyRelu(z: number, out: number, n: number, alpha: number): void;
  reluBackward(g: number, z: number, out: number, n: number): void;
  leakyReluBackward(g: number, z: number, out: number, n: number, alpha: number): void;
  prelu(z: number, alpha: number, alphaLen: number, out: number, outer: number, channels: number, inner: number): void;
  preluBackward(
    g: number,
    z: number,
    alpha: number,
    alphaLen: number,
    dz: number,
    dalpha: number,
    outer: number,
    channels: number,
    inner: number,
  ): void;
}

/** The part of the WebAssembly JavaScript API used here (core compiles without the DOM's types). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  compile(bytes: Uint8Array): Promise<object>;
}

/** The compiled module, and the API to instantiate it with. */
export interface CompiledKernels {
  readonly api: WebAssemblyApi;
  readonly module: object;
}

function webAssembly(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/** The module's bytes. */
export function kernelsBinary(): Uint8Array {
  return decodeBase64(KERNELS_WASM_BASE64);
}

/** The module compiled, or null where this engine cannot run it (no WebAssembly, or no SIMD). */
export function loadKernels(): CompiledKernels | null {
  const api = webAssembly();
  if (api === undefined) return null;
  const bytes = kernelsBinary();
  if (!api.validate(bytes)) return null;
  try {
    return { api, module: new api.Module(bytes) };
  } catch {
    return null; // a synchronous compile refused here, or any compile (a content security policy)
  }
}

/** The module compiled asynchronously (where a synchronous compile was refused); null where it cannot run. */
export async function loadKernelsLater(): Promise<CompiledKernels | null> {
  const api = webAssembly();
  if (api === undefined) return null;
  const bytes = kernelsBinary();
  if (!api.validate(bytes)) return null;
  try {
    return { api, module: await api.compile(bytes) };
  } catch {
    return null;
  }
}

const PAGE = 65536;

/**
 * The module's linear memory seen as float64s: `f64` is a view of all of it, `base` the first
 * byte after the packing scratch, 64-byte aligned. `reserve(bytes)` makes room for `bytes` more
 * after `base`: the memory only ever grows, to the largest workspace asked for, and is then reused.
 *
 * NOTE: the memory is never grown in place. `WebAssembly.Memory.grow` detaches the memory's old
 * `ArrayBuffer`, and the first detached buffer in a process makes V8 check for detachment on
 * every typed-array access of optimized code from then on: the TypeScript kernels ran 25–30%
 * slower (the `'js'` backend's W3 step, 24 → 31 ms, once the module had grown its memory). So a
 * larger workspace is a new `Memory` with a new instance of the same compiled module (a few
 * microseconds); the old one is left to the garbage collector, and no buffer is ever detached.
 */
export class Workspace {
  readonly base: number;
  readonly pack: number;
  exports: WasmExports;
  memory: { readonly buffer: ArrayBuffer };
  f64: Float64Array;

  constructor(private readonly kernels: CompiledKernels) {
    [this.memory, this.exports] = this.instantiate(1);
    this.pack = align64(this.exports.heapBase());
    this.base = align64(this.pack + this.exports.packBytes());
    this.f64 = new Float64Array(this.memory.buffer);
    this.reserve(0);
  }

  /** Makes `bytes` bytes available from `base` on; returns the view of the whole memory. */
  reserve(bytes: number): Float64Array {
    const size = this.base + bytes;
    if (size > this.memory.buffer.byteLength) {
      [this.memory, this.exports] = this.instantiate(Math.ceil(size / PAGE));
      this.f64 = new Float64Array(this.memory.buffer);
    }
    return this.f64;
  }

  private instantiate(pages: number): [{ readonly buffer: ArrayBuffer }, WasmExports] {
    const { api, module } = this.kernels;
    const memory = new api.Memory({ initial: pages });
    const instance = new api.Instance(module, { env: { memory } });
    return [memory, instance.exports as WasmExports];
  }
}

function align64(x: number): number {
  return Math.ceil(x / 64) * 64;
}

/** Standard base64 (RFC 4648, with padding) to bytes, without `atob` or `Buffer`. */
function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0, o = 0; i < text.length; i += 4) {
    const bits =
      (value[text.charCodeAt(i)]! << 18) |
      (value[text.charCodeAt(i + 1)]! << 12) |
      (value[text.charCodeAt(i + 2)]! << 6) |
      value[text.charCodeAt(i + 3)]!;
    if (o < out.length) out[o++] = bits >> 16;
    if (o < out.length) out[o++] = (bits >> 8) & 255;
    if (o < out.length) out[o++] = bits & 255;
  }
  return out;
}
