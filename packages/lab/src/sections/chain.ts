/**
 * Section 3 — the 5-layer chain: δ per layer for ReLU and Leaky ReLU with every z < 0
 * (chainDeltas), on a log scale where ReLU's exact zeros cannot sit, so they are drawn under it.
 */
import { type ChainResult, type Ledger, chainDeltas, chainLedger } from '@tapegrad/examples';
import { figure, widthOf } from '../chart.js';
import { el, num, slider, tableHtml, versusPost } from '../dom.js';
import { fmt } from '../format.js';
import { onWidthChange } from '../state.js';

/** The post's chain: α = 0.01, five layers (w = 0.1 is chainDeltas' default). */
const POST = { alpha: 0.01, layers: 5 };

/**
 * The ledger id of Leaky ReLU's δ at `layer` (1-based) in the post's chain: one, two and three hops
 * below the top are the post's δ₃, δ₂, δ₁ (chainLedger's convention), four hops is layer 1.
 */
const leakyId = (layer: number, layers: number): string | null =>
  ({ 1: 'chain.d3', 2: 'chain.d2', 3: 'chain.d1', 4: 'chain.d1.fourHops' })[layers - layer] ?? null;

/** Mounts the section into `root`. */
export function mountChain(root: HTMLElement): void {
  const alpha = slider({
    name: 'chain-alpha',
    label: 'α of Leaky ReLU',
    min: 0,
    max: 1,
    step: 0.01,
    value: POST.alpha,
    presets: [0.01, 0.25],
  });
  const depth = slider({ name: 'depth', label: 'Depth (layers)', min: 2, max: 12, step: 1, value: POST.layers });
  const summary = el('p', { 'aria-live': 'polite' });
  const fig = el('div');
  const table = el('div');
  root.append(el('div', { class: 'controls' }, alpha.root, depth.root), summary, fig, table);

  const render = () => {
    const c = chainDeltas({ alpha: alpha.value(), layers: depth.value() });
    const atPost = c.alpha === POST.alpha && c.layers === POST.layers;
    const ledger = atPost ? chainLedger(c) : undefined;
    summary.innerHTML = summaryHtml(c, ledger);
    const layers = c.leaky.delta.map((_, k) => k + 1);
    const zeros = layers.filter((k) => c.relu.delta[k - 1] === 0);
    const leakyZeros = layers.filter((k) => c.leaky.delta[k - 1] === 0);
    fig.innerHTML = figure({
      title: `δ per layer, every z < 0 (log scale; exact zeros drawn under the axis)`,
      xLabel: 'layer k',
      yLabel: `δ_k = ∂a${c.layers}/∂a_k`,
      tableX: 'layer',
      logY: true,
      width: widthOf(fig),
      series: [
        { key: 'leaky', name: `Leaky ReLU (α = ${fmt(c.alpha)})`, x: layers, y: c.leaky.delta, style: 'line+points' },
        { key: 'relu', name: 'ReLU', x: layers, y: c.relu.delta.map((d) => (d === 0 ? Number.NaN : d)), style: 'points' },
      ],
      zeros: {
        key: 'zeros',
        name: `exactly 0: ReLU at layers ${fmtLayers(zeros)}${leakyZeros.length ? `; Leaky ReLU at ${fmtLayers(leakyZeros)}` : ''}`,
        x: [...new Set([...zeros, ...leakyZeros])],
      },
    });
    const rows = layers.map((k) => {
      const reluD = c.relu.delta[k - 1]!;
      const leakyD = c.leaky.delta[k - 1]!;
      const exact = ' <span class="exact">exact</span>';
      const reluCell =
        reluD !== 0
          ? num(reluD, fmt(reluD))
          : k === 1 && ledger
            ? versusPost(reluD, fmt(reluD), 'chain.relu', '0', ledger) + exact
            : num(0, '0') + exact;
      const id = atPost ? leakyId(k, c.layers) : null;
      const leakyCell =
        id && ledger && ledger[id]!.post !== null
          ? versusPost(leakyD, fmt(leakyD), id, fmt(ledger[id]!.post as number), ledger)
          : num(leakyD, fmt(leakyD), ledger, id);
      return [
        String(k),
        String(c.layers - k),
        num(c.relu.z[k - 1]!, fmt(c.relu.z[k - 1]!)),
        reluCell,
        num(c.leaky.z[k - 1]!, fmt(c.leaky.z[k - 1]!)),
        leakyCell,
      ];
    });
    table.innerHTML = tableHtml(['layer k', 'hops below the top', 'z (ReLU)', 'δ ReLU', 'z (Leaky ReLU)', 'δ Leaky ReLU'], rows);
  };
  alpha.onChange(render);
  depth.onChange(render);
  onWidthChange(render);
  render();
}

/** "1–4" or "1, 3". */
function fmtLayers(ks: readonly number[]): string {
  if (ks.length === 0) return 'none';
  const contiguous = ks.every((k, i) => i === 0 || k === ks[i - 1]! + 1);
  return contiguous && ks.length > 2 ? `${ks[0]}–${ks.at(-1)}` : ks.join(', ');
}

function summaryHtml(c: ChainResult, ledger: Ledger | undefined): string {
  const factor = ledger ? versusPost(c.factor, fmt(c.factor), 'chain.factor', '0.001', ledger) : num(c.factor, fmt(c.factor));
  return (
    `A chain of ${c.layers} one-unit layers a_k = act(w·a_(k−1) + b), w = ${fmt(c.weight)}, b = −0.1, input −1: every z is negative. ` +
    `δ = 1 at the top layer (${c.layers}); one backward pass gives δ at every layer. Each hop down multiplies δ by w·act′(z): ` +
    `0 for ReLU, w·α = ${factor} for Leaky ReLU. ` +
    `<span class="note">The post seeds δ = 1 one layer lower and calls one, two, three hops below it δ₃, δ₂, δ₁ (a convention); ` +
    'its ReLU line counts four hops, which is layer 1 here.</span>'
  );
}
