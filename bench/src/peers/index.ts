/** Loads every JavaScript peer once, in this process; a peer that fails is reported, not fatal. */
import { loadJax, type JaxPeer } from './jax.js';
import { loadJsPytorch, type JsPytorchPeer } from './js-pytorch.js';
import type { PeerStatus } from './status.js';
import { loadTfjs, type TfjsPeer } from './tfjs.js';

export interface Peers {
  readonly tfjs: PeerStatus<TfjsPeer>;
  readonly jax: PeerStatus<JaxPeer>;
  readonly jsPytorch: PeerStatus<JsPytorchPeer>;
}

export async function loadPeers(): Promise<Peers> {
  const tfjs = await loadTfjs();
  const jax = await loadJax();
  const jsPytorch = await loadJsPytorch();
  return { tfjs, jax, jsPytorch };
}

/** One line per peer for the report header. */
export function describePeers(peers: Peers): string[] {
  const line = (name: string, s: PeerStatus<unknown>) =>
    s.ok ? `${name} ${s.version}: ${s.notes.join('; ')}` : `${name}: cannot run: ${s.reason}`;
  const lines = [line('@tensorflow/tfjs', peers.tfjs), line('@jax-js/jax', peers.jax), line('js-pytorch', peers.jsPytorch)];
  if (peers.tfjs.ok) {
    for (const [b, why] of Object.entries(peers.tfjs.peer.unavailable)) if (why) lines.push(`tfjs-${b}: cannot run: ${why}`);
  }
  return lines;
}
