/** Example 4's terminal report: the post's table beside both readings, the notes checked, longer training. */
import { type Ledger, mark, table } from '../report.js';
import { AT, READINGS, type SensitivityResult, orderAt, spreadAt } from '../sensitivity.js';
import type { FigurePaths, Print } from './format.js';

const NOTES: Record<number, string> = {
  0.001: 'still nearly dead for large neg z',
  0.01: 'stable',
  0.1: 'stable',
  0.3: 'nearly linear — loses non-linearity',
};

/**
 * Prints the sweep: both readings' tables, why they differ, the notes column checked, the longer run.
 *
 * @example
 * const r = sensitivitySweep();
 * printSensitivity(r, sensitivityLedger(r), { 'sensitivity-loss': 'out/sensitivity-loss.svg' }, console.log);
 */
export function printSensitivity(r: SensitivityResult, ledger: Ledger, figures: FigurePaths, print: Print): void {
  for (const reading of READINGS) {
    print(
      reading === 'logits'
        ? "Reading 1 — loss on logits (gradient = (A2 − y)/n, the post's hand-derived one):"
        : '\nReading 2 — the loss exactly as written, + 1e-8 inside both logs, differentiated as written:',
    );
    const rows = r.alphas.map((alpha) => {
      const cells = AT.map((k) => {
        const rec = ledger[`sens.${reading}.loss@${k}[${alpha}]`]!;
        return `${(rec.value as number).toFixed(4)} (post ${typeof rec.post === 'number' ? rec.post.toFixed(4) : '—'} ${mark(rec) === '✓' ? '✓' : '✗'})`;
      });
      return [alpha.toFixed(3), ...cells, NOTES[alpha] ?? ''];
    });
    print(table(['α', 'Loss@10', 'Loss@50', 'Loss@200', "Notes (the post's)"], rows));
  }

  print(`\nThe two readings print the same 4-decimal table; they differ by at most ${r.maxDiff.toExponential(2)} over 200 epochs.`);
  print('Why: autograd differentiates what is written. d/dp log(p + 1e-8) = 1/(p + 1e-8), not 1/p, so the literal');
  print("loss's gradient is not exactly the hand-derived (A2 − y)/n that the post's NumPy code uses; the logits");
  print('reading is that gradient exactly, and follows the NumPy trajectory to the last bits.');
  print("\nEvery one of the 12 printed losses disagrees with what the post's own code computes (✗ above).");

  print(
    `\nThe notes column, checked: "α = 0.001 still nearly dead" — its Loss@200 differs from α = 0.01's by ${r.nearlyDeadGap.toExponential(2)};`,
  );
  print(`"α = 0.3 loses non-linearity" — the lowest Loss@200 of the four is α = ${r.lowestAlpha}'s. Neither note is borne out:`);
  print(
    `after 200 epochs the four losses lie within ${spreadAt(r.losses.logits, 200).toFixed(4)} of each other, still near log 2 = 0.6931 (chance).`,
  );
  const share = r.negativeShare;
  print(
    `Negative hidden pre-activations (the only place α acts): ${pct(share.before)} of them at the start, ${pct(share.after)} after 200 epochs (α = 0.01).`,
  );

  const { epochs: long, marks, losses: curves } = r.long;
  print(`\nLonger training (loss on logits, same lr), the loss before epoch k:`);
  print(
    table(
      ['α', ...marks.map((m) => `k = ${m}`)],
      r.alphas.map((alpha, i) => [String(alpha), ...marks.map((m) => curves[i]![m - 1]!.toFixed(4))]),
    ),
  );
  const spread = (m: number) => spreadAt(curves, m);
  print(
    `Spread across α: ${spread(200).toFixed(4)} at 200 epochs, ${spread(500).toFixed(4)} at 500, ${spread(long).toFixed(4)} at ${long}.`,
  );
  print(
    `Lowest to highest loss at ${long} epochs: α = ${orderAt(r.alphas, curves, long).join(', ')}. Here α sets the pace, not the outcome:`,
  );
  const worst = Math.max(...curves.map((c) => c[long - 1]!));
  print(
    `every α brings the loss below ${worst.toFixed(4)}; a larger α passes more gradient through the negative side and gets there sooner.`,
  );
  print(`\nFigure: ${figures['sensitivity-loss']}`);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
