/**
 * Section 2 — the tape: for the reader's z and activation, the tape that computed f(z) = Σ act(z)
 * (`tapeOf(f).toString()`), a walk through backward entry by entry showing what each step reads,
 * and the tape that backward itself records for f′(z) when asked to (`createGraph`).
 */
import { type Tensor, type TapeEntry, elu, gradients, leakyRelu, prelu, relu, sum, tapeOf, tensor } from '@tapegrad/core';
import { type Ledger, forwardLedger, forwardTable } from '@tapegrad/examples';
import { button, el, esc, freshId, num, slider } from '../dom.js';
import { fmt } from '../format.js';
import type { Signal } from '../state.js';

type Activation = 'leaky' | 'relu' | 'prelu' | 'elu';
const NAMES: Record<Activation, string> = { leaky: 'Leaky ReLU', relu: 'ReLU', prelu: 'PReLU', elu: 'ELU' };

/** One step of the backward walk: which tape lines it highlights and what it says. */
interface Step {
  /** The line of the entry whose rule runs (-1 for the seed). */
  entry: number;
  /** The lines whose saved values the rule reads. */
  reads: number[];
  /** What happens, as HTML. */
  text: string;
}

/** The forward tape, the walk backward takes through it, f(z), f′(z) and the tape of f′(z). */
interface Run {
  lines: string[];
  steps: Step[];
  f: number;
  df: number;
  dTape: string;
}

/** The first element of a tensor, for display (every tensor here has one element). */
const first = (t: Tensor) => t.data[0]!;

/** Builds f(z) = Σ act(z) on a one-element z, reads its tape, and walks backward through it. */
function run(act: Activation, zv: number, alpha: number): Run {
  const z = tensor([zv], { requiresGrad: true, name: 'z' });
  const weight = tensor([alpha], { requiresGrad: true, name: 'α' });
  const a = act === 'relu' ? relu(z) : act === 'leaky' ? leakyRelu(z, alpha) : act === 'prelu' ? prelu(z, weight) : elu(z, alpha);
  const f = sum(a);
  const tape = tapeOf(f);
  const lines = tape.toString().split('\n');
  // Lines are the leaves, then the entries in tape order: the same order as `values`.
  const values: Tensor[] = [...tape.leaves, ...tape.entries.map((e) => e.output!)];
  const names = lines.map((l) => l.split('=')[0]!.trim());
  const nameOf = (t: Tensor) => names[values.indexOf(t)] ?? '?';
  // ∂f/∂v for every value on the tape, by one backward pass that keeps the tape for the next.
  const grads = gradients(f, values, { retainGraph: true });
  const gradOf = (t: Tensor) => first(grads[values.indexOf(t)]!);

  const steps: Step[] = [
    {
      entry: lines.length - 1,
      reads: [],
      text: `Backward seeds ∂f/∂f = ${num(1, '1')} at the last entry, ${esc(nameOf(f))} = f.`,
    },
  ];
  const entries = tape.entries as readonly TapeEntry<Tensor>[];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    const out = e.output!;
    const line = tape.leaves.length + i;
    const saved = e.inputs.map((t) => `${esc(nameOf(t))} = ${num(first(t), fmt(first(t)))}`).join(', ');
    const attrs = e.attrs
      ? `, and its attributes (${Object.entries(e.attrs)
          .map(([k, v]) => `${esc(k)} = ${esc(Array.isArray(v) ? `[${v.join(',')}]` : String(v))}`)
          .join(', ')})`
      : '';
    const gives = e.inputs
      .filter((t) => t.requiresGrad)
      .map((t) => `∂f/∂${esc(nameOf(t))} = ${num(gradOf(t), fmt(gradOf(t)))}`)
      .join(', ');
    steps.push({
      entry: line,
      reads: e.inputs.map((t) => values.indexOf(t)),
      text:
        `Entry ${esc(nameOf(out))} = <code>${esc(e.op)}</code>: backward hands its rule the gradient arriving at ${esc(nameOf(out))}, ` +
        `∂f/∂${esc(nameOf(out))} = ${num(gradOf(out), fmt(gradOf(out)))}, the inputs the entry kept (${saved})${attrs}. ` +
        `The rule returns ${gives}.`,
    });
  }
  const [dz] = gradients(f, [z], { createGraph: true });
  return { lines, steps, f: first(f), df: first(grads[values.indexOf(z)]!), dTape: tapeOf(dz!).toString() };
}

/** Mounts the section into `root`; it follows the α of the activations section. */
export function mountTape(root: HTMLElement, alpha: Signal<number>): void {
  const zControl = slider({ name: 'z', label: 'z (the input)', min: -3, max: 3, step: 0.25, value: -1 });
  const selectId = freshId('activation');
  const select = el(
    'select',
    { id: selectId, 'data-control': 'activation' },
    ...(Object.keys(NAMES) as Activation[]).map((k) => el('option', { value: k }, NAMES[k])),
  );
  const actControl = el('div', { class: 'control' }, el('label', { for: selectId }, 'Activation'), select);
  const values = el('p', { class: 'values', 'aria-live': 'polite' });
  const tapeView = el('ol', { class: 'tape', 'aria-label': 'The tape of f(z), one entry per line' });
  const stepText = el('p', { class: 'step-text', 'aria-live': 'polite' });
  const stepCount = el('span', { class: 'step-count' });
  let step = 0;
  let current: Run | null = null;
  const prev = button('tape-prev', '◀ Previous step', () => show(step - 1));
  const next = button('tape-next', 'Next step ▶', () => show(step + 1));
  const dTape = el('pre', { class: 'tape-text', 'data-tape': 'derivative' });
  const dCaption = el('p');
  root.append(
    el('div', { class: 'controls' }, zControl.root, actControl),
    values,
    el('h3', {}, 'The tape of f(z) = Σ act(z), and backward walking it'),
    tapeView,
    el('div', { class: 'stepper' }, prev, next, stepCount),
    stepText,
    el('h3', {}, 'The tape backward records for f′(z)'),
    dCaption,
    dTape,
  );

  const t1 = forwardTable();
  const ledger: Ledger = forwardLedger(t1);

  /** Highlights step `k` of the walk: the entry whose rule runs and the saved values it reads. */
  function show(k: number): void {
    if (!current) return;
    step = Math.max(0, Math.min(current.steps.length - 1, k));
    const s = current.steps[step]!;
    tapeView.querySelectorAll('li').forEach((li, i) => {
      li.classList.toggle('now', i === s.entry);
      li.classList.toggle('reads', s.reads.includes(i));
    });
    stepText.innerHTML = s.text;
    stepCount.textContent = `step ${step + 1} of ${current.steps.length}`;
    prev.disabled = step === 0;
    next.disabled = step === current.steps.length - 1;
  }

  const render = () => {
    const act = select.value as Activation;
    const zv = zControl.value();
    const a = alpha.get();
    current = run(act, zv, a);
    // LeakyReLU'(−1) at the default α is the ledger's `grad.z=-1`.
    const id = act === 'leaky' && zv === -1 && a === t1.alpha ? 'grad.z=-1' : null;
    values.innerHTML =
      `${NAMES[act]}${act === 'relu' ? '' : ` with α = ${fmt(a)} (the slider above)`}, at z = ${fmt(zv)}: ` +
      `f(z) = <span data-quantity="f">${num(current.f, fmt(current.f))}</span>, ` +
      `f′(z) = <span data-quantity="df">${num(current.df, fmt(current.df), ledger, id)}</span> by backward.`;
    tapeView.innerHTML = current.lines.map((l) => `<li><code>${esc(l)}</code></li>`).join('');
    dCaption.textContent =
      'backward({ createGraph: true }) records what it runs: the rule of the activation is an op of its own, ' +
      'and the plain backward() above runs the same op. x0 is the gradient that arrives (here 1, from sum).';
    dTape.textContent = current.dTape;
    show(step);
  };
  zControl.onChange(render);
  select.addEventListener('change', render);
  alpha.subscribe(render);
  render();
}
