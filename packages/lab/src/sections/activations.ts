/**
 * Section 1 — the activations: ReLU, Leaky ReLU, PReLU and ELU at the reader's α, their derivatives
 * by backward on a grid (activationCurves), the kink at z = 0, and the post's Tables 1 and 2 beside
 * ours (forwardTable, preluExample and their ledgers).
 */
import {
  ANCHORS,
  type Ledger,
  activationCurves,
  forwardLedger,
  forwardTable,
  limitations,
  limitationsLedger,
  preluExample,
  preluLedger,
} from '@tapegrad/examples';
import { figure, widthOf } from '../chart.js';
import { el, num, slider, tableHtml, versusPost } from '../dom.js';
import { fixed, fmt, zLabel } from '../format.js';
import { type Signal, measured, onWidthChange } from '../state.js';

/** Leaky ReLU's and PReLU's α as the slider writes it. */
const alphaText = (v: number) => String(Number(v.toFixed(3)));

/**
 * Mounts the section into `root`. `alpha` is the α the reader picks here; the tape section follows
 * it. Every change of α is one `lab:alpha-redraw` measure (this section and its followers).
 */
export function mountActivations(root: HTMLElement, alpha: Signal<number>): void {
  const control = slider({
    name: 'alpha',
    label: 'α (the slope below 0)',
    min: 0,
    max: 1,
    step: 0.01,
    value: alpha.get(),
    presets: [0.01, 0.25],
    format: alphaText,
  });
  control.onChange((v) => measured('alpha-redraw', () => alpha.set(v)));

  const figures = el('div', { class: 'figures' });
  const kink = el('div', { class: 'kink', 'aria-live': 'polite' });
  const tables = el('div');
  root.append(control.root, figures, kink, tables);

  const t1 = forwardTable();
  const l1 = forwardLedger(t1);
  const p = preluExample();
  const l2 = preluLedger(p);
  const lim = limitationsLedger(limitations());
  tables.innerHTML = table1(t1.z, l1) + table2(p.z, l2);

  const render = () => {
    const a = alpha.get();
    const c = activationCurves({ leakyAlpha: a, preluAlpha: a, eluAlpha: a });
    const width = widthOf(figures);
    const at0 = activationCurves({ leakyAlpha: a, preluAlpha: a, eluAlpha: a, z: [0] });
    figures.innerHTML =
      figure({
        title: `The activations at α = ${alphaText(a)}`,
        xLabel: 'z',
        yLabel: 'a(z)',
        width,
        tableEvery: 5,
        series: [
          { key: 'relu', name: 'ReLU(z)', x: c.z, y: c.relu },
          { key: 'leaky', name: `LeakyReLU(z), α = ${alphaText(a)}`, x: c.z, y: c.leaky },
          { key: 'prelu', name: `PReLU(z), α = ${alphaText(a)} (its value now)`, x: c.z, y: c.prelu, dashed: true },
          { key: 'elu', name: `ELU(z), α = ${alphaText(a)}`, x: c.z, y: c.elu },
        ],
      }) +
      figure({
        title: 'Their derivatives, by backward() on the grid',
        xLabel: 'z',
        yLabel: "a'(z)",
        width,
        tableEvery: 5,
        series: [
          { key: 'drelu', name: "ReLU'(z)", x: c.z, y: c.drelu },
          { key: 'dleaky', name: "LeakyReLU'(z)", x: c.z, y: c.dleaky },
          { key: 'dprelu', name: "PReLU'(z) = ∂a/∂z", x: c.z, y: c.dprelu, dashed: true },
          { key: 'delu', name: "ELU'(z)", x: c.z, y: c.delu },
        ],
      });
    const v = (k: 'drelu' | 'dleaky' | 'dprelu' | 'delu') => num(at0[k][0]!, fmt(at0[k][0]!));
    kink.innerHTML =
      `<p><strong>The kink at z = 0.</strong> Backward at exactly z = 0 gives ReLU′(0) = ${v('drelu')}, ` +
      `LeakyReLU′(0) = ${v('dleaky')}, PReLU′(0) = ${v('dprelu')}, ELU′(0) = ${v('delu')}: ` +
      'each derivative tests z > 0, so the kink takes the slope below it (α; 0 for ReLU), the post’s footnote and PyTorch’s convention. ' +
      'ELU′ is α·eᶻ below 0, which meets α at 0⁻.</p>' +
      `<p>One-sided differences at 0 for the post’s α = 0.01: slope ${num(rec(lim, 'lim.kink.left'), fmt(rec(lim, 'lim.kink.left')), lim, 'lim.kink.left')} ` +
      `from the left, ${num(rec(lim, 'lim.kink.right'), fmt(rec(lim, 'lim.kink.right')), lim, 'lim.kink.right')} from the right: ` +
      'the derivative jumps from α to 1, which is the post’s “honest limitation”.</p>';
  };
  alpha.subscribe(render);
  onWidthChange(render);
  render();
}

/** A ledger value known to be a number. */
function rec(ledger: Ledger, id: string): number {
  return ledger[id]!.value as number;
}

/** Table 1: ReLU, Leaky ReLU (α = 0.01) and its derivative at the anchors, ours beside the post's. */
function table1(z: readonly number[], l: Ledger): string {
  const cell = (id: string, digits: number) => {
    const r = l[id]!;
    return versusPost(r.value as number, fixed(r.value as number, digits), id, r.post === null ? null : fixed(r.post as number, digits), l);
  };
  const rows = z.map((zv) => [
    zLabel(zv),
    cell(`t1.relu[${zv}]`, 4),
    cell(`t1.leaky[${zv}]`, 4),
    cell(`t1.dleaky[${zv}]`, 2) + (zv === 0 ? '*' : ''),
  ]);
  const a = l['alpha.default']!;
  return (
    `<h3>Table 1: Leaky ReLU with its default α = ${num(a.value as number, String(a.value), l, 'alpha.default')}</h3>` +
    tableHtml(['z', 'ReLU(z)', 'LeakyReLU(z, α=0.01)', "LeakyReLU'(z) by backward"], rows) +
    `<p class="note">* At z = 0 the post sets the gradient to α “in practice”; backward gives α there too. ` +
    `Anchors: ${ANCHORS.map(zLabel).join(', ')}.</p>`
  );
}

/** Table 2: Leaky ReLU (α = 0.01) and PReLU at α = 0.25 and 0.5, ours beside the post's. */
function table2(z: readonly number[], l: Ledger): string {
  const cell = (id: string, digits: number) => {
    const r = l[id]!;
    return versusPost(r.value as number, fixed(r.value as number, digits), id, r.post === null ? null : fixed(r.post as number, digits), l);
  };
  const rows = z.map((zv) => [zLabel(zv), cell(`t2.leaky[${zv}]`, 4), cell(`t2.prelu25[${zv}]`, 3), cell(`t2.prelu50[${zv}]`, 3)]);
  return `<h3>Table 2: Leaky ReLU and PReLU</h3>${tableHtml(['z', 'LeakyReLU(α=0.01)', 'PReLU(α=0.25)', 'PReLU(α=0.5)'], rows)}`;
}
