/** Example 3's terminal report: Table 2, PReLU's two gradients per anchor, one SGD step, the citation. */
import type { PreluResult } from '../prelu.js';
import { type Ledger, mark, table } from '../report.js';
import type { FigurePaths, Print } from './format.js';

/**
 * Prints Table 2, the gradient table, the SGD step and the citation, with a mark per number.
 *
 * @example
 * const r = preluExample();
 * printPrelu(r, preluLedger(r), { prelu: 'out/prelu.svg' }, console.log);
 */
export function printPrelu(r: PreluResult, ledger: Ledger, figures: FigurePaths, print: Print): void {
  const m = (id: string) => mark(ledger[id]!);
  const [la, a1, a2] = r.alphas;
  const rows = r.z.map((zv, i) => [
    String(zv),
    r.leaky[i]!.toFixed(4),
    m(`t2.leaky[${zv}]`),
    r.prelu1[i]!.toFixed(3),
    m(`t2.prelu25[${zv}]`),
    r.prelu2[i]!.toFixed(3),
    m(`t2.prelu50[${zv}]`),
  ]);
  print(table(['z', `LeakyReLU(α=${la})`, '', `PReLU(α=${a1})`, '', `PReLU(α=${a2})`, ''], rows));

  print(`\nPReLU with α = ${a1}, gradients by backward (upstream δ = 1):`);
  const drows = r.z.map((zv, i) => [
    String(zv),
    r.dz[i]!.toFixed(2),
    m(`prelu.dz[${zv}]`),
    r.dalpha[i]!.toFixed(2),
    m(`prelu.dalpha[${zv}]`),
  ]);
  print(table(['z', '∂a/∂z', '', '∂a/∂α', ''], drows));
  print(
    '(the post prints ∂a/∂z as "1 for z > 0, α for z ≤ 0" and ∂a/∂α as "δ·z for z ≤ 0"; both agree, and at z = 0 both readings give 0 for ∂a/∂α)',
  );

  const { lr, before, grad: g, after } = r.step;
  print(`\nOne shared α, L = Σ PReLU(z): ∂L/∂α = ${g} (−3 − 1 + 0) ${m('prelu.dalpha.sum')}`);
  print(
    `One SGD step, η = ${lr}: α = ${before} → ${after}  (= ${before} − ${lr}·(${g}) = ${before - lr * g}) ${after === before - lr * g ? '✓' : '✗'}`,
  );

  const cite = ledger.he2015!;
  print(`\nCitation: "+1.2% top-1 vs ReLU, for ResNet" ${mark(cite)} — ${cite.note}. Not reproducible on a laptop; stated, not computed.`);
  print(`\nFigure: ${figures.prelu}`);
}
