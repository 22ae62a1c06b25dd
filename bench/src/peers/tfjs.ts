/**
 * TensorFlow.js: the full `@tensorflow/tfjs` package (tfjs-core alone registers no gradients), on
 * its pure-JavaScript CPU backend and on `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD), pinned to
 * one thread. Both backends compute in float32: tfjs has no float64 dtype.
 *
 * Backends are switched per case. `tf.setBackend` is async only the first time (initialisation);
 * once both are initialised here, `use()` switches synchronously, so a timed call can select its
 * backend at no cost.
 */
import { type Candidate, type Impl, errorText } from '../harness.js';
import type { PeerStatus } from './status.js';

export type Tf = typeof import('@tensorflow/tfjs');
export type TfBackend = 'cpu' | 'wasm';

export interface TfjsPeer {
  readonly tf: Tf;
  /** Per backend: null if ready, else why it cannot run. */
  readonly unavailable: Readonly<Record<TfBackend, string | null>>;
  /** Makes `backend` the current one (synchronous once initialised). */
  use(backend: TfBackend): void;
}

export async function loadTfjs(): Promise<PeerStatus<TfjsPeer>> {
  let tf: Tf;
  try {
    tf = await import('@tensorflow/tfjs');
  } catch (e) {
    return { ok: false, reason: `cannot import @tensorflow/tfjs: ${errorText(e)}` };
  }
  const unavailable: Record<TfBackend, string | null> = { cpu: null, wasm: null };
  const notes: string[] = ['float32 only (tfjs has no float64)'];
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // NOTE: one thread, like every other figure in this suite; must be set before initialisation.
    wasm.setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend("wasm") returned false');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    notes.push(`wasm: SIMD ${simd ? 'on' : 'off'}, multithread support ${mt ? 'yes' : 'no'}, threads used ${wasm.getThreadsCount()}`);
  } catch (e) {
    unavailable.wasm = `tfjs-backend-wasm failed to initialise: ${errorText(e)}`;
  }
  try {
    if (!(await tf.setBackend('cpu'))) throw new Error('setBackend("cpu") returned false');
  } catch (e) {
    unavailable.cpu = `tfjs cpu backend failed to initialise: ${errorText(e)}`;
  }
  const use = (backend: TfBackend): void => {
    if (tf.getBackend() !== backend) void tf.setBackend(backend);
    if (tf.getBackend() !== backend) throw new Error(`tfjs: could not switch to the ${backend} backend`);
  };
  return { ok: true, peer: { tf, unavailable, use }, version: tf.version.tfjs, notes };
}

/**
 * One case per tfjs backend (`tfjs-cpu`, `tfjs-wasm`, both float32): `make` builds the case on a
 * backend that loaded, and a backend that did not is listed with the reason.
 */
export function tfjsCandidates(
  status: PeerStatus<TfjsPeer>,
  make: (peer: TfjsPeer, backend: TfBackend) => Omit<Impl, 'lib' | 'dtype'>,
): Candidate[] {
  return (['cpu', 'wasm'] as const).map((backend): Candidate => {
    const lib = `tfjs-${backend}`;
    if (!status.ok) return { lib, dtype: 'float32', reason: status.reason };
    const unavailable = status.peer.unavailable[backend];
    if (unavailable) return { lib, dtype: 'float32', reason: unavailable };
    return { lib, dtype: 'float32', ...make(status.peer, backend) };
  });
}
