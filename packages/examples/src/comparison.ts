/**
 * Example 5 — Side-by-side comparison: the post's table, with every cell that is a number read off
 * the modules or measured. Parameter counts come from `numParameters()`; the gradient at z < 0
 * from backward; the compute cost from timing forward and forward + backward on the same input
 * (medians of repeated runs, each as a ratio to ReLU's).
 */
import { type Tensor, gradients, sum, tensor } from '@tapegrad/core';
import { LeakyReLU, PReLU, ReLU } from '@tapegrad/nn';
import { type Report, table } from './report.js';

export const name = 'comparison';
export const summary = 'The side-by-side table: parameters from the modules, the gradient at z < 0 by autograd, compute cost measured';

export interface ComparisonOptions {
  /** Measure the compute cost (default true). The test suite skips it: timings are not assertions. */
  timing?: boolean;
  /** Elements in the timed input (default 10⁶) and repetitions per median (default 21). */
  size?: number;
  repeats?: number;
}

export function run(report: Report, print: (s: string) => void, options: ComparisonOptions = {}): void {
  const channels = 64;
  const layers = { ReLU: new ReLU(), 'Leaky ReLU': new LeakyReLU(), PReLU: new PReLU({ numParameters: channels }) };
  const params = Object.values(layers).map((m) => m.numParameters());
  report.add('cmp.params.relu', params[0]!, 0, { digits: 0 });
  report.add('cmp.params.leaky', params[1]!, 0, { digits: 0 });
  report.add('cmp.params.prelu', params[2]!, null, {
    status: 'ok',
    note: `PReLU({ numParameters: ${channels} }) has ${params[2]}: 1 per channel`,
  });

  // The gradient that flows back through z = −1, by backward through each layer.
  const slope = Object.values(layers).map((m) => {
    const z = tensor([[-1, ...new Array<number>(channels - 1).fill(-1)]], { requiresGrad: true });
    return gradients(sum(m.forward(z) as Tensor), [z])[0]!.data[0]!;
  });

  const cost = options.timing === false ? null : measure(options.size ?? 1_000_000, options.repeats ?? 21);
  const ratio = (k: number, which: 'forward' | 'backward') => (cost ? `${(cost[which][k]! / cost[which][0]!).toFixed(2)}×` : 'skipped');
  if (cost) {
    ['relu', 'leaky', 'prelu'].forEach((id, k) => {
      report.add(`cmp.cost.${id}.forward`, cost.forward[k]! / cost.forward[0]!, null, {
        status: 'claim',
        note: "forward time as a ratio to ReLU's",
      });
      report.add(`cmp.cost.${id}.forwardBackward`, cost.backward[k]! / cost.backward[0]!, null, {
        status: 'claim',
        note: "forward + backward time as a ratio to ReLU's",
      });
    });
  }
  report.add('cmp.cost', cost ? 'measured' : 'skipped', 'Fastest / +1 multiply / +backprop through α', { status: 'claim' });

  print(
    table(
      ['Property', 'ReLU', 'Leaky ReLU', 'PReLU'],
      [
        ['Dead neurons', slope[0] === 0 ? 'Yes (gradient 0 at z < 0)' : 'No', slope[1] !== 0 ? 'No' : 'Yes', slope[2] !== 0 ? 'No' : 'Yes'],
        ['Extra parameters', String(params[0]), String(params[1]), `${params[2]} (${channels} channels: 1 per channel)`],
        ['Gradient at z = −1 (autograd)', String(slope[0]), `${slope[1]} (α fixed)`, `${slope[2]} (α learned, init 0.25)`],
        ['Compute cost, forward', '1.00× (reference)', ratio(1, 'forward'), ratio(2, 'forward')],
        ['Compute cost, fwd + bwd', '1.00× (reference)', ratio(1, 'backward'), ratio(2, 'backward')],
        ['When to use (the post)', 'Default start', 'Dead ReLU observed', 'Large datasets, can tune'],
      ],
    ),
  );
  if (cost) {
    print(
      `\nMedians of ${cost.repeats} runs on ${cost.size.toLocaleString('en')} elements, [${cost.size / channels}, ${channels}], one process, after warm-up:`,
    );
    print(
      `forward ${cost.forward.map((t) => `${t.toFixed(2)} ms`).join(' / ')}; forward + backward ${cost.backward.map((t) => `${t.toFixed(2)} ms`).join(' / ')} (ReLU / Leaky ReLU / PReLU).`,
    );
    print('The post says "Fastest / +1 multiply / +backprop through α": PReLU\'s backward also sums z·δ per channel for ∂L/∂α.');
  } else {
    print('\n(compute cost not measured in this run)');
  }
}

interface Cost {
  forward: number[];
  backward: number[];
  size: number;
  repeats: number;
}

/** Median forward and forward + backward times of the three layers on one input. */
function measure(size: number, repeats: number): Cost {
  const channels = 64;
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.sin(i * 12.9898) * 2; // both signs, no pattern the layers care about
  const layers = [new ReLU(), new LeakyReLU(), new PReLU({ numParameters: channels })];
  const x = tensor(data).reshape([size / channels, channels]);
  const xg = x.detach();
  xg.requiresGrad = true;
  const runs = layers.map((layer) => ({
    forward: () => void layer.forward(x),
    backward: () => {
      layer.zeroGrad();
      xg.grad = null;
      sum(layer.forward(xg)).backward();
    },
  }));
  // Round-robin: each repetition times every layer once, so that a slow moment of a shared machine
  // falls on all three alike; then the median per layer.
  const times = runs.map(() => ({ forward: [] as number[], backward: [] as number[] }));
  for (let r = -3; r < repeats; r++) {
    runs.forEach((run, k) => {
      for (const which of ['forward', 'backward'] as const) {
        const t0 = performance.now();
        run[which]();
        if (r >= 0) times[k]![which].push(performance.now() - t0); // r < 0: warm-up
      }
    });
  }
  const median = (ts: number[]) => [...ts].sort((a, b) => a - b)[ts.length >> 1]!;
  const forward = times.map((t) => median(t.forward));
  const backward = times.map((t) => median(t.backward));
  return { forward, backward, size, repeats };
}
