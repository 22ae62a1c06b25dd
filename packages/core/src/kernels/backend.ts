/**
 * The kernel boundary: everything tapegrad computes on numbers goes through one `Backend`, a plain
 * object of functions on `Float64Array`s. A kernel knows arrays and shapes, never a `Tensor`, the
 * tape or a gradient rule; the ops in `ops/` call `kernels.<name>(…)` and record what they did.
 *
 * Two backends are built in:
 * - `'js'`: plain TypeScript loops (`kernels/js/`), the reference that every other backend must
 *   match, and the one to read;
 * - `'wasm'`: the same, with the matrix product, and arithmetic and activations on 256 values or
 *   more, computed by WebAssembly SIMD kernels (`kernels/wasm/`). It is the default wherever the
 *   engine runs its module (Node 20 and every current browser); elsewhere `'wasm'` is not
 *   registered and `'js'` is the default.
 *
 * Another backend implements the same interface and is registered with `registerBackend`;
 * `setBackend(name)` then switches every op to it, and no op or gradient rule changes.
 *
 * @example
 * getBackend();      // 'wasm' (or 'js' where WebAssembly SIMD is missing)
 * setBackend('js');  // explicit choice; throws for a name no backend was registered under
 */
import { ArgumentError, describeValue } from '../errors.js';
import type { Shape } from '../shape.js';
import { jsBackend } from './js/index.js';
import { createWasmBackend, createWasmBackendLater } from './wasm/index.js';

/** The unary elementwise kernels, by name. */
export type UnaryKind = 'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'sin' | 'cos';
/** The binary elementwise kernels (arithmetic and comparisons), by name. */
export type BinaryKind = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * What a backend provides. Every kernel returns a new array and never writes into its inputs, but
 * one: `accumulate` adds into the array it is given. A "new" array may be one that backward
 * released as dead (`release`), zero-filled before the kernel writes it. Shapes are row-major; "broadcast" means
 * NumPy's rules, with the output shape given.
 */
export interface Backend {
  /** The name `setBackend` knows it by. */
  readonly name: string;

  // elementwise
  /** `f(x)` elementwise, for the unary op `kind`. */
  unary(kind: UnaryKind, x: Float64Array): Float64Array;
  /** `min(max(x, lo), hi)` elementwise. */
  clip(x: Float64Array, lo: number, hi: number): Float64Array;
  /** `a ∘ b`, both broadcast to `outShape`; a comparison gives 1 or 0. */
  binary(kind: BinaryKind, a: Float64Array, aShape: Shape, b: Float64Array, bShape: Shape, outShape: Shape): Float64Array;
  /** `a` where `c ≠ 0`, else `b`, all three broadcast to `outShape`. */
  where(c: Float64Array, cShape: Shape, a: Float64Array, aShape: Shape, b: Float64Array, bShape: Shape, outShape: Shape): Float64Array;
  /** `x` repeated from shape `from` to the shape `to` it broadcasts to. */
  broadcast(x: Float64Array, from: Shape, to: Shape): Float64Array;
  /** `g · y · (1 − y)`, where `y = σ(x)`. */
  sigmoidBackward(g: Float64Array, y: Float64Array): Float64Array;
  /** `g · (1 − y²)`, where `y = tanh(x)`. */
  tanhBackward(g: Float64Array, y: Float64Array): Float64Array;
  /**
   * `acc[i] += x[i]` in place, `acc` and `x` of one length (they may be the same array). Backward
   * sums a gradient that arrives twice with it, into an array that nothing else holds.
   */
  accumulate(acc: Float64Array, x: Float64Array): void;

  // activations and their derivatives
  /** `max(z, 0)`; NaN stays NaN. */
  relu(z: Float64Array): Float64Array;
  /** `z if z > 0 else α·z`. */
  leakyRelu(z: Float64Array, alpha: number): Float64Array;
  /** `z if z > 0 else α_c·z`, `z` viewed as `[outer, channels, inner]`, α with `channels` values or 1. */
  prelu(z: Float64Array, alpha: Float64Array, outer: number, channels: number, inner: number): Float64Array;
  /** `z if z > 0 else α·(eᶻ − 1)`. */
  elu(z: Float64Array, alpha: number): Float64Array;
  /** `g if z > 0 else 0` (a NaN z passes g). */
  reluBackward(g: Float64Array, z: Float64Array): Float64Array;
  /** `g · (z > 0 ? 1 : α)`. */
  leakyReluBackward(g: Float64Array, z: Float64Array, alpha: number): Float64Array;
  /** `g · (z <= 0 ? α·eᶻ : 1)` (a NaN z passes g). */
  eluBackward(g: Float64Array, z: Float64Array, alpha: number): Float64Array;
  /** `dz = g · (z > 0 ? 1 : α_c)` and `dα_c = Σ_c g · (z > 0 ? 0 : z)`, each only when wanted. */
  preluBackward(
    g: Float64Array,
    z: Float64Array,
    alpha: Float64Array,
    outer: number,
    channels: number,
    inner: number,
    wantDz: boolean,
    wantDalpha: boolean,
  ): PreluGradients;

  // reductions over sorted, distinct axes; the result has those axes kept as 1s
  /** Σ over `axes`. */
  sum(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array;
  /** The largest value over `axes`; NaN propagates. */
  max(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array;
  /** The smallest value over `axes`; NaN propagates. */
  min(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array;

  // layout
  /** Output axis i is input axis `axes[i]`. */
  permute(x: Float64Array, shape: Shape, axes: readonly number[]): Float64Array;
  /** `count` positions `start, start + step, …` along `axis`. */
  slice(x: Float64Array, shape: Shape, axis: number, start: number, step: number, count: number): Float64Array;
  /** Zeros with `size` positions along `axis`, `g` written at the positions `slice` took. */
  unslice(g: Float64Array, shape: Shape, axis: number, start: number, step: number, size: number): Float64Array;
  /** Arrays joined along `axis`; their other dimensions are equal. */
  concat(parts: readonly { data: Float64Array; shape: Shape }[], axis: number, outShape: Shape): Float64Array;

  // indexing; every index is an integer already checked to be in range
  /** The entries at `index[k]` along `axis`: `[outer, dim, inner]` becomes `[outer, index.length, inner]`. */
  indexSelect(x: Float64Array, shape: Shape, axis: number, index: Float64Array): Float64Array;
  /** Zeros with `size` positions along `axis`, `g`'s entry k added at position `index[k]` (repeats add up). */
  indexAdd(g: Float64Array, shape: Shape, axis: number, index: Float64Array, size: number): Float64Array;
  /** `out[p] = x[p with its axis coordinate replaced by index[p]]`; `index` has `x`'s rank, the output its shape. */
  gather(x: Float64Array, shape: Shape, axis: number, index: Float64Array, indexShape: Shape): Float64Array;
  /** Zeros of shape `shape`, `g[p]` added where `gather` read position p from (repeats add up). */
  scatterAdd(g: Float64Array, indexShape: Shape, axis: number, index: Float64Array, shape: Shape): Float64Array;
  /** The values of `x` where `mask ≠ 0`, in order; `x` and `mask` have the same length. */
  maskedSelect(x: Float64Array, mask: Float64Array): Float64Array;
  /** Zeros of `mask`'s length, `g`'s values written in order where `mask ≠ 0`. */
  maskedScatter(g: Float64Array, mask: Float64Array): Float64Array;
  /** The index of the largest value along `axis` (the first on ties; the first NaN if any), that axis kept as 1. */
  argmax(x: Float64Array, shape: Shape, axis: number): Float64Array;
  /** The index of the smallest value along `axis` (the first on ties; the first NaN if any), that axis kept as 1. */
  argmin(x: Float64Array, shape: Shape, axis: number): Float64Array;

  // memory: arrays that backward knows are dead, handed back for reuse. A backend may ignore them
  // (`release` and `releaseNotedSince` doing nothing, `noteAllocations` returning 0).
  /**
   * `a` is dead, unless one of `kept` shares its buffer: nothing reads or writes it again, and a
   * later kernel may return it as its output, zero-filled. Backward calls it only for an array it
   * made and handed to no one.
   */
  release(a: Float64Array, kept?: readonly (Float64Array | null)[]): void;
  /** Starts noting the arrays the kernels allocate; returns a mark for `releaseNotedSince`. */
  noteAllocations(): number;
  /**
   * Releases the arrays allocated since `mark`, but those that share a buffer with one of `kept`
   * (all are kept when `kept` is null), and ends the noting `mark` began: backward runs each
   * gradient rule between the two, its results kept, its temporaries released.
   */
  releaseNotedSince(mark: number, kept: readonly (Float64Array | null)[] | null): void;

  // linear algebra
  /**
   * `op(A) · op(B)` per pair of matrices of two broadcast batches: `[...batch, n, k] · [...batch, k, m]`,
   * where `op` transposes an operand stored as `[..., k, n]` (`transA`) or `[..., m, k]` (`transB`).
   */
  matmul(
    a: Float64Array,
    batchA: Shape,
    b: Float64Array,
    batchB: Shape,
    batch: Shape,
    n: number,
    k: number,
    m: number,
    transA: boolean,
    transB: boolean,
  ): Float64Array;
}

/** The two gradients `Backend.preluBackward` computes in one pass. */
export interface PreluGradients {
  /** The gradient of z (z's length), or null when it was not wanted. */
  dz: Float64Array | null;
  /** The gradient of α (α's length), or null when it was not wanted. */
  dalpha: Float64Array | null;
}

const wasmBackend = createWasmBackend();
const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
if (wasmBackend !== null) backends.set(wasmBackend.name, wasmBackend);

/**
 * The active backend: the ops call its kernels. Read it, never assign it; `setBackend` switches it.
 */
export let kernels: Backend = wasmBackend ?? jsBackend;
let chosen = false;

// An engine that refused to compile the module synchronously (an older Chromium's main thread)
// gets it asynchronously: 'wasm' is registered when it is ready, and becomes the active backend
// unless one was chosen with `setBackend` in the meantime.
if (wasmBackend === null) {
  void createWasmBackendLater().then((late) => {
    if (late === null) return;
    backends.set(late.name, late);
    if (!chosen) kernels = late;
  });
}

/** The memory methods of `Backend`, which a backend may leave out: it then reuses nothing. */
type MemoryMethods = 'release' | 'noteAllocations' | 'releaseNotedSince';

/** What `registerBackend` takes: a `Backend`, its memory methods optional. */
export type BackendKernels = Omit<Backend, MemoryMethods> & Partial<Pick<Backend, MemoryMethods>>;

/**
 * Makes `backend` available to `setBackend` under its `name` (replacing one of the same name). A
 * backend without the memory methods (`release`, `noteAllocations`, `releaseNotedSince`) gets ones
 * that do nothing: backward then leaves its dead arrays to the garbage collector.
 *
 * @example
 * registerBackend({ ...jsBackend, name: 'js-copy' }); setBackend('js-copy');
 */
export function registerBackend(backend: BackendKernels): void {
  if (backend === null || typeof backend !== 'object' || typeof backend.name !== 'string' || backend.name === '') {
    throw new ArgumentError(`registerBackend: expected a backend object with a non-empty name, got ${describeValue(backend)}`);
  }
  backends.set(backend.name, { release() {}, noteAllocations: () => 0, releaseNotedSince() {}, ...backend });
}

/**
 * Switches every op to the kernels of the backend registered under `name` (`'js'` always, `'wasm'`
 * where the engine runs WebAssembly SIMD).
 * Tensors already computed are unaffected: a backend computes, it does not own the data.
 *
 * @throws ArgumentError for a name no backend was registered under.
 *
 * @example
 * setBackend('js');
 */
export function setBackend(name: string): void {
  const next = backends.get(name);
  if (next === undefined) {
    throw new ArgumentError(
      `setBackend: unknown backend ${describeValue(name)}; the backends are ${listBackends()
        .map((b) => JSON.stringify(b))
        .join(', ')} (registerBackend adds one)`,
    );
  }
  kernels = next;
  chosen = true;
}

/**
 * The name of the active backend.
 *
 * @example
 * getBackend(); // 'wasm' by default ('js' where WebAssembly SIMD is missing)
 */
export function getBackend(): string {
  return kernels.name;
}

/**
 * The names of every registered backend, the active one included.
 *
 * @example
 * listBackends(); // ['js', 'wasm']
 */
export function listBackends(): string[] {
  return [...backends.keys()];
}
