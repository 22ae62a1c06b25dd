/**
 * Example 2 — Gradient recovery in the 5-layer network.
 *
 * A real chain of five one-unit layers, a_k = act(w·a_(k−1) + b), with w = 0.1 and a negative
 * bias b = −0.1 so that every pre-activation z_k is negative for both activations (the post's
 * worst case for ReLU; the bias does not enter the gradient). One backward pass from the top
 * layer gives δ_k = ∂a₅/∂a_k at every layer: each hop down multiplies by w·act'(z), which is
 * 0.1 × 0 = 0 for ReLU and 0.1 × 0.01 = 0.001 for Leaky ReLU.
 */
import { type Tensor, add, gradients, leakyRelu, mul, relu, tensor } from '@tapegrad/core';
import { type Ledger, record } from './report.js';

/** The chain's shape and input; every field has the post's value as its default. */
export interface ChainOptions {
  /** The weight of every layer (default 0.1). */
  weight?: number;
  /** The bias of every layer (default −0.1: keeps every z < 0). */
  bias?: number;
  /** Leaky ReLU's slope (default 0.01). */
  alpha?: number;
  /** Number of layers (default 5). */
  layers?: number;
  /** The input x (default −1). */
  input?: number;
}

/** One activation's run through the chain: one entry per layer, layer 1 first. */
export interface LayerDeltas {
  /** The pre-activations z_k. */
  z: number[];
  /** δ_k = ∂a_top/∂a_k (1 at the top layer). */
  delta: number[];
}

/**
 * Runs the chain a_k = act(w·a_(k−1) + b) forward from `input` and returns every pre-activation
 * z_k and δ_k = ∂a_L/∂a_k (δ_L = 1), by one backward pass from the top layer. Arrays of length
 * `layers`, layer 1 first.
 *
 * @example
 * layerDeltas(relu).delta; // [0, 0, 0, 0, 1]
 * layerDeltas((z) => leakyRelu(z, 0.01)).delta[3]; // 0.001 (one hop below the top)
 */
export function layerDeltas(act: (z: Tensor) => Tensor, options: ChainOptions = {}): LayerDeltas {
  const { weight = 0.1, bias = -0.1, layers = 5, input = -1 } = options;
  const x = tensor(input, { requiresGrad: true }); // so that every layer records
  const zs: Tensor[] = [];
  const as: Tensor[] = [];
  let a: Tensor = x;
  for (let k = 1; k <= layers; k++) {
    const z = add(mul(a, weight), bias);
    a = act(z);
    zs.push(z);
    as.push(a);
  }
  const grads = gradients(as[layers - 1]!, as);
  return { z: zs.map((t) => t.item()), delta: grads.map((g) => g.item()) };
}

/** The chain under both activations. */
export interface ChainResult {
  /** The weight w. */
  weight: number;
  /** Leaky ReLU's slope α. */
  alpha: number;
  /** The number of layers. */
  layers: number;
  /** The factor one Leaky ReLU hop multiplies δ by: w·α. */
  factor: number;
  /** With ReLU. */
  relu: LayerDeltas;
  /** With Leaky ReLU(α). */
  leaky: LayerDeltas;
}

/**
 * The chain with ReLU and with Leaky ReLU, same weights; see {@link layerDeltas}.
 *
 * @example
 * const c = chainDeltas();
 * c.factor; // 0.001
 * c.relu.delta[0]; // 0: dead
 * c.leaky.delta[0]; // 1.0000000000000004e-12: small, not 0
 */
export function chainDeltas(options: ChainOptions = {}): ChainResult {
  const { weight = 0.1, alpha = 0.01, layers = 5 } = options;
  return {
    weight,
    alpha,
    layers,
    factor: weight * alpha,
    relu: layerDeltas(relu, options),
    leaky: layerDeltas((z) => leakyRelu(z, alpha), options),
  };
}

/**
 * The chain's ledger: `chain.factor`, then the post's δ₃, δ₂, δ₁ (`chain.d3`, `chain.d2`,
 * `chain.d1`: one, two and three hops below the top layer, its convention), ReLU's δ at layer 1
 * (`chain.relu`) and Leaky ReLU's (`chain.d1.fourHops`).
 *
 * @example
 * chainLedger(chainDeltas())['chain.relu']; // { value: 0, post: 0, status: 'ok' }
 */
export function chainLedger(c: ChainResult): Ledger {
  // The post seeds δ = 1.0 one layer lower than our top layer: its δ₃, δ₂, δ₁ are 1, 2, 3 hops below the seed.
  const hops = (d: number[], k: number) => d[c.layers - 1 - k]!;
  return {
    'chain.factor': record(c.factor, 0.001, { digits: 3 }),
    'chain.d3': record(hops(c.leaky.delta, 1), 1e-3, {
      status: 'convention',
      note: 'δ = 1.0 seeded at the top layer; the post calls one hop below it δ₃',
    }),
    'chain.d2': record(hops(c.leaky.delta, 2), 1e-6, { status: 'convention' }),
    'chain.d1': record(hops(c.leaky.delta, 3), 1e-9, { status: 'convention' }),
    'chain.relu': record(c.relu.delta[0]!, 0, { digits: 12 }),
    'chain.d1.fourHops': record(c.leaky.delta[0]!, null, {
      status: 'convention',
      note: "four hops from the top, as the post's ReLU line counts them",
    }),
  };
}
