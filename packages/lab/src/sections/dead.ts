/**
 * Section 6 — the dead unit: one hidden unit whose z < 0 for every input, after the inputs shift
 * (deadUnit). With ReLU its gradient is exactly 0 at every step and it never moves; with Leaky ReLU
 * the gradient is small but not 0, the bias creeps up, the unit fires and the loss falls. The reader
 * walks the steps one by one, or plays them.
 */
import { type DeadResult, type Ledger, deadLedger, deadUnit } from '@tapegrad/examples';
import { figure, widthOf } from '../chart.js';
import { button, el, num, slider, tableHtml } from '../dom.js';
import { fmt } from '../format.js';
import { onWidthChange } from '../state.js';

/** The example's α: the ledger's numbers are for it. */
const POST_ALPHA = 0.01;

/** Mounts the section into `root`. */
export function mountDead(root: HTMLElement): void {
  const alpha = slider({
    name: 'dead-alpha',
    label: 'α of Leaky ReLU',
    min: 0,
    max: 0.2,
    step: 0.005,
    value: POST_ALPHA,
    format: (v) => String(Number(v.toFixed(3))),
  });
  let r: DeadResult = deadUnit({ alpha: POST_ALPHA });
  const stepControl = slider({ name: 'dead-step', label: 'SGD step', min: 0, max: r.steps - 1, step: 1, value: 0 });
  let timer: number | undefined;
  const stop = () => {
    window.clearInterval(timer);
    timer = undefined;
  };
  const move = (by: number) => {
    stop();
    stepControl.set(Math.max(0, Math.min(r.steps - 1, stepControl.value() + by)));
  };
  const back = button('dead-prev', '◀ Step back', () => move(-1));
  const forward = button('dead-next', 'Step ▶', () => move(1));
  const play = button('dead-play', '▶ Play', () => {
    if (timer !== undefined) return stop();
    if (stepControl.value() >= r.steps - 1) stepControl.set(0);
    timer = window.setInterval(() => {
      if (stepControl.value() >= r.steps - 1) stop();
      else stepControl.set(stepControl.value() + 1);
    }, 60);
  });
  const summary = el('p');
  const now = el('div', { 'aria-live': 'polite' });
  const figs = el('div', { class: 'figures' });
  root.append(
    el('div', { class: 'controls' }, alpha.root, stepControl.root),
    el('div', { class: 'stepper' }, back, forward, play),
    summary,
    now,
    figs,
  );

  const renderStep = () => {
    const k = stepControl.value();
    const { relu, leaky } = r;
    const row = (name: string, key: string, t: DeadResult['relu']) => [
      name,
      `<span data-dead="${key}-grad">${num(t.gradB[k]!, fmt(t.gradB[k]!))}</span>${t.gradB[k] === 0 ? ' <span class="exact">exact</span>' : ''}`,
      `<span data-dead="${key}-loss">${num(t.loss[k]!, fmt(t.loss[k]!))}</span>`,
      `<span data-dead="${key}-fired">${num(t.fired[k]!, String(t.fired[k]))}</span> of 11`,
    ];
    const event =
      leaky.firstFire === k
        ? 'The Leaky ReLU unit fires for the first time at this step.'
        : leaky.firstFire !== null && k > leaky.firstFire
          ? 'The Leaky ReLU unit is alive again; the ReLU unit still is not.'
          : 'Both units are silent: z < 0 for every input.';
    now.innerHTML = `${tableHtml([`at step ${k}`, '∂L/∂b', 'loss', 'inputs with z > 0'], [row('ReLU', 'relu', relu), row('Leaky ReLU', 'leaky', leaky)])}<p>${event}</p>`;
    const width = widthOf(figs);
    const steps = relu.loss.map((_, s) => s);
    figs.innerHTML =
      figure({
        title: 'Loss per step after the inputs shift',
        xLabel: 'SGD step',
        yLabel: 'MSE loss',
        width,
        cursorX: k,
        tableEvery: 5,
        series: [
          { key: 'relu-loss', name: 'ReLU: no gradient, no change', x: steps, y: relu.loss },
          { key: 'leaky-loss', name: 'Leaky ReLU: the unit revives', x: steps, y: leaky.loss, dashed: true },
        ],
      }) +
      figure({
        title: '∂L/∂b of the hidden unit per step',
        xLabel: 'SGD step',
        yLabel: '∂L/∂b',
        width,
        cursorX: k,
        tableEvery: 5,
        series: [
          { key: 'relu-grad', name: 'ReLU: exactly 0 at every step', x: steps, y: relu.gradB },
          { key: 'leaky-grad', name: 'Leaky ReLU: small, not 0', x: steps, y: leaky.gradB, dashed: true },
        ],
      });
  };

  const renderRun = () => {
    const ledger: Ledger | undefined = alpha.value() === POST_ALPHA ? deadLedger(r) : undefined;
    const maxRelu = Math.max(...r.relu.gradB.map(Math.abs));
    const revives = r.leaky.firstFire ?? -1;
    summary.innerHTML =
      `One unit z = w·x + b with b = −3 died earlier (z < 0 for every x); the inputs shift to x ∈ [1.5, 2.5], target 2x − 2; ` +
      `SGD, lr ${fmt(r.lr)}, ${r.steps} steps. With ReLU the largest |∂L/∂b| over all steps is ` +
      `${num(maxRelu, fmt(maxRelu), ledger, ledger ? 'dead.relu.gradient' : null)}: it never recovers. With Leaky ReLU (α = ${fmt(alpha.value())}) ` +
      (revives >= 0
        ? `the unit first fires at step ${num(revives, String(revives), ledger, ledger ? 'dead.leaky.revives' : null)}.`
        : `the unit does not fire within ${r.steps} steps${alpha.value() === 0 ? ' (α = 0 is ReLU)' : ''}.`);
    renderStep();
  };

  alpha.onChange((a) => {
    stop();
    r = deadUnit({ alpha: a });
    renderRun();
  });
  stepControl.onChange(renderStep);
  onWidthChange(renderStep);
  renderRun();
}
