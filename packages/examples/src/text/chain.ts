/** Example 2's terminal report: δ per layer for both activations, beside the post's δ₃, δ₂, δ₁. */
import type { ChainResult } from '../chain.js';
import { type Ledger, mark, table } from '../report.js';
import type { FigurePaths, Print } from './format.js';

/**
 * Prints the chain's factor, pre-activations, the δ table and the post's convention.
 *
 * @example
 * const c = chainDeltas();
 * printChain(c, chainLedger(c), { 'chain-delta': 'out/chain-delta.svg' }, console.log);
 */
export function printChain(c: ChainResult, ledger: Ledger, figures: FigurePaths, print: Print): void {
  const { relu: reluD, leaky: leakyD, layers } = c;
  print(`One Leaky ReLU hop multiplies δ by w·α = ${c.weight} × ${c.alpha} = ${c.factor} ${mark(ledger['chain.factor']!)}`);
  print(`Pre-activations (Leaky ReLU): ${leakyD.z.map((v) => v.toPrecision(4)).join(', ')} — all < 0`);
  print(`Pre-activations (ReLU):       ${reluD.z.map((v) => v.toPrecision(4)).join(', ')} — all < 0\n`);

  const rows = [];
  for (let k = layers; k >= 1; k--) {
    const hop = layers - k;
    const postLabel =
      hop === 0 ? 'seed 1.0' : hop <= 3 ? `${['δ₃', 'δ₂', 'δ₁'][hop - 1]} = ${['1e-3', '1e-6', '1e-9'][hop - 1]}` : '(not printed)';
    rows.push([`layer ${k}`, String(hop), sci(reluD.delta[k - 1]!), sci(leakyD.delta[k - 1]!), postLabel]);
  }
  const d = (id: string) => sci(ledger[id]!.value as number);
  print(table(['δ_k = ∂a₅/∂a_k', 'hops', 'ReLU', 'Leaky ReLU', 'post'], rows));
  print('');
  print(`Convention: δ = 1.0 sits at layer 5 (the output). The post's Leaky ReLU line seeds δ = 1.0 and walks three`);
  print(`hops: δ₃ = ${d('chain.d3')}, δ₂ = ${d('chain.d2')}, δ₁ = ${d('chain.d1')}, its three numbers, reproduced under its`);
  print(`convention. Its ReLU line multiplies four factors (1.0 × 0 × 0 × 0 × 0); with four hops, Leaky ReLU gives`);
  print(`${sci(leakyD.delta[0]!)} at layer 1.`);
  print(`ReLU at layer 1: ${reluD.delta[0]} ${mark(ledger['chain.relu']!)} — exactly zero, dead. Leaky ReLU: small, but not zero.`);
  print(`\nFigure: ${figures['chain-delta']}`);
}

/** 0 as 0, anything else in scientific notation with 4 significant digits. */
function sci(v: number): string {
  return v === 0 ? '0' : v.toExponential(3);
}
