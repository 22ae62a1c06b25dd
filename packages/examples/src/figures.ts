/**
 * The examples' figures as data: each function turns an example's pure results into the plots it
 * draws (`Figure`: a file stem and `PlotOptions`). `plot` renders one as SVG; nothing here writes.
 */
import type { ChainResult } from './chain.js';
import type { DeadResult } from './dead.js';
import type { ForwardCurves } from './forward.js';
import type { ActivationCurves, LimitationsResult } from './limitations.js';
import type { Figure } from './plot.js';
import type { PreluCurves } from './prelu.js';
import type { Q2Result } from './questions.js';
import type { SensitivityResult } from './sensitivity.js';

/**
 * `leaky-relu`: ReLU, Leaky ReLU and LeakyReLU' on a grid.
 *
 * @example
 * plot(forwardFigure(forwardCurves()).plot); // '<svg …'
 */
export function forwardFigure(c: ForwardCurves): Figure {
  return {
    name: 'leaky-relu',
    plot: {
      title: "ReLU and Leaky ReLU (α = 0.01), with Leaky ReLU' by autograd",
      xLabel: 'z',
      yLabel: 'value',
      series: [
        { name: 'ReLU(z)', x: c.z, y: c.relu },
        { name: 'LeakyReLU(z)', x: c.z, y: c.leaky, dashed: true },
        { name: "LeakyReLU'(z): α below 0 (and at 0), 1 above", x: c.z, y: c.dleaky },
      ],
    },
  };
}

/**
 * `chain-delta`: δ per layer on a log scale (ReLU's zeros fall off it).
 *
 * @example
 * chainFigure(chainDeltas()).name; // 'chain-delta'
 */
export function chainFigure(c: ChainResult): Figure {
  const layers = c.leaky.delta.map((_, k) => k + 1);
  return {
    name: 'chain-delta',
    plot: {
      title: 'δ per layer, every z < 0 (log scale; ReLU is exactly 0 below layer 5)',
      xLabel: 'layer k',
      yLabel: 'δ_k = ∂a₅/∂a_k',
      logY: true,
      series: [
        { name: 'Leaky ReLU (α = 0.01)', x: layers, y: c.leaky.delta, style: 'line' },
        { name: 'ReLU: 0 (off the log scale) below the top', x: [c.layers], y: [c.relu.delta[c.layers - 1]!], style: 'points' },
      ],
    },
  };
}

/**
 * `prelu`: Table 2 as curves.
 *
 * @example
 * preluFigure(preluCurves()).plot.series.length; // 3
 */
export function preluFigure(c: PreluCurves): Figure {
  return {
    name: 'prelu',
    plot: {
      title: 'Table 2 as curves: Leaky ReLU (α = 0.01) and PReLU (α = 0.25, 0.5)',
      xLabel: 'z',
      yLabel: 'activation',
      series: [
        { name: 'LeakyReLU, α = 0.01', x: c.z, y: c.leaky },
        { name: 'PReLU, α = 0.25', x: c.z, y: c.prelu1 },
        { name: 'PReLU, α = 0.5', x: c.z, y: c.prelu2 },
      ],
    },
  };
}

/**
 * `sensitivity-loss`: the longer run's loss per epoch, one line per α.
 *
 * @example
 * sensitivityFigure(sensitivitySweep()).plot.series[0].x.length; // 3000
 */
export function sensitivityFigure(r: SensitivityResult): Figure {
  const curves = r.long.losses;
  return {
    name: 'sensitivity-loss',
    plot: {
      title: `Churn network: loss per epoch for each α (${r.long.epochs} epochs, loss on logits)`,
      legend: 'top-right',
      xLabel: 'epoch',
      yLabel: "loss (the post's expression)",
      series: r.alphas.map((alpha, i) => ({
        name: `α = ${alpha}`,
        x: curves[i]!.map((_, k) => k + 1),
        y: curves[i]!,
        dashed: i % 2 === 1,
      })),
    },
  };
}

/**
 * `activations` (Leaky ReLU, PReLU, ELU and their derivatives) and `linearity` (the score against α).
 *
 * @example
 * limitationsFigures(limitations(), activationCurves()).map((f) => f.name); // ['activations', 'linearity']
 */
export function limitationsFigures(r: LimitationsResult, c: ActivationCurves): Figure[] {
  return [
    {
      name: 'activations',
      plot: {
        title: 'Leaky ReLU, PReLU and ELU, with their derivatives by autograd',
        xLabel: 'z',
        yLabel: 'value',
        series: [
          { name: 'LeakyReLU(z), α = 0.01', x: c.z, y: c.leaky },
          { name: 'PReLU(z), α = 0.25', x: c.z, y: c.prelu },
          { name: 'ELU(z), α = 1', x: c.z, y: c.elu },
          { name: "LeakyReLU'(z)", x: c.z, y: c.dleaky, dashed: true },
          { name: "PReLU'(z)", x: c.z, y: c.dprelu, dashed: true },
          { name: "ELU'(z)", x: c.z, y: c.delu, dashed: true },
        ],
      },
    },
    {
      name: 'linearity',
      plot: {
        title: 'A 3-hidden-layer MLP becomes linear as α → 1',
        legend: 'top-right',
        xLabel: 'α (Leaky ReLU slope)',
        yLabel: 'nonlinearity score',
        series: [{ name: 'mean ‖J(x) − J̄‖ / ‖J̄‖', x: r.linearity.alphas, y: r.linearity.scores, style: 'line' }],
      },
    },
  ];
}

/**
 * `prelu-alpha`: Q2's learned α per channel, signal channels apart.
 *
 * @example
 * questionsFigure(q2()).name; // 'prelu-alpha'
 */
export function questionsFigure(r: Q2Result): Figure {
  const signal = new Set(r.signal);
  const channels = r.learned.map((_, c) => c);
  return {
    name: 'prelu-alpha',
    plot: {
      title: `Learned PReLU α per channel (${r.signal.length} of ${r.learned.length} carry negative-side signal)`,
      legend: 'middle-right',
      xLabel: 'channel',
      yLabel: 'learned α',
      series: [
        { name: 'signal channels', x: r.signal, y: r.signal.map((c) => r.learned[c]!), style: 'stems' },
        {
          name: 'other channels',
          x: channels.filter((c) => !signal.has(c)),
          y: r.learned.filter((_, c) => !signal.has(c)),
          style: 'stems',
        },
      ],
    },
  };
}

/**
 * `dead-unit`: the loss per step, ReLU against Leaky ReLU.
 *
 * @example
 * deadFigure(deadUnit()).plot.series.length; // 2
 */
export function deadFigure(r: DeadResult): Figure {
  const steps = r.relu.loss.map((_, k) => k);
  return {
    name: 'dead-unit',
    plot: {
      title: 'A dead unit after the inputs shift: loss per step',
      legend: 'middle-right',
      xLabel: 'SGD step',
      yLabel: 'MSE loss',
      series: [
        { name: 'ReLU: no gradient, no change', x: steps, y: r.relu.loss },
        { name: 'Leaky ReLU: small gradient, the unit revives', x: steps, y: r.leaky.loss, dashed: true },
      ],
    },
  };
}
