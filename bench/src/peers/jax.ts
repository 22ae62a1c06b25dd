/**
 * jax-js (`@jax-js/jax`) on its WebAssembly device. In Node 20 it needs `init('wasm')` (there is no
 * WebGPU), runs on one thread (its worker pool needs a global `Worker`, which Node does not have),
 * and computes float64 arrays, but its float64 `exp` and `log` are only float32-accurate (about
 * 1e-7 relative), which we label. Arrays are reference-counted: every op consumes its arguments,
 * and `.ref` keeps one alive; the workloads follow that discipline.
 */
import { errorText } from '../harness.js';
import type { PeerStatus } from './status.js';
import { packageVersion } from './version.js';

export type Jax = typeof import('@jax-js/jax');

export interface JaxPeer {
  readonly jax: Jax;
}

export async function loadJax(): Promise<PeerStatus<JaxPeer>> {
  const notes: string[] = [];
  // NOTE: jax-js 0.1.25 tests `data instanceof Float16Array`, a global Node 20 does not define; a
  // stand-in class (never instantiated: we use no float16) keeps that test false instead of throwing.
  const g = globalThis as { Float16Array?: unknown };
  if (g.Float16Array === undefined) {
    g.Float16Array = class Float16ArrayUnavailable {};
    notes.push('Float16Array stand-in defined (Node 20 lacks it)');
  }
  let jax: Jax;
  try {
    jax = await import('@jax-js/jax');
  } catch (e) {
    return { ok: false, reason: `cannot import @jax-js/jax: ${errorText(e)}` };
  }
  try {
    const devices = await jax.init('wasm');
    if (!devices.includes('wasm')) return { ok: false, reason: `init('wasm') returned devices [${devices.join(', ')}] without wasm` };
    jax.defaultDevice('wasm');
  } catch (e) {
    return { ok: false, reason: `init('wasm') failed: ${errorText(e)}` };
  }
  const threads =
    typeof (globalThis as { Worker?: unknown }).Worker === 'undefined' ? 'one thread (no global Worker in Node)' : 'worker pool';
  notes.push(`device wasm, ${threads}`, 'float64 exp/log at float32 accuracy');
  return { ok: true, peer: { jax }, version: packageVersion('@jax-js/jax'), notes };
}
